import { lazy, Suspense, useEffect, useState } from 'react';
import { Card, Col, Row, Spin, Statistic, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { api, hasRole, session } from '../../api.ts';
import { useI18n, type MsgKey } from '../../i18n.tsx';

const TABS: { key: string; label: MsgKey; roles: string[]; el: ReturnType<typeof lazy> }[] = [
  { key: 'legal', label: 'res.tab.legal', roles: ['lawyer', 'registrar', 'handler', 'leader', 'supervisor'], el: lazy(() => import('./LegalOffice.tsx')) },
  { key: 'social', label: 'res.tab.social', roles: ['registrar', 'handler', 'leader', 'supervisor'], el: lazy(() => import('./SocialWork.tsx')) },
  { key: 'callbacks', label: 'res.tab.callbacks', roles: ['evaluator', 'handler', 'leader', 'supervisor'], el: lazy(() => import('./Callbacks.tsx')) },
  { key: 'hearings', label: 'res.tab.hearings', roles: ['handler', 'leader', 'supervisor'], el: lazy(() => import('./Hearings.tsx')) },
  { key: 'mediation', label: 'res.tab.mediation', roles: ['handler', 'lawyer', 'leader', 'supervisor'], el: lazy(() => import('./Mediation.tsx')) },
  { key: 'clues', label: 'res.tab.clues', roles: ['handler', 'leader', 'supervisor'], el: lazy(() => import('./Clues.tsx')) },
  { key: 'joint', label: 'res.tab.joint', roles: ['handler', 'leader', 'supervisor'], el: lazy(() => import('./Joint.tsx')) },
];

interface Rate { rate: number | null }
interface Figures {
  legalOffice: { visitors: number; diverted: number; opinionLetters: number };
  socialWork: { batches: number; personTimes: number; soothed: number; resolved: number };
  volunteers: { active: number };
  callbacks: { validRate: Rate; satisfaction: Rate; suggestions: number };
  hearings: { held: number; ended: number; endedRate: Rate };
  mediation: { referred: number; fulfilled: number };
}
const pct = (r: Rate) => (r.rate === null ? '—' : `${r.rate.toFixed(2)}%`);

/** 多元化解: the report's figures for this year, and one tab per mechanism the user's roles may use. */
export default function Resolution() {
  const { t } = useI18n();
  const nav = useNavigate();
  const { tab } = useParams();
  const user = session.user();
  const tabs = TABS.filter((x) => hasRole(user, ...x.roles));
  const active = tabs.find((x) => x.key === tab)?.key ?? tabs[0]?.key;
  const [f, setF] = useState<Figures | null>(null);
  useEffect(() => {
    const y = new Date().getFullYear();
    api<Figures>(`/stats/resolution?from=${y}-01-01&to=${y}-12-31`).then(setF, () => setF(null));
  }, []);
  return (
    <Card title={t('nav.resolution')} data-testid="resolution">
      {f && <Card size="small" title={t('res.figures')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={3}><Statistic title={t('res.tab.legal')} value={f.legalOffice.visitors} suffix={`/ ${t('res.diverted')} ${f.legalOffice.diverted}`} /></Col>
          <Col span={4}><Statistic title={t('res.batch')} value={f.socialWork.batches} suffix={`/ ${f.socialWork.personTimes} ${t('res.personTimes')}`} /></Col>
          <Col span={3}><Statistic title={t('res.volunteers')} value={f.volunteers.active} /></Col>
          <Col span={4}><Statistic title={t('res.validRate')} value={pct(f.callbacks.validRate)} /></Col>
          <Col span={3}><Statistic title={t('res.satisfaction')} value={pct(f.callbacks.satisfaction)} /></Col>
          <Col span={4}><Statistic title={t('res.tab.hearings')} value={f.hearings.held} suffix={`/ ${t('res.stopped')} ${pct(f.hearings.endedRate)}`} /></Col>
          <Col span={3}><Statistic title={t('res.tab.mediation')} value={f.mediation.referred} suffix={`/ ${f.mediation.fulfilled}`} /></Col>
        </Row>
      </Card>}
      <Tabs activeKey={active} onChange={(k) => void nav(`/resolution/${k}`)} destroyOnHidden items={tabs.map((x) => ({
        key: x.key, label: t(x.label), children: <Suspense fallback={<Spin />}><x.el /></Suspense>,
      }))} />
    </Card>
  );
}
