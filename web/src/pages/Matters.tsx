import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api, download, qs, type MatterSummary } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import MatterTable from '../components/MatterTable.tsx';

const STATUSES = ['registered', 'routed', 'accepted', 'declined', 'replied', 'underReview', 'reviewed', 'underReReview', 'terminated', 'closed'];
const CHANNELS = ['letter', 'visit', 'online', 'phone', 'video', 'hotline'];
const KEYS = ['status', 'unitId', 'q', 'from', 'to', 'channel', 'categoryCode', 'regionCode', 'overdue'] as const;

/** The matter list: every filter lives in the URL, so a dashboard number links to exactly the list behind it. */
export default function Matters() {
  const { t, tk } = useI18n();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<{ items: MatterSummary[]; total: number; totalEstimated?: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const filter = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined]));
  const query = qs({ ...filter, page, pageSize });
  useEffect(() => {
    setLoading(true);
    api<{ items: MatterSummary[]; total: number; totalEstimated?: boolean }>(`/matters${query}`).then((d) => { setData(d); setError(null); }, (e: Error) => setError(e.message)).finally(() => setLoading(false));
  }, [query]);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return (
    <Card title={t('nav.matters')} extra={<Button data-testid="export" onClick={() => void download(`/matters/export.xlsx${qs(filter)}`, 'matters.xlsx')}>{t('matters.export')}</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('matters.search')} defaultValue={filter.q} onSearch={(v) => set({ q: v || undefined })} style={{ width: 260 }} data-testid="search" />
        <Select allowClear placeholder={t('filter.status')} value={filter.status} style={{ width: 140 }} onChange={(v?: string) => set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: tk('status', s) }))} />
        <Select allowClear placeholder={t('filter.channel')} value={filter.channel} style={{ width: 120 }} onChange={(v?: string) => set({ channel: v })}
          options={CHANNELS.map((s) => ({ value: s, label: tk('channel', s) }))} />
        <DatePicker.RangePicker value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })} />
        <Checkbox checked={filter.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}>{t('matters.overdueOnly')}</Checkbox>
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} />}
      <MatterTable items={data?.items ?? []} total={data?.total} totalEstimated={data?.totalEstimated} page={page} pageSize={pageSize} loading={loading}
        onPage={(p, s) => set({ page: String(p), pageSize: String(s) })} />
    </Card>
  );
}
