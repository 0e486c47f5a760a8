/**
 * The text-intelligence pieces other pages embed (issue 7, docs/TEXT.md): a highlighted snippet rendered without
 * HTML, the classification suggestion at registration, the hotspots card of the dashboard, the reply quality check.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, textApi, type HotTopic, type Hotspot, type PetitionRef, type ReplyCheck as ReplyCheckResult, type Suggestion } from '../api.ts';
import { useI18n } from '../i18n.tsx';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/**
 * The server's snippet is escaped text with <mark>…</mark> around the matches: only those two tags become elements,
 * everything else is shown as text (never innerHTML), so a petition's own "<script>" stays visible text.
 */
export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  return (
    <span data-testid="snippet">
      {parts.map((p, i) => {
        if (p === '<mark>') { marked = true; return null; }
        if (p === '</mark>') { marked = false; return null; }
        if (!p) return null;
        return marked ? <mark key={i}>{unescape(p)}</mark> : <Fragment key={i}>{unescape(p)}</Fragment>;
      })}
    </span>
  );
}

export interface CodeOpt { value: string; label: string; children?: CodeOpt[] }
/** a Cascader's options from rows with a parent code, and the path of codes down to one code */
export function codeTree<T extends { code: string; name: string; parentCode: string | null }>(rows: T[], rootParent: string | null): CodeOpt[] {
  const by = new Map<string | null, T[]>();
  for (const r of rows) by.set(r.parentCode, [...(by.get(r.parentCode) ?? []), r]);
  const build = (p: string | null): CodeOpt[] => (by.get(p) ?? []).map((r) => {
    const children = build(r.code);
    return { value: r.code, label: r.name, ...(children.length ? { children } : {}) };
  });
  return build(rootParent);
}
export function codePath(rows: { code: string; parentCode: string | null }[], code: string | undefined, rootParent: string | null): string[] | undefined {
  if (!code) return undefined;
  const parent = new Map(rows.map((r) => [r.code, r.parentCode]));
  const path: string[] = [];
  for (let c: string | null | undefined = code; c && c !== rootParent && path.length < 10; c = parent.get(c)) path.unshift(c);
  return path;
}

const pct = (p: number) => Math.round(p * 100);

/** set once a suggestion came back in this browser: from then on suggestions follow the typing without a click */
const AUTO_KEY = 'fq.classify.auto';

/**
 * 智能分类建议: the first-level category and responsible unit the trained model suggests for the typed text, with
 * confidence and the words behind it; a click accepts the category into the form. 409 (no model) → a quiet hint.
 * The first suggestion is asked for with a button (the API has no "is a model trained" query, and an untrained
 * server answers every request 409); once one came back, later ones follow the typing (debounced) automatically.
 */
