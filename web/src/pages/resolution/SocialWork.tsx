import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Table, Tag } from 'antd';
import { api, hasRole, session } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fmt, RecordForm, useRun } from './RecordForm.tsx';

interface Batch { id: number; at: string; workers: string[]; personTimes: number; soothed: number; resolved: boolean; matterId: number | null; followUp: string | null }
interface Volunteer { id: number; name: string; joinedOn: string; leftOn: string | null; qualification: string }

/** 信访社工 batches and 信访志愿者 roster, qualification review, trainings. */
export default function SocialWork() {
  const { t, tk } = useI18n();
  const run = useRun();
  const [batches, setBatches] = useState<Batch[]>([]);
  const [vols, setVols] = useState<Volunteer[]>([]);
  // the qualification review is a handler's or leader's (the server answers 403 to a registrar)
  const reviewer = hasRole(session.user(), 'handler', 'leader');
  const load = useCallback(() => {
    api<Batch[]>('/social-work/batches').then(setBatches, () => undefined);
    api<{ volunteers: Volunteer[] }>('/volunteers').then((d) => setVols(d.volunteers), () => undefined);
  }, []);
  useEffect(load, [load]);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Table size="small" rowKey="id" dataSource={batches} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.at'), dataIndex: 'at', render: fmt },
          { title: t('res.workers'), dataIndex: 'workers', render: (w: string[]) => w.join('、') },
          { title: t('res.personTimes'), dataIndex: 'personTimes' }, { title: t('res.soothed'), dataIndex: 'soothed' },
          { title: t('res.resolved'), dataIndex: 'resolved', render: (r: boolean) => (r ? <Tag color="green">{t('res.resolved')}</Tag> : null) },
          { title: t('res.matterId'), dataIndex: 'matterId' },
        ]} />
        <Table size="small" rowKey="id" dataSource={vols} title={() => t('res.volunteers')} locale={{ emptyText: t('res.none') }} columns={[
          { title: t('res.name'), dataIndex: 'name' }, { title: t('res.joinedOn'), dataIndex: 'joinedOn' },
          { title: t('res.qualification'), dataIndex: 'qualification', render: (q: string, v: Volunteer) => q === 'pending' && reviewer
            ? <Space><Button size="small" onClick={() => void run(() => api(`/volunteers/${v.id}/review`, { method: 'POST', body: { qualified: true } }), load)}>{t('res.qualify')}</Button>
                <Button size="small" danger onClick={() => void run(() => api(`/volunteers/${v.id}/review`, { method: 'POST', body: { qualified: false } }), load)}>{t('res.reject')}</Button></Space>
            : <Tag>{q === 'pending' ? t('res.reviewPending') : tk('rstatus', q)}</Tag> },
        ]} />
      </Col>
      <Col xs={24} lg={10}>
        <RecordForm title="res.batch" testId="batch-form" initial={{ personTimes: 1, soothed: 0 }} submit={async (b) => { await api('/social-work/batches', { method: 'POST', body: b }); load(); }} fields={[
          { name: 'workers', label: 'res.workers', kind: 'lines', required: true },
          { name: 'personTimes', label: 'res.personTimes', kind: 'number', min: 1, required: true },
          { name: 'soothed', label: 'res.soothed', kind: 'number' },
          { name: 'followUp', label: 'res.followUp', kind: 'textarea' },
          { name: 'matterId', label: 'res.matterId', kind: 'number', min: 1 },
          { name: 'resolved', label: 'res.resolved', kind: 'check' },
        ]} />
        <div style={{ height: 16 }} />
        <RecordForm title="res.volunteers" testId="volunteer-form" submit={async (b) => { await api('/volunteers', { method: 'POST', body: b }); load(); }} fields={[
          { name: 'name', label: 'res.name', kind: 'text', required: true },
        ]} />
        <div style={{ height: 16 }} />
        <RecordForm title="res.training" testId="training-form" submit={(b) => api('/volunteers/trainings', { method: 'POST', body: b })} fields={[
          { name: 'title', label: 'res.title', kind: 'text', required: true },
          { name: 'volunteerIds', label: 'res.volunteerIds', kind: 'select', multiple: true, required: true, options: vols.map((v) => ({ value: v.id, label: v.name })) },
        ]} />
      </Col>
    </Row>
  );
}
