import { useEffect, useState } from 'react';
import { Card, Col, DatePicker, Row, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { api, qs, type Category, type Region } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import Chart from '../components/Chart.tsx';
import { HotspotsCard, TopicsCard } from './TextWidgets.tsx';

interface Rate { rate: number | null; numerator: number; denominator: number }
interface UnitRates { unitId: number; unitName: string; regionCode: string; kind: string; timelyAcceptance: Rate; onTimeCompletion: Rate; participation: Rate; satisfaction: Rate }
interface Vol { key: string; count: number }
const RATES = ['timelyAcceptance', 'onTimeCompletion', 'participation', 'satisfaction'] as const;

/** 统计分析: the four rates per district bureau and the volumes; every number opens the matters behind it. */
export default function Dashboard() {
  const { t, tk } = useI18n();
  const nav = useNavigate();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [rates, setRates] = useState<UnitRates[]>([]);
  const [vol, setVol] = useState<Record<string, Vol[]>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [parent, setParent] = useState<UnitRates | null>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  useEffect(() => {
    api<UnitRates[]>(`/workbench/rates${qs({ from, to, parentId: parent?.unitId })}`).then(setRates, () => undefined);
  }, [from, to, parent]);
  useEffect(() => {
    for (const by of ['channel', 'category', 'district', 'month']) api<Vol[]>(`/workbench/volume${qs({ from, to, by })}`).then((v) => setVol((m) => ({ ...m, [by]: v })), () => undefined);
  }, [from, to]);
  useEffect(() => {
    Promise.all([api<Category[]>('/categories'), api<Region[]>('/workbench/regions')]).then(([c, r]) =>
      setNames(Object.fromEntries([...c.filter((x) => x.level === 1).map((x) => [x.code, x.name]), ...r.map((x) => [x.code, x.name])])), () => undefined);
  }, []);
  const list = (extra: Record<string, string>) => void nav(`/matters${qs({ from, to, ...extra })}`);
  // a district bureau's numbers are its region's; any other unit's are the matters it holds
  const behind = (r: UnitRates): Record<string, string> => (r.kind === 'bureau' && !parent ? { regionCode: r.regionCode } : { unitId: String(r.unitId) });
  const bar = (by: string, label: (k: string) => string, filter: (k: string) => Record<string, string>) => {
    const rows = vol[by] ?? [];
    return <Chart testId={`chart-${by}`} option={{ tooltip: {}, grid: { left: 40, right: 10, bottom: 60 }, xAxis: { type: 'category', data: rows.map((r) => label(r.key)), axisLabel: { rotate: 30 } }, yAxis: { type: 'value' },
      series: [{ type: by === 'month' ? 'line' : 'bar', data: rows.map((r) => r.count), label: { show: true, position: 'top' } }] }}
      onClick={(p) => { const r = rows[p.dataIndex]; if (r) list(filter(r.key)); }} />;
  };
  return (
    <div data-testid="dashboard">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Text>{t('dash.period')}：</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => { if (r?.[0] && r[1]) setRange([r[0], r[1]]); }} />
        <Typography.Text type="secondary" style={{ marginLeft: 16 }}>{t('dash.clickHint')}</Typography.Text>
      </Card>
      <Card title={parent ? `${t('dash.rates')} · ${parent.unitName}` : t('dash.rates')} style={{ marginBottom: 16 }}
        extra={parent && <a onClick={() => setParent(null)}>{t('dash.up')}</a>}>
        <Chart testId="chart-rates" option={{ tooltip: {}, legend: { bottom: 0 }, grid: { bottom: 90 }, xAxis: { type: 'category', data: rates.map((r) => r.unitName), axisLabel: { rotate: 20 } }, yAxis: { type: 'value', max: 100 },
          series: RATES.map((k) => ({ type: 'bar' as const, name: t(`dash.${k}`), data: rates.map((r) => r[k].rate ?? 0) })) }}
          onClick={(p) => { const r = rates[p.dataIndex]; if (r) list(behind(r)); }} />
        <Table size="small" rowKey="unitId" pagination={false} dataSource={rates} columns={[
          { title: t('dash.unit'), dataIndex: 'unitName', render: (n: string, r: UnitRates) => (parent ? n : <a data-testid={`drill-${r.unitId}`} onClick={() => setParent(r)}>{n}</a>) },
          ...RATES.map((k) => ({ title: t(`dash.${k}`), key: k, render: (_: unknown, r: UnitRates) => (
            <a onClick={() => list(behind(r))}>{r[k].rate === null ? '—' : `${r[k].rate}%`} <span style={{ color: '#999' }}>({r[k].numerator}/{r[k].denominator})</span></a>) })),
        ]} />
      </Card>
      {/* the rising topics of the last 30 days, whatever period the charts show */}
      <TopicsCard from={dayjs().subtract(29, 'day').format('YYYY-MM-DD')} to={dayjs().format('YYYY-MM-DD')} />
      <HotspotsCard from={dayjs().subtract(29, 'day').format('YYYY-MM-DD')} to={dayjs().format('YYYY-MM-DD')} names={names} />
      <Row gutter={16}>
        <Col span={12}><Card title={t('dash.byChannel')}>{bar('channel', (k) => tk('channel', k), (k) => ({ channel: k }))}</Card></Col>
        <Col span={12}><Card title={t('dash.byDistrict')}>{bar('district', (k) => names[k] ?? k, (k) => ({ regionCode: k }))}</Card></Col>
        <Col span={12} style={{ marginTop: 16 }}><Card title={t('dash.byCategory')}>{bar('category', (k) => names[k] ?? (k || '—'), (k): Record<string, string> => (k ? { categoryCode: k } : {}))}</Card></Col>
        <Col span={12} style={{ marginTop: 16 }}><Card title={t('dash.trend')}>{bar('month', (k) => k, (k) => ({ from: `${k}-01`, to: dayjs(`${k}-01`).endOf('month').format('YYYY-MM-DD') }))}</Card></Col>
      </Row>
    </div>
  );
}
