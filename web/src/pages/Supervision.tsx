import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, qs, session, type MatterSummary, type Unit } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import SupervisionItems, { IssueSupervision, type SupervisionItem } from './supervision/SupervisionItems.tsx';

/**
 * 督办 (issue 3 §5): the overdue matters across the units in scope, each with 催办 / 督办单 from its row; the
 * supervision items issued and received, answered by the supervised unit.
 */
export default function Supervision() {
  const { t, tk } = useI18n();
  const [overdue, setOverdue] = useState<{ items: MatterSummary[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<SupervisionItem[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [loading, setLoading] = useState(true);
  const [issuing, setIssuing] = useState<{ matter: MatterSummary; kind: string } | null>(null);
  const me = session.user();
  const loadItems = useCallback(() => api<SupervisionItem[]>('/supervision').then(setItems, () => undefined), []);
  useEffect(() => {
    setLoading(true);
    api<{ items: MatterSummary[]; total: number }>(`/matters${qs({ overdue: true, q, page, pageSize: 20 })}`).then(setOverdue, () => undefined).finally(() => setLoading(false));
  }, [page, q]);
  useEffect(() => { void loadItems(); api<Unit[]>('/units').then(setUnits, () => undefined); }, [loadItems]);
  const open = items.filter((s) => s.kind !== 'reminder' && !s.answeredAt);
  const byMatter = new Map<number, SupervisionItem[]>();
  for (const s of items) byMatter.set(s.matterId, [...(byMatter.get(s.matterId) ?? []), s]);
  return (
    <Card title={t('nav.supervision')} data-testid="supervision">
      <Tabs items={[
        { key: 'overdue', label: `${t('sup.overdue')} (${overdue.total})`, children: (<>
          <Input.Search allowClear placeholder={t('matters.search')} style={{ width: 320, marginBottom: 12 }} onSearch={(v) => { setQ(v.trim()); setPage(1); }} data-testid="overdue-search" />
          <Table<MatterSummary> size="small" rowKey="id" loading={loading} dataSource={overdue.items} data-testid="overdue-list"
            pagination={{ current: page, pageSize: 20, total: overdue.total, onChange: setPage, showSizeChanger: false }} columns={[
              { title: t('col.code'), dataIndex: 'code', render: (c: string, r) => <Link to={`/matters/${r.id}`}>{c}</Link> },
              { title: t('col.title'), dataIndex: 'title', ellipsis: true },
              { title: t('col.status'), dataIndex: 'status', render: (s: string) => <Tag>{tk('status', s)}</Tag> },
              { title: t('col.unit'), dataIndex: 'unitName' },
              { title: t('col.nextDue'), dataIndex: 'nextDue', render: (d: string | null) => <Tag color="red">{d ?? '—'}</Tag> },
              { title: t('sup.issuedSoFar'), key: 'so', render: (_: unknown, r) => (byMatter.get(r.id) ?? []).map((s) => <Tag key={s.id}>{tk('supKind', s.kind)}</Tag>) },
              { title: '', key: 'act', render: (_: unknown, r) => r.unitId === me?.unitId ? <Typography.Text type="secondary">{t('sup.ownUnit')}</Typography.Text> : (
                <Space>
                  <Button size="small" data-testid={`remind-${r.id}`} onClick={() => setIssuing({ matter: r, kind: 'reminder' })}>{tk('supKind', 'reminder')}</Button>
                  <Button size="small" type="primary" danger data-testid={`order-${r.id}`} onClick={() => setIssuing({ matter: r, kind: 'order' })}>{tk('supKind', 'order')}</Button>
                </Space>) },
            ]} /></>) },
        { key: 'items', label: `${t('sup.items')} (${open.length}/${items.length})`, children: <SupervisionItems items={items} units={units} onChanged={() => void loadItems()} /> },
      ]} />
      {issuing && <IssueSupervision matterId={issuing.matter.id} kind={issuing.kind} replied={issuing.matter.status === 'replied'}
        onCancel={() => setIssuing(null)} onDone={() => { setIssuing(null); void loadItems(); }} />}
    </Card>
  );
}
