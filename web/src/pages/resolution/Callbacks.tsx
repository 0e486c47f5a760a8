import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Table, Tag } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm, useFormModal, type FieldSpec } from './RecordForm.tsx';

interface Indicator { key: string; label: string; kind: 'rating' | 'yesNo' }
interface Callback { id: number; at: string; matterCode: string; matterTitle: string; unitName: string | null; status: string; attempts: number; indicators: Indicator[] }
interface Rate { rate: number | null; numerator: number; denominator: number }
interface UnitReport { unitId: number; unitName: string; sampled: number; valid: number; validRate: Rate; satisfaction: Rate; suggestions: number }
const pct = (r: Rate) => (r.rate === null ? '—' : `${r.rate.toFixed(2)}%（${r.numerator}/${r.denominator}）`);

/** 第三方满意度回访: sampling, calls on the configurable indicators, the per-unit data report. */
export default function Callbacks() {
  const { t, tk } = useI18n();
  const modal = useFormModal();
  const [rows, setRows] = useState<Callback[]>([]);
  const [report, setReport] = useState<UnitReport[]>([]);
  const year = new Date().getFullYear();
  const load = useCallback(() => {
    api<Callback[]>('/callbacks').then(setRows, () => undefined);
    api<{ units: UnitReport[] }>(`/callbacks/report?from=${year}-01-01&to=${year}-12-31`).then((d) => setReport(d.units), () => undefined);
  }, [year]);
  useEffect(load, [load]);
  const call = (c: Callback) => {
    const rating = ['satisfied', 'basicallySatisfied', 'dissatisfied'].map((v) => ({ value: v, label: tk('result', v) }));
    const yesNo = [{ value: 'yes', label: '是 / yes' }, { value: 'no', label: '否 / no' }];
    const fields: FieldSpec[] = [
      { name: 'outcome', label: 'res.outcome', kind: 'select', required: true, options: ['answered', 'unreachable', 'refused'].map((v) => ({ value: v, label: tk('callOutcome', v) })) },
      ...c.indicators.map((i): FieldSpec => ({ name: `answers.${i.key}`, label: i.label as never, kind: 'select', options: i.kind === 'rating' ? rating : yesNo })),
      { name: 'suggestion', label: 'res.suggestion', kind: 'textarea' },
    ];
    modal.open('res.call', fields, async (b) => {
      const answers: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(b)) if (k.startsWith('answers.')) answers[k.slice(8)] = v;
      const body = { outcome: b.outcome, suggestion: b.suggestion, ...(b.outcome === 'answered' ? { answers } : {}) };
      await api(`/callbacks/${c.id}/attempts`, { method: 'POST', body });
      load();
    });
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Table size="small" rowKey="id" dataSource={rows} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.at'), dataIndex: 'at', render: fmt }, { title: t('col.code'), dataIndex: 'matterCode' }, { title: t('col.title'), dataIndex: 'matterTitle' },
          { title: t('res.unit'), dataIndex: 'unitName' }, { title: t('res.attempts'), dataIndex: 'attempts' },
          { title: t('res.status'), dataIndex: 'status', render: (s: string, c: Callback) => s === 'pending' ? <Button size="small" onClick={() => call(c)}>{t('res.call')}</Button> : <Tag>{tk('rstatus', s)}</Tag> },
        ]} />
        <Table size="small" rowKey="unitId" dataSource={report} title={() => t('res.report')} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.unit'), dataIndex: 'unitName' }, { title: t('res.sampled'), dataIndex: 'sampled' }, { title: t('res.valid'), dataIndex: 'valid' },
          { title: t('res.validRate'), dataIndex: 'validRate', render: pct }, { title: t('res.satisfaction'), dataIndex: 'satisfaction', render: pct },
          { title: t('res.suggestion'), dataIndex: 'suggestions' },
        ]} />
      </Col>
      <Col xs={24} lg={8}>
        <RecordForm title="res.sample" testId="sample-form" submit={async (b) => { await api('/callbacks/samples', { method: 'POST', body: b }); load(); }} fields={[
          { name: 'matterIds', label: 'res.matterIds', kind: 'ids', required: true },
        ]} />
      </Col>
      {modal.element}
    </Row>
  );
}