export function ClassifySuggestion({ text, acceptedCategory, onAcceptCategory, onItems }: {
  text: string; acceptedCategory?: string; onAcceptCategory: (s: Suggestion) => void; onItems?: (items: Suggestion[] | null) => void;
}) {
  const { t } = useI18n();
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [noModel, setNoModel] = useState(false);
  const [loading, setLoading] = useState(false);
  const [auto, setAuto] = useState(() => localStorage.getItem(AUTO_KEY) === '1');
  const [asked, setAsked] = useState(false);
  const trimmed = text.trim();
  const long = Array.from(trimmed).length >= 4;
  const enabled = auto || asked;
  // the parent's callback, read when an answer arrives (a new function each render must not refetch)
  const itemsRef = useRef(onItems);
  useEffect(() => { itemsRef.current = onItems; });
  useEffect(() => {
    if (!long) { setItems(null); itemsRef.current?.(null); return; }
    if (!enabled) return;
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      textApi.classify(trimmed.slice(0, 20000)).then((r) => {
        if (!live) return;
        setLoading(false); setItems(r.items); setNoModel(false); itemsRef.current?.(r.items);
        localStorage.setItem(AUTO_KEY, '1'); setAuto(true);
      }, (e: unknown) => {
        if (!live) return;
        setLoading(false); setItems(null); itemsRef.current?.(null);
        const none = e instanceof ApiError && e.status === 409;
        setNoModel(none);
        // no model: ask no more until the user clicks again
        if (none) { localStorage.removeItem(AUTO_KEY); setAuto(false); }
        setAsked(false);
      });
    }, 500);
    return () => { live = false; clearTimeout(timer); setLoading(false); };
  }, [trimmed, long, enabled]);
  return (
    <Card size="small" title={t('classify.title')} data-testid="classify" style={{ marginTop: 16 }} extra={loading ? <Spin size="small" /> : null}>
      {!items && !noModel && <Typography.Text type="secondary">{t('classify.hint')}</Typography.Text>}
      {noModel && <Typography.Text type="secondary" data-testid="classify-no-model">{t('classify.noModel')}</Typography.Text>}
      {!auto && !items && !loading && <div style={{ marginTop: 8 }}>
        <Button size="small" disabled={!long} onClick={() => setAsked(true)} data-testid="classify-run">{t('classify.run')}</Button>
      </div>}
      {items?.map((s) => (
        <div key={s.target} data-testid={`classify-${s.target}`} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Typography.Text strong>{s.target === 'category' ? t('classify.category') : t('classify.unit')}：</Typography.Text>
            <Tag color="blue" data-testid={`classify-${s.target}-name`}>{s.name}</Tag>
            <Typography.Text type="secondary">{t('classify.confidence', { p: pct(s.confidence) })}</Typography.Text>
            {s.target === 'category' && (acceptedCategory === s.label
              ? <Tag color="green">{t('classify.accepted')}</Tag>
              : <Button size="small" type="primary" data-testid="classify-accept" onClick={() => onAcceptCategory(s)}>{t('classify.accept')}</Button>)}
          </Space>
          {s.words.length > 0 && <div><Typography.Text type="secondary">{t('classify.words')}：</Typography.Text>{s.words.map((w) => <Tag key={w}>{w}</Tag>)}</div>}
          {s.alternatives.length > 0 && <div><Typography.Text type="secondary">{t('classify.alternatives')}：{s.alternatives.map((a) => `${a.name} ${pct(a.p)}%`).join('、')}</Typography.Text></div>}
          {s.target === 'unit' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('classify.unitNote')}</Typography.Text>}
        </div>
      ))}
    </Card>
  );
}

/** The first petitions behind a hotspot, each opening its matter (a petition's matter is one look-up away). */
function PetitionLinks({ petitions, testId, onError }: { petitions: PetitionRef[]; testId: string; onError: (message: string) => void }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const open = async (id: number) => {
    try { void nav(`/matters/${(await api<{ matterId: number }>(`/petitions/${id}`)).matterId}`); } catch (e) { onError(e instanceof Error ? e.message : t('common.error')); }
  };
  return (
    <div>
      {petitions.slice(0, 5).map((p) => (
        <Tooltip key={p.id} title={`${p.code} · ${dayjs(p.receivedAt).format('YYYY-MM-DD')}`}>
          <a style={{ marginRight: 12 }} data-testid={testId} onClick={() => void open(p.id)}>{p.title}</a>
        </Tooltip>
      ))}
    </div>
  );
}

/** 热点问题: (region, category) groups rising in the period, each with its count, top words and the petitions behind it. */
export function HotspotsCard({ from, to, names }: { from: string; to: string; names: Record<string, string> }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Hotspot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    textApi.hotspots(from, to, 10).then((r) => { setItems(r.items); setError(null); }, (e: unknown) => setError(e instanceof Error ? e.message : t('common.error')));
  }, [from, to, t]);
  const searchLink = (h: Hotspot, q: string) => {
    const p = new URLSearchParams({ q, from, to });
    if (h.regionCode) p.set('regionCode', h.regionCode);
    if (h.categoryCode) p.set('categoryCode', h.categoryCode);
    return `/search?${p.toString()}`;
  };
  return (
    <Card title={`${t('hot.title')}（${from} ~ ${to}）`} data-testid="hotspots" style={{ marginBottom: 16 }}>
      {error && <Alert type="warning" message={error} />}
      {!items && !error && <Spin />}
      {items && items.length === 0 && <Empty description={t('hot.none')} />}
      {items && items.length > 0 && <List size="small" dataSource={items} renderItem={(h, i) => (
        <List.Item data-testid="hotspot" key={i}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{i + 1}. {(h.regionCode && names[h.regionCode]) ?? h.regionCode ?? '—'} · {(h.categoryCode && names[h.categoryCode]) ?? h.categoryCode ?? '—'}</Typography.Text>
              <Tag color="red" data-testid="hotspot-count">{t('hot.count', { n: h.count })}</Tag>
              <Typography.Text type="secondary">{t('hot.previous', { n: h.previous })}</Typography.Text>
            </Space>
            <div>
              <Typography.Text type="secondary">{t('hot.terms')}：</Typography.Text>
              {h.terms.slice(0, 6).map((w) => <Link key={w} to={searchLink(h, w)} data-testid="hotspot-term"><Tag style={{ cursor: 'pointer' }}>{w}</Tag></Link>)}
            </div>
            <PetitionLinks petitions={h.petitions} testId="hotspot-petition" onError={setError} />
          </Space>
        </List.Item>
      )} />}
    </Card>
  );
}

