import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Table, Tag } from 'antd';
import { api, session, type Unit } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { RecordForm, useFormModal } from './RecordForm.tsx';

interface Ret { id: number; unitName: string | null; reason: string; arbitrationDue: string; overdue: boolean; decision: string | null }
interface Joint { id: number; matterId: number; matterTitle: string | null; hotlineRef: string | null; leadUnitId: number; units: { unitId: number; unitName: string | null; role: string; status: string }[]; returns: Ret[] }

/** 12345 联合办理: lead + co-units; 退单 with a reason, arbitrated by the bureau before its due date. */
export default function JointTab() {
  const { t, tk } = useI18n();
  const modal = useFormModal();
  const me = session.user();
  const [rows, setRows] = useState<Joint[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const load = useCallback(() => { api<Joint[]>('/joint-handlings').then(setRows, () => undefined); }, []);
  useEffect(() => { load(); api<Unit[]>('/units').then(setUnits, () => undefined); }, [load]);
  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Table size="small" rowKey="id" dataSource={rows} locale={{ emptyText: t('res.none') }} expandable={{ expandedRowRender: (j: Joint) => (
          <Table size="small" rowKey="id" pagination={false} dataSource={j.returns} columns={[
            { title: t('res.unit'), dataIndex: 'unitName' }, { title: t('res.reason'), dataIndex: 'reason' },
            { title: t('res.due'), dataIndex: 'arbitrationDue', render: (d: string, r: Ret) => <Tag color={r.overdue ? 'red' : 'default'}>{d}</Tag> },
            { title: '', key: 'ops', render: (_: unknown, r: Ret) => r.decision ? <Tag>{r.decision === 'upheld' ? t('res.upheld') : t('res.rejected')}</Tag>
              : <Button size="small" onClick={() => modal.open('res.arbitrate', [
                  { name: 'decision', label: 'res.arbitrate', kind: 'select', required: true, options: [{ value: 'upheld', label: t('res.upheld') }, { value: 'rejected', label: t('res.rejected') }] },
                  { name: 'newLeadUnitId', label: 'res.newLead', kind: 'select', options: unitOptions },
                  { name: 'note', label: 'res.note', kind: 'textarea' },
                ], async (b) => { await api(`/joint-returns/${r.id}/arbitration`, { method: 'POST', body: b }); load(); })}>{t('res.arbitrate')}</Button> },
          ]} />) }} columns={[
          { title: t('res.matterId'), dataIndex: 'matterId', render: (id: number, j: Joint) => <a href={`/admin/matters/${id}`}>{j.matterTitle ?? id}</a> },
          { title: t('res.hotlineRef'), dataIndex: 'hotlineRef' },
          { title: t('res.lead') + ' / ' + t('res.coUnits'), dataIndex: 'units', render: (us: Joint['units']) => <Space wrap>{us.map((u) => <Tag key={u.unitId} color={u.role === 'lead' ? 'red' : 'default'}>{u.unitName} · {tk('rstatus', u.status)}</Tag>)}</Space> },
          { title: '', key: 'ops', render: (_: unknown, j: Joint) => j.units.some((u) => u.unitId === me?.unitId && u.status === 'active')
            ? <Button size="small" danger onClick={() => modal.open('res.return', [{ name: 'reason', label: 'res.reason', kind: 'textarea', required: true }],
                async (b) => { await api(`/joint-handlings/${j.id}/returns`, { method: 'POST', body: b }); load(); })}>{t('res.return')}</Button> : null },
        ]} />
      </Col>
      <Col xs={24} lg={9}>
        <RecordForm title="res.start" testId="joint-form" submit={async (b) => { await api('/joint-handlings', { method: 'POST', body: { ...b, source: b.hotlineRef ? 'hotline' : 'bureau' } }); load(); }} fields={[
          { name: 'matterId', label: 'res.matterId', kind: 'number', min: 1, required: true },
          { name: 'leadUnitId', label: 'res.lead', kind: 'select', required: true, options: unitOptions },
          { name: 'coUnitIds', label: 'res.coUnits', kind: 'select', multiple: true, required: true, options: unitOptions },
          { name: 'hotlineRef', label: 'res.hotlineRef', kind: 'text' },
        ]} />
      </Col>
      {modal.element}
    </Row>
  );
}
