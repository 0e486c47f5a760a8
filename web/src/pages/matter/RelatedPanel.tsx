import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, hasRole, session, textApi, type RelatedPetition } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

const STATUS_COLOR: Record<string, string> = { suggested: 'gold', confirmed: 'green', rejected: 'default' };

/**
 * 关联信访件 (issue 7): for each petition of the matter, the earlier/other petitions of the same person or the same
 * matter, with the reasons the server gives (Chinese labels), the score and the link's status. Registrars and
 * handlers confirm or reject a link; a 403 from the server hides the buttons, a 403/404 on reading hides the panel.
 */
export default function RelatedPanel({ petitions }: { petitions: { id: number; code: string }[] }) {
  const { t, tk, lang } = useI18n();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Record<number, RelatedPetition[]>>({});
  const [hidden, setHidden] = useState(false);
  const [canDecide, setCanDecide] = useState(() => hasRole(session.user(), 'registrar', 'handler'));
  const [busy, setBusy] = useState<string | null>(null);
  const ids = petitions.map((p) => p.id).join(',');
  const load = useCallback(async () => {
    const out: Record<number, RelatedPetition[]> = {};
    for (const id of ids ? ids.split(',').map(Number) : []) {
      try { out[id] = (await textApi.related(id)).items; } catch (e) {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) { setHidden(true); return; }
        throw e;
      }
    }
    setRows(out);
  }, [ids]);
  useEffect(() => { load().catch((e: unknown) => message.error(e instanceof Error ? e.message : t('common.error'))); }, [load, message, t]);
  if (hidden || petitions.length === 0) return null;
  const decide = async (petitionId: number, r: RelatedPetition, decision: 'confirmed' | 'rejected') => {
    setBusy(`${petitionId}-${r.petitionId}`);
    try {
      const updated = await textApi.decide(petitionId, r.petitionId, decision);
      setRows((m) => ({ ...m, [petitionId]: (m[petitionId] ?? []).map((x) => (x.petitionId === r.petitionId ? { ...x, ...updated } : x)) }));
      message.success(t(decision === 'confirmed' ? 'related.confirmed' : 'related.rejected'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) { setCanDecide(false); message.warning(t('related.noRight')); } else message.error(e instanceof Error ? e.message : t('common.error'));
    } finally { setBusy(null); }
  };
  const total = Object.values(rows).reduce((s, l) => s + l.length, 0);
  return (
    <Card title={t('related.title')} size="small" data-testid="related">
      {total === 0 && <Typography.Text type="secondary" data-testid="related-none">{t('related.none')}</Typography.Text>}
      {petitions.filter((p) => (rows[p.id] ?? []).length > 0).map((p) => (
        <div key={p.id} style={{ marginBottom: 12 }}>
          {petitions.length > 1 && <Typography.Text strong>{t('related.of', { code: p.code })}</Typography.Text>}
          <Table size="small" rowKey="petitionId" pagination={false} dataSource={rows[p.id]} onRow={() => ({ 'data-testid': 'related-row' }) as Record<string, string>} columns={[
            { title: t('col.code'), dataIndex: 'petitionCode', render: (c: string, r: RelatedPetition) => <Link to={`/matters/${r.matterId}`}>{c}</Link> },
            { title: t('col.title'), dataIndex: 'title' },
            { title: t('col.received'), dataIndex: 'receivedAt', render: (v: string) => new Date(v).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) },
            { title: t('related.score'), dataIndex: 'score', render: (s: number) => `${Math.round(s * 100)}%` },
            { title: t('related.reasons'), dataIndex: 'reasons', render: (rs: RelatedPetition['reasons']) => <Space size={[0, 4]} wrap>{rs.map((x) => <Tag key={x.code}>{x.label}</Tag>)}</Space> },
            { title: t('related.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]} data-testid="related-status" data-status={s}>{tk('relStatus', s)}</Tag> },
            ...(canDecide ? [{ title: '', key: 'act', render: (_: unknown, r: RelatedPetition) => (
              <Space>
                {r.status !== 'confirmed' && <Button size="small" type="primary" loading={busy === `${p.id}-${r.petitionId}`} data-testid="related-confirm" onClick={() => void decide(p.id, r, 'confirmed')}>{t('related.confirm')}</Button>}
                {r.status !== 'rejected' && <Button size="small" loading={busy === `${p.id}-${r.petitionId}`} data-testid="related-reject" onClick={() => void decide(p.id, r, 'rejected')}>{t('related.reject')}</Button>}
              </Space>) }] : []),
          ]} />
        </div>
      ))}
    </Card>
  );
}