/** 热点问题 by topic: petitions of the period about one place and problem, hottest first, with the petitions behind each. */
export function TopicsCard({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<HotTopic[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    textApi.topics(from, to, 8).then((r) => { setItems(r.items); setError(null); }, (e: unknown) => setError(e instanceof Error ? e.message : t('common.error')));
  }, [from, to, t]);
  return (
    <Card title={`${t('topic.title')}（${from} ~ ${to}）`} data-testid="topics" style={{ marginBottom: 16 }}>
      {error && <Alert type="warning" message={error} />}
      {!items && !error && <Spin />}
      {items && items.length === 0 && <Empty description={t('topic.none')} />}
      {items && items.length > 0 && <List size="small" dataSource={items} renderItem={(h, i) => (
        <List.Item data-testid="topic" key={i}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong data-testid="topic-label">{i + 1}. {h.label}</Typography.Text>
              <Tag color="red">{t('hot.count', { n: h.size })}</Tag>
              <Typography.Text type="secondary">{t('topic.users', { n: h.users })} · {dayjs(h.from).format('MM-DD')} ~ {dayjs(h.to).format('MM-DD')}</Typography.Text>
            </Space>
            <div>
              {h.keywords.slice(0, 5).map((w) => <Link key={w} to={`/search?${new URLSearchParams({ q: w, from, to }).toString()}`} data-testid="topic-term"><Tag style={{ cursor: 'pointer' }}>{w}</Tag></Link>)}
            </div>
            <PetitionLinks petitions={h.petitions} testId="topic-petition" onError={setError} />
          </Space>
        </List.Item>
      )} />}
    </Card>
  );
}

/** 答复质量检查: the flags (Chinese labels from the server) for a draft reply before it is sent. */
export function ReplyCheck({ matterId, text }: { matterId: number; text: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<ReplyCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { setResult(null); }, [text]);
  const run = async () => {
    if (!text.trim()) { setError(t('reply.needText')); return; }
    setBusy(true); setError(null);
    try { setResult(await textApi.replyCheck(matterId, text.trim())); } catch (e) { setError(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  return (
    <div data-testid="reply-check" style={{ marginBottom: 12 }}>
      <Button onClick={() => void run()} loading={busy} data-testid="reply-check-run">{t('reply.check')}</Button>
      {error && <Alert type="warning" showIcon message={error} style={{ marginTop: 8 }} data-testid="reply-check-error" />}
      {result && (result.flags.length === 0
        ? <Alert type="success" showIcon message={t('reply.ok')} style={{ marginTop: 8 }} data-testid="reply-check-ok" />
        : <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('reply.flags')} description={
          <>
            <ul style={{ margin: 0, paddingLeft: 20 }}>{result.flags.map((f) => <li key={f.code} data-testid="reply-flag" data-code={f.code}>{f.label}</li>)}</ul>
            <Typography.Text type="secondary">{t('reply.coverage', { p: pct(result.coverage) })}{result.matched.length ? `；${t('reply.matched')}：${result.matched.join('、')}` : ''}</Typography.Text>
          </>} />)}
    </div>
  );
}
