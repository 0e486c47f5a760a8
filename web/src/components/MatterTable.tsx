import { Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { MatterSummary } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { shanghaiToday } from './DeadlineLights.tsx';

export default function MatterTable(props: {
  items: MatterSummary[]; total?: number; totalEstimated?: boolean; page?: number; pageSize?: number; loading?: boolean; onPage?: (page: number, size: number) => void;
}) {
  const { t, tk } = useI18n();
  const today = shanghaiToday();
  return (
    <Table<MatterSummary> rowKey="id" size="middle" loading={props.loading} dataSource={props.items}
      pagination={props.onPage ? { current: props.page, pageSize: props.pageSize, total: props.total, showSizeChanger: true, onChange: props.onPage, showTotal: (n) => t(props.totalEstimated ? 'matters.totalEstimated' : 'matters.total', { n }) } : false}
      columns={[
        { title: t('col.code'), dataIndex: 'code', render: (c: string, r) => <Link to={`/matters/${r.id}`}>{c}</Link> },
        { title: t('col.title'), dataIndex: 'title', ellipsis: true },
        { title: t('col.status'), dataIndex: 'status', render: (s: string) => <Tag>{tk('status', s)}</Tag> },
        { title: t('col.unit'), dataIndex: 'unitName' },
        { title: t('col.channel'), dataIndex: 'channel', render: (c: string) => tk('channel', c) },
        { title: t('col.received'), dataIndex: 'receivedAt', render: (s: string) => new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
        { title: t('col.nextDue'), dataIndex: 'nextDue', render: (d: string | null) => d ? <Tag color={d < today ? 'red' : d === today ? 'orange' : undefined}>{d}</Tag> : '—' },
      ]} />
  );
}
