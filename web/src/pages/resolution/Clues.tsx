import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Col, Row, Table, Tag } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm, useFormModal } from './RecordForm.tsx';

interface Clue { id: number; at: string; petitionId: number; matterId: number; description: string; status: string; recipient: string | null }

/** 涉黑恶线索移交: only bureau handlers, leaders and supervisors see this (the server answers 404 to anyone else). */
export default function Clues() {
  const { t, tk } = useI18n();
  const modal = useFormModal();
  const [rows, setRows] = useState<Clue[] | null>(null);
  const load = useCallback(() => { api<Clue[]>('/clues').then(setRows, () => setRows(null)); }, []);
  useEffect(load, [load]);
  if (rows === null) return <Alert type="info" message={t('res.none')} />;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Table size="small" rowKey="id" dataSource={rows} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.at'), dataIndex: 'at', render: fmt },
          { title: t('res.matterId'), dataIndex: 'matterId', render: (id: number) => <a href={`/admin/matters/${id}`}>{id}</a> },
          { title: t('res.description'), dataIndex: 'description' },
          { title: t('res.status'), dataIndex: 'status', render: (s: string, c: Clue) => s === 'flagged'
            ? <Button size="small" type="primary" onClick={() => modal.open('res.transfer', [
                { name: 'recipient', label: 'res.recipient', kind: 'text', required: true },
                { name: 'record', label: 'res.transferRecord', kind: 'textarea', required: true },
              ], async (b) => { await api(`/clues/${c.id}/transfer`, { method: 'POST', body: b }); load(); })}>{t('res.transfer')}</Button>
            : <Tag color="red">{tk('rstatus', s)} · {c.recipient}</Tag> },
        ]} />
      </Col>
      <Col xs={24} lg={9}>
        <RecordForm title="res.flag" testId="clue-form" submit={async (b) => { await api('/clues', { method: 'POST', body: b }); load(); }} fields={[
          { name: 'petitionId', label: 'res.petitionId', kind: 'number', min: 1, required: true },
          { name: 'description', label: 'res.description', kind: 'textarea', required: true },
        ]} />
      </Col>
      {modal.element}
    </Row>
  );
}
