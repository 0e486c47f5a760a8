import { useEffect, useState } from 'react';
import { App, Button, Card, Input, InputNumber, Space, Table, Tabs, Typography } from 'antd';
import { api, type Unit } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import UsersTab, { type UserRow } from './admin/UsersTab.tsx';
import UnitsTab from './admin/UnitsTab.tsx';
import CategoriesTab, { type AdminCategory } from './admin/CategoriesTab.tsx';

interface Limits { maxExtensionDays: number; rules: { name: string; unit: string; days: number; basis: string }[] }

/** 系统管理: users and roles, units, the category dictionary (edited), the time limits (read), the holiday schedule (enter a year). */
export default function Admin() {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [cats, setCats] = useState<AdminCategory[]>([]);
  const [years, setYears] = useState<number[]>([]);
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [days, setDays] = useState('');
  const [limits, setLimits] = useState<Limits | null>(null);
  const loadYears = () => api<{ years: number[] }>('/calendar/years').then((y) => setYears(y.years), () => undefined);
  const loadUsers = () => api<UserRow[]>('/workbench/users').then(setUsers, () => undefined);
  const loadUnits = () => api<Unit[]>('/units').then(setUnits, () => undefined);
  const loadCats = () => api<AdminCategory[]>('/admin/categories').then(setCats, () => undefined);
  useEffect(() => {
    void loadUsers();
    void loadUnits();
    void loadCats();
    api<Limits>('/workbench/limits').then(setLimits, () => undefined);
    void loadYears();
  }, []);
  const saveYear = async () => {
    const parsed = days.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => { const [date, kind, ...name] = l.split(/\s+/); return { date: date ?? '', kind: kind === 'work' ? 'work' : 'rest', ...(name.length ? { name: name.join(' ') } : {}) }; });
    try { await api(`/calendar/years/${year}`, { method: 'PUT', body: { days: parsed } }); message.success(t('admin.saved')); void loadYears(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); }
  };
  return (
    <Card title={t('nav.admin')}>
      <Tabs items={[
        { key: 'users', label: t('admin.users'), children: <UsersTab users={users} units={units} reload={() => void loadUsers()} /> },
        { key: 'units', label: t('admin.units'), children: <UnitsTab units={units} reload={() => void loadUnits()} /> },
        { key: 'cats', label: t('admin.categories'), children: <CategoriesTab cats={cats} reload={() => void loadCats()} /> },
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
