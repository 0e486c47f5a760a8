import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Table, Tag } from 'antd';
import { api, download } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm } from './RecordForm.tsx';

interface Screening { id: number; at: string; visitorName: string; headcount: number; question: string; finding: string; findingLabel: string; diverted: boolean; lawyerName: string | null }
const FINDINGS = ['litigation', 'arbitration', 'laborArbitration', 'administrativeReconsideration', 'police', 'procuratorate', 'petition'];

/** 访前法律工作室: screenings (诉访分离), activities, legal opinion letters (.docx). */
export default function LegalOffice() {
  const { t, tk } = useI18n();
  const [rows, setRows] = useState<Screening[]>([]);
  const [letters, setLetters] = useState<number[]>([]);
  const load = useCallback(() => { api<{ items: Screening[] }>('/legal-office/screenings?pageSize=50').then((d) => setRows(d.items), () => undefined); }, []);
  useEffect(load, [load]);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Table size="small" rowKey="id" dataSource={rows} data-testid="screenings" locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.at'), dataIndex: 'at', render: fmt },
          { title: t('res.visitorName'), dataIndex: 'visitorName' },
          { title: t('res.headcount'), dataIndex: 'headcount' },
          { title: t('res.question'), dataIndex: 'question' },
          { title: t('res.finding'), dataIndex: 'finding', render: (f: string, r: Screening) => <Tag color={r.diverted ? 'blue' : 'default'}>{tk('finding', f)}</Tag> },
          { title: t('res.lawyerName'), dataIndex: 'lawyerName' },
        ]} />
        {letters.map((id) => <Button key={id} style={{ margin: 4 }} onClick={() => void download(`/legal-office/opinions/${id}/letter.docx`, `法律意见书-${id}.docx`)}>{t('res.docx')} #{id}</Button>)}
      </Col>
      <Col xs={24} lg={10}>
        <RecordForm title="res.screening" testId="screening-form" initial={{ headcount: 1 }} submit={async (b) => { await api('/legal-office/screenings', { method: 'POST', body: b }); load(); }} fields={[
          { name: 'visitorName', label: 'res.visitorName', kind: 'text', required: true },
          { name: 'headcount', label: 'res.headcount', kind: 'number', min: 1 },
          { name: 'question', label: 'res.question', kind: 'textarea', required: true },
          { name: 'finding', label: 'res.finding', kind: 'select', required: true, options: FINDINGS.map((f) => ({ value: f, label: tk('finding', f) })) },
          { name: 'advice', label: 'res.advice', kind: 'textarea' },
          { name: 'registrationForm', label: 'res.registrationForm', kind: 'check' },
          { name: 'lawyerName', label: 'res.lawyerName', kind: 'text' },
        ]} />
        <div style={{ height: 16 }} />
        <RecordForm title="res.activity" testId="activity-form" submit={(b) => api('/legal-office/activities', { method: 'POST', body: b })} fields={[
          { name: 'kind', label: 'res.kind', kind: 'select', required: true, options: ['consultation', 'training', 'discussion'].map((k) => ({ value: k, label: tk('activity', k) })) },
          { name: 'title', label: 'res.title', kind: 'text', required: true },
          { name: 'participants', label: 'res.participants', kind: 'lines', required: true },
          { name: 'summary', label: 'res.summary', kind: 'textarea' },
        ]} />
        <div style={{ height: 16 }} />
        <RecordForm title="res.opinion" testId="opinion-form" submit={async (b) => { const r = await api<{ id: number }>('/legal-office/opinions', { method: 'POST', body: b }); setLetters((l) => [r.id, ...l]); }} fields={[
          { name: 'title', label: 'res.title', kind: 'text', required: true },
          { name: 'addressee', label: 'res.addressee', kind: 'text', required: true },
          { name: 'facts', label: 'res.facts', kind: 'textarea', required: true },
          { name: 'opinion', label: 'res.opinionText', kind: 'textarea', required: true },
          { name: 'lawyerName', label: 'res.lawyerName', kind: 'text', required: true },
        ]} />
      </Col>
    </Row>
  );
}
