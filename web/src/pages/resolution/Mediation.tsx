import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Table, Tag, Tooltip } from 'antd';
import { api, download } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm, useFormModal, useRun } from './RecordForm.tsx';

interface Mediation { id: number; at: string; matterId: number; mediator: string; status: string; matterClosed: boolean; closeNote: string | null; parties: { name: string; side: string }[] }

/** 人民调解室: refer, sessions, agreement (调解协议书 .docx), fulfilled (the matter closes where the lifecycle allows) or failed. */
export default function MediationTab() {
  const { t, tk } = useI18n();
  const run = useRun();
  const modal = useFormModal();
  const [rows, setRows] = useState<Mediation[]>([]);
  const load = useCallback(() => { api<Mediation[]>('/mediations').then(setRows, () => undefined); }, []);
  useEffect(load, [load]);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Table size="small" rowKey="id" dataSource={rows} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.at'), dataIndex: 'at', render: fmt },
          { title: t('res.matterId'), dataIndex: 'matterId', render: (id: number) => <a href={`/admin/matters/${id}`}>{id}</a> },
          { title: t('res.mediator'), dataIndex: 'mediator' },
          { title: t('res.applicant'), dataIndex: 'parties', render: (p: Mediation['parties']) => p.map((x) => x.name).join(' / ') },
          { title: t('res.status'), dataIndex: 'status', render: (s: string, m: Mediation) => <Tooltip title={m.closeNote}><Tag>{tk('rstatus', s)}</Tag></Tooltip> },
          { title: '', key: 'ops', render: (_: unknown, m: Mediation) => <Space wrap>
            {m.status === 'referred' && <Button size="small" onClick={() => modal.open('res.session', [{ name: 'note', label: 'res.note', kind: 'textarea', required: true }],
              (b) => api(`/mediations/${m.id}/sessions`, { method: 'POST', body: b }))}>{t('res.session')}</Button>}
            {m.status === 'referred' && <Button size="small" type="primary" onClick={() => modal.open('res.agreement', [{ name: 'terms', label: 'res.terms', kind: 'textarea', required: true }],
              async (b) => { await api(`/mediations/${m.id}/agreement`, { method: 'POST', body: b }); load(); })}>{t('res.agreement')}</Button>}
            {m.status === 'agreed' && <Button size="small" onClick={() => void download(`/mediations/${m.id}/agreement.docx`, `调解协议书-${m.id}.docx`)}>{t('res.docx')}</Button>}
            {m.status === 'agreed' && <Button size="small" type="primary" onClick={() => void run(() => api(`/mediations/${m.id}/fulfilled`, { method: 'POST', body: {} }), load)}>{t('res.fulfilled')}</Button>}
            {(m.status === 'referred' || m.status === 'agreed') && <Button size="small" danger onClick={() => modal.open('res.failed', [{ name: 'reason', label: 'res.reason', kind: 'textarea', required: true }],
              async (b) => { await api(`/mediations/${m.id}/failed`, { method: 'POST', body: b }); load(); })}>{t('res.failed')}</Button>}
          </Space> },
        ]} />
      </Col>
      <Col xs={24} lg={9}>
        <RecordForm title="res.refer" testId="mediation-form" submit={async (b) => {
          await api('/mediations', { method: 'POST', body: { matterId: b.matterId, mediator: b.mediator, dispute: b.dispute, parties: [{ name: b.applicant, side: 'applicant' }, { name: b.respondent, side: 'respondent' }] } });
          load();
        }} fields={[
          { name: 'matterId', label: 'res.matterId', kind: 'number', min: 1, required: true },
          { name: 'mediator', label: 'res.mediator', kind: 'text', required: true },
          { name: 'applicant', label: 'res.applicant', kind: 'text', required: true },
          { name: 'respondent', label: 'res.respondent', kind: 'text', required: true },
          { name: 'dispute', label: 'res.dispute', kind: 'textarea' },
        ]} />
      </Col>
      {modal.element}
    </Row>
  );
}
