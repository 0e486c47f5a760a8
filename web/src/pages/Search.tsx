import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Cascader, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { api, textApi, type Category, type Region, type SearchQuery, type SearchResult } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { codePath, codeTree, Snippet } from './TextWidgets.tsx';

const PAGE_SIZE = 20;
const REGION_ROOT = '440600';

/**
 * 全文检索 (issue 7): words over petitions and replies, with filters; the query lives in the address (?q=&from=…), so
 * a result list can be linked (the dashboard's hotspots do) and the back button returns to it.
 */
export default function Search() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [categories, setCategories] = useState<Category[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [emptyHint, setEmptyHint] = useState(false);
  useEffect(() => { setDraft(q); }, [q]);
  useEffect(() => {
    api<Category[]>('/categories').then(setCategories, () => undefined);
    api<Region[]>('/workbench/regions').then(setRegions, () => undefined);
  }, []);
  const query: SearchQuery = useMemo(() => ({
    q, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, regionCode: params.get('regionCode') ?? undefined,
    categoryCode: params.get('categoryCode') ?? undefined, kind: (params.get('kind') as SearchQuery['kind']) ?? undefined,
    sort: (params.get('sort') as SearchQuery['sort']) ?? 'relevance', page: Number(params.get('page') ?? 1) || 1, pageSize: PAGE_SIZE,
  }), [params, q]);
  useEffect(() => {
    if (!query.q.trim()) { setResult(null); return; }
    let live = true;
    setLoading(true); setError(null);
    textApi.search({ ...query, q: query.q.trim() }).then((r) => { if (live) setResult(r); }, (e: unknown) => { if (live) { setResult(null); setError(e instanceof Error ? e.message : t('common.error')); } })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [query, t]);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const submit = (value: string) => {
    if (!value.trim()) { setEmptyHint(true); setResult(null); set({ q: undefined }); return; }
    setEmptyHint(false);
    set({ q: value.trim() });
  };
  const regionOpts = useMemo(() => codeTree(regions, REGION_ROOT), [regions]);
  const categoryOpts = useMemo(() => codeTree(categories, null), [categories]);
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' });
  const range = query.from && query.to ? [dayjs(query.from), dayjs(query.to)] as const : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="search-page">
      <Card title={t('search.title')}>
        <Input.Search value={draft} onChange={(e) => { setDraft(e.target.value); if (e.target.value.trim()) setEmptyHint(false); }} onSearch={submit} enterButton={t('search.submit')}
          placeholder={t('search.placeholder')} maxLength={200} size="large" allowClear data-testid="search-q" />
        {emptyHint && <Alert type="info" showIcon message={t('search.empty')} style={{ marginTop: 8 }} data-testid="search-empty" />}
        <Form layout="inline" style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item label={t('search.period')}>
            <DatePicker.RangePicker value={range ? [range[0], range[1]] : null} data-testid="search-range"
              onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })} />
          </Form.Item>
          <Form.Item label={t('search.region')}>
            <Cascader options={regionOpts} changeOnSelect showSearch style={{ width: 220 }} data-testid="search-region"
              value={codePath(regions, query.regionCode, REGION_ROOT)} onChange={(v) => set({ regionCode: (v as string[] | undefined)?.at(-1) })} />
          </Form.Item>
          <Form.Item label={t('search.category')}>
            <Cascader options={categoryOpts} changeOnSelect showSearch style={{ width: 220 }} data-testid="search-category"
              value={codePath(categories, query.categoryCode, null)} onChange={(v) => set({ categoryCode: (v as string[] | undefined)?.at(-1) })} />
          </Form.Item>
          <Form.Item label={t('search.kind')}>
            <Select style={{ width: 160 }} value={query.kind ?? ''} data-testid="search-kind" onChange={(v: string) => set({ kind: v || undefined })} options={[
              { value: '', label: t('search.kindAll') }, { value: 'petition', label: t('search.kindPetition') }, { value: 'event', label: t('search.kindEvent') }]} />
          </Form.Item>
          <Form.Item label={t('search.sort')}>
            <Select style={{ width: 160 }} value={query.sort} data-testid="search-sort" onChange={(v: string) => set({ sort: v })} options={[
              { value: 'relevance', label: t('search.relevance') }, { value: 'newest', label: t('search.newest') }]} />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('search.hint')}</Typography.Paragraph>
      </Card>
      {error && <Alert type="error" showIcon message={error} data-testid="search-error" />}
      {(result || loading) && (
        <Card title={result && <span data-testid="search-total">{t(result.totalEstimated ? 'search.totalEstimated' : 'search.total', { n: result.total.toLocaleString() })}</span>}>
          <List loading={loading} itemLayout="vertical" dataSource={result?.items ?? []} locale={{ emptyText: t('search.none') }} data-testid="search-results"
            pagination={result && result.total > PAGE_SIZE ? {
              current: query.page, pageSize: PAGE_SIZE, total: result.total, showSizeChanger: false,
              onChange: (p) => { set({ page: String(p) }); window.scrollTo({ top: 0 }); },
            } : false}
            renderItem={(h) => (
              <List.Item key={h.docId} data-testid="search-hit">
                <Space wrap>
                  <Link to={`/matters/${h.matterId}`} data-testid="hit-matter">{h.matterCode}</Link>
                  <Tag color={h.kind === 'petition' ? 'blue' : 'purple'}>{t(h.kind === 'petition' ? 'kind.petition' : 'kind.event')}</Tag>
                  <Typography.Text strong>{h.title}</Typography.Text>
                  <Typography.Text type="secondary">{fmt(h.receivedAt)}</Typography.Text>
                </Space>
                <div style={{ marginTop: 4 }}><Snippet html={h.snippet} /></div>
              </List.Item>
            )} />
        </Card>
      )}
    </Space>
  );
}
