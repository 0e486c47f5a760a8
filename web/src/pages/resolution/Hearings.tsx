import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Table, Tag } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm, useFormModal, useRun } from './RecordForm.tsx';

interface Hearing { id: number; matterId: number; kind: string; scheduledFor: string; status: string; clockPaused: boolean; conclusion: string | null; stoppedPetitioning: boolean | null; appliedAt: string | null }
const ROLES = ['lawyer', 'expert', 'deputy', 'partyRepresentative', 'cppccMember', 'petitioner', 'unit', 'host', 'other'];
/** "刘律师 lawyer" per line → participants; a line without a known role counts as other */
const participants = (lines: unknown) => (Array.isArray(lines) ? lines as string[] : []).map((l) => {
  const parts = l.split(/\s+/);
  const role = parts.length > 1 && ROLES.includes(parts[parts.length - 1]!) ? parts.pop()! : 'other';
  return { name: parts.join(' '), role };
});

/** 听证评议: schedule (the matter's clock pauses), record the meeting (it resumes), 息诉息访, apply the conclusion. */
export default function Hearings() {
  const { t, tk } = useI18n();
  const run = useRun();
  const modal = useFormModal();
  const [rows, setRows] = useState<Hearing[]>([]);
  const load = useCallback(() => { api<Hearing[]>('/hearings').then(setRows, () => undefined); }, []);
  useEffect(load, [load]);
  const decision = ['uphold', 'revise', 'revoke'].map((d) => ({ value: d, label: tk('decision', d) }));
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Table size="small" rowKey="id" dataSource={rows} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.matterId'), dataIndex: 'matterId', render: (id: number) => <a href={`/admin/matters/${id}`}>{id}</a> },
          { title: t('res.kind'), dataIndex: 'kind', render: (k: string) => tk('hearingKind', k) },
          { title: t('res.scheduledFor'), dataIndex: 'scheduledFor', render: fmt },
          { title: t('res.status'), dataIndex: 'status', render: (s: string, h: Hearing) => <Space><Tag>{tk('rstatus', s)}</Tag>{h.clockPaused && s === 'scheduled' && <Tag color="orange">{t('res.clockPaused')}</Tag>}</Space> },
          { title: t('res.conclusion'), dataIndex: 'conclusion' },
          { title: '', key: 'ops', render: (_: unknown, h: Hearing) => h.status === 'scheduled'
            ? <Button size="small" onClick={() => modal.open('res.held', [
                { name: 'record', label: 'res.record', kind: 'textarea', required: true },
                { name: 'conclusion', label: 'res.conclusion', kind: 'textarea', required: true },
                { name: 'recommendation', label: 'res.recommendation', kind: 'select', options: decision },
              ], async (b) => { await api(`/hearings/${h.id}/held`, { method: 'POST', body: b }); load(); })}>{t('res.held')}</Button>
            : h.status === 'held' ? <Space>
                {h.stoppedPetitioning === null && <Button size="small" onClick={() => void run(() => api(`/hearings/${h.id}/outcome`, { method: 'POST', body: { stopped: true } }), load)}>{t('res.stopped')}</Button>}
                {h.stoppedPetitioning === null && <Button size="small" onClick={() => void run(() => api(`/hearings/${h.id}/outcome`, { method: 'POST', body: { stopped: false } }), load)}>{t('res.notStopped')}</Button>}
                {h.stoppedPetitioning !== null && <Tag color={h.stoppedPetitioning ? 'green' : 'default'}>{h.stoppedPetitioning ? t('res.stopped') : t('res.notStopped')}</Tag>}
                {!h.appliedAt && <Button size="small" type="primary" onClick={() => void run(() => api(`/hearings/${h.id}/apply`, { method: 'POST', body: {} }), load)}>{t('res.apply')}</Button>}
              </Space> : null },
        ]} />
      </Col>
      <Col xs={24} lg={9}>
        <RecordForm title="res.schedule" testId="hearing-form" submit={async (b) => { await api('/hearings', { method: 'POST', body: { ...b, participants: participants(b.participants) } }); load(); }} fields={[
          { name: 'matterId', label: 'res.matterId', kind: 'number', min: 1, required: true },
          { name: 'kind', label: 'res.kind', kind: 'select', required: true, options: ['hearing', 'review'].map((k) => ({ value: k, label: tk('hearingKind', k) })) },
          { name: 'scheduledFor', label: 'res.scheduledFor', kind: 'datetime', required: true },
          { name: 'place', label: 'res.place', kind: 'text' },
          { name: 'participants', label: 'res.participantsRoles', kind: 'lines' },
        ]} />
      </Col>
      {modal.element}
    </Row>
  );
}
