import { useEffect, useState } from 'react';
import { App, Button, Card, Input, InputNumber, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { api, type Category, type Unit } from '../api.ts';
import { useI18n } from '../i18n.tsx';

interface Limits { maxExtensionDays: number; rules: { name: string; unit: string; days: number; basis: string }[] }
interface UserRow { id: number; username: string; name: string; unitId: number; roles: string[]; disabled: boolean }
interface Node { key: string; title: string; children: Node[] }
const toTree = (rows: Category[]): Node[] => {
  const nodes = new Map(rows.map((c) => [c.code, { key: c.code, title: `${c.code} ${c.name}`, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const c of rows) (c.parentCode ? nodes.get(c.parentCode)?.children ?? roots : roots).push(nodes.get(c.code)!);
  return roots;
};

/** 系统管理: users and roles, units, the category dictionary (read), the holiday schedule (enter a year). */
export default function Admin() {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [cats, setCats] = useState<Category[]>([]);
  const [years, setYears] = useState<number[]>([]);
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [days, setDays] = useState('');
  const [limits, setLimits] = useState<Limits | null>(null);
  const loadYears = () => api<{ years: number[] }>('/calendar/years').then((y) => setYears(y.years), () => undefined);
  useEffect(() => {
    api<UserRow[]>('/workbench/users').then(setUsers, () => undefined);
    api<Unit[]>('/units').then(setUnits, () => undefined);
    api<Category[]>('/categories').then(setCats, () => undefined);
    api<Limits>('/workbench/limits').then(setLimits, () => undefined);
    void loadYears();
  }, []);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const saveYear = async () => {
    const parsed = days.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => { const [date, kind, ...name] = l.split(/\s+/); return { date: date ?? '', kind: kind === 'work' ? 'work' : 'rest', ...(name.length ? { name: name.join(' ') } : {}) }; });
    try { await api(`/calendar/years/${year}`, { method: 'PUT', body: { days: parsed } }); message.success(t('admin.saved')); void loadYears(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); }
  };
  return (
    <Card title={t('nav.admin')}>
      <Tabs items={[
        { key: 'users', label: t('admin.users'), children: <Table size="small" rowKey="id" dataSource={users} columns={[
          { title: t('admin.username'), dataIndex: 'username' }, { title: t('admin.name'), dataIndex: 'name' },
          { title: t('col.unit'), dataIndex: 'unitId', render: (id: number) => unitName.get(id) ?? id },
          { title: t('admin.roles'), dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{x}</Tag>) },
        ]} /> },
        { key: 'units', label: t('admin.units'), children: <Table size="small" rowKey="id" dataSource={units} columns={[
          { title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.name'), dataIndex: 'name' }, { title: t('admin.kind'), dataIndex: 'kind' }, { title: t('admin.region'), dataIndex: 'regionCode' },
        ]} /> },
        { key: 'cats', label: t('admin.categories'), children: <Tree treeData={toTree(cats)} /> },
        { key: 'limits', label: t('admin.limits'), children: (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Table size="small" rowKey="name" pagination={false} dataSource={limits?.rules ?? []} columns={[
              { title: t('matter.deadlines'), dataIndex: 'name', render: (n: string) => tk('deadline', n === 'route' ? 'accept' : n) + (n === 'route' ? ` (${t('admin.routeLimit')})` : '') },
              { title: t('admin.limitDays'), key: 'd', render: (_: unknown, r: Limits['rules'][number]) => `${r.days} ${t(r.unit === 'workingDays' ? 'admin.workingDays' : 'admin.calendarDays')}` },
              { title: t('admin.basis'), dataIndex: 'basis' },
            ]} />
            <Typography.Text>{t('admin.maxExtension', { n: limits?.maxExtensionDays ?? '…' })}</Typography.Text>
            <Typography.Text type="secondary">{t('admin.limitsNote')}</Typography.Text>
          </Space>) },
        { key: 'cal', label: t('admin.calendar'), children: (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('admin.knownYears')}：{years.join('、')}</Typography.Text>
            <Space><span>{t('admin.year')}</span><InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} /></Space>
            <Input.TextArea rows={8} value={days} onChange={(e) => setDays(e.target.value)} placeholder={`${t('admin.days')}\n${year}-01-01 rest 元旦`} />
            <Button type="primary" onClick={() => void saveYear()}>{t('admin.enterYear')}</Button>
          </Space>) },
      ]} />
    </Card>
  );
}
