import { Badge, Table } from 'antd';
import type { Deadline } from '../api.ts';
import { useI18n } from '../i18n.tsx';

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** red when late; yellow when under a third of the time is left; green otherwise (issue 3). */
export function light(d: Deadline, today: string): 'green' | 'yellow' | 'red' {
  if (today > d.due) return 'red';
  const total = Math.max(1, days(d.start.slice(0, 10), d.due));
  const left = days(today, d.due);
  return left < total / 3 ? 'yellow' : 'green';
}

/** today in Asia/Shanghai */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export default function DeadlineLights({ deadlines }: { deadlines: Record<string, Deadline> }) {
  const { t, tk } = useI18n();
  const today = shanghaiToday();
  const rows = Object.entries(deadlines).map(([name, d]) => ({ name, ...d, light: light(d, today) }));
  const color = { green: 'success', yellow: 'warning', red: 'error' } as const;
  return (
    <Table size="small" pagination={false} rowKey="name" dataSource={rows} columns={[
      { title: t('matter.deadlines'), dataIndex: 'name', render: (n: string) => tk('deadline', n) },
      { title: t('matter.due'), dataIndex: 'due' },
      { title: '', dataIndex: 'light', render: (l: 'green' | 'yellow' | 'red', r) => (
        <span data-testid={`light-${r.name}`} data-light={l}><Badge status={color[l]} text={r.paused ? t('matter.paused') : t(`light.${l}`)} /></span>) },
      { title: '', dataIndex: 'basis', render: (b: string) => <span style={{ color: '#888', fontSize: 12 }}>{b}</span> },
    ]} />
  );
}
