import { useEffect, useState } from 'react';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, session, type MatterSummary } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import MatterTable from '../components/MatterTable.tsx';

interface Home { today: string; acrossUnits: boolean; dueSoon: number; total: number; byStatus: Record<string, number>; dueToday: number; overdue: number; urgent: MatterSummary[] }

export default function HomePage() {
  const { t, tk } = useI18n();
  const nav = useNavigate();
  const [data, setData] = useState<Home | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<Home>('/workbench/home').then(setData, (e: Error) => setError(e.message)); }, []);
  if (error) return <Alert type="error" message={error} />;
  // supervisors and leaders watch every unit in scope; everyone else their own unit's queue
  const scope = data?.acrossUnits ? '' : `unitId=${session.user()?.unitId ?? ''}&`;
  return (
    <div data-testid="home">
      <Row gutter={16}>
        <Col span={6}><Card hoverable onClick={() => void nav(`/matters?${scope}`)}><Statistic title={t(data?.acrossUnits ? 'home.allOpen' : 'home.queue')} value={data?.total ?? '…'} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('home.dueToday')} value={data?.dueToday ?? '…'} valueStyle={{ color: '#d48806' }} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('home.dueSoon')} value={data?.dueSoon ?? '…'} valueStyle={{ color: '#d4b106' }} /></Card></Col>
        <Col span={6}><Card hoverable onClick={() => void nav(`/matters?${scope}overdue=true`)}><Statistic title={t('home.overdue')} value={data?.overdue ?? '…'} valueStyle={{ color: '#cf1322' }} /></Card></Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        {Object.entries(data?.byStatus ?? {}).map(([s, n]) => (
          <Col key={s}><Card size="small" hoverable onClick={() => void nav(`/matters?${scope}status=${s}`)}><Statistic title={tk('status', s)} value={n} /></Card></Col>
        ))}
      </Row>
      <Card title={`${t('home.urgent')}（${t('home.today')} ${data?.today ?? ''}）`} style={{ marginTop: 16 }}>
        <MatterTable items={data?.urgent ?? []} loading={!data} />
      </Card>
    </div>
  );
}
