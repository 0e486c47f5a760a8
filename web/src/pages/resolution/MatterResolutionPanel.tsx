import { useEffect, useState } from 'react';
import { Card, Descriptions, Tag } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt } from './RecordForm.tsx';

interface Panel {
  hearings: { id: number; kind: string; status: string; scheduledFor: string; conclusion: string | null; stoppedPetitioning: boolean | null; clockPaused: boolean }[];
  mediations: { id: number; mediator: string; status: string; closeNote: string | null }[];
  callbacks: { id: number; status: string; satisfaction: string | null }[];
  jointHandlings: { id: number; units: { unitId: number; unitName: string | null; role: string; status: string }[] }[];
  socialWork: { id: number; at: string; personTimes: number; resolved: boolean }[];
  legalActivities: { id: number; kind: string; title: string }[];
  clues: { id: number; status: string; recipient: string | null }[];
}

/** The matter page's 多元化解 panel (GET /matters/{id}/resolution): renders nothing when no mechanism touched the matter.
 * Mount it on the matter page with `<MatterResolutionPanel matterId={matter.id} />`. */
export default function MatterResolutionPanel({ matterId }: { matterId: number }) {
  const { t, tk } = useI18n();
  const [p, setP] = useState<Panel | null>(null);
  useEffect(() => { api<Panel>(`/matters/${matterId}/resolution`).then(setP, () => setP(null)); }, [matterId]);
  if (!p) return null;
  const rows = [
    p.hearings.length > 0 && { key: 'h', label: t('res.tab.hearings'), children: p.hearings.map((h) => <div key={h.id}>{tk('hearingKind', h.kind)} {fmt(h.scheduledFor)} <Tag>{tk('rstatus', h.status)}</Tag>{h.stoppedPetitioning !== null && <Tag color={h.stoppedPetitioning ? 'green' : 'default'}>{h.stoppedPetitioning ? t('res.stopped') : t('res.notStopped')}</Tag>}{h.conclusion}</div>) },
    p.mediations.length > 0 && { key: 'm', label: t('res.tab.mediation'), children: p.mediations.map((m) => <div key={m.id}>{m.mediator} <Tag>{tk('rstatus', m.status)}</Tag>{m.closeNote}</div>) },
    p.callbacks.length > 0 && { key: 'c', label: t('res.tab.callbacks'), children: p.callbacks.map((c) => <Tag key={c.id}>{tk('rstatus', c.status)}{c.satisfaction ? ` · ${tk('result', c.satisfaction)}` : ''}</Tag>) },
    p.jointHandlings.length > 0 && { key: 'j', label: t('res.tab.joint'), children: p.jointHandlings.flatMap((j) => j.units.map((u) => <Tag key={`${j.id}-${u.unitId}`} color={u.role === 'lead' ? 'red' : 'default'}>{u.unitName} · {tk('rstatus', u.status)}</Tag>)) },
    p.socialWork.length > 0 && { key: 's', label: t('res.batch'), children: p.socialWork.map((s) => <div key={s.id}>{fmt(s.at)} {s.personTimes} {t('res.personTimes')}{s.resolved && <Tag color="green">{t('res.resolved')}</Tag>}</div>) },
    p.legalActivities.length > 0 && { key: 'l', label: t('res.tab.legal'), children: p.legalActivities.map((l) => <div key={l.id}>{tk('activity', l.kind)}：{l.title}</div>) },
    p.clues.length > 0 && { key: 'x', label: t('res.tab.clues'), children: p.clues.map((c) => <Tag key={c.id} color="red">{tk('rstatus', c.status)}{c.recipient ? ` · ${c.recipient}` : ''}</Tag>) },
  ].flatMap((r) => (r ? [r] : []));
  if (!rows.length) return null;
  return <Card size="small" title={t('nav.resolution')} data-testid="matter-resolution"><Descriptions column={1} size="small" items={rows} /></Card>;
}
