import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Tag, Timeline, TreeSelect, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { api, hasRole, session, type Matter, type Petition, type Unit } from '../api.ts';
import { useI18n, type MsgKey } from '../i18n.tsx';
import DeadlineLights from '../components/DeadlineLights.tsx';
import MatterResolutionPanel from './resolution/MatterResolutionPanel.tsx';
import DocumentsPanel from './matter/DocumentsPanel.tsx';
import AttachmentsPanel from './matter/AttachmentsPanel.tsx';
import SupervisionPanel from './matter/SupervisionPanel.tsx';
import RelatedPanel from './matter/RelatedPanel.tsx';
import { ReplyCheck } from './TextWidgets.tsx';
import type { SupervisionItem } from './supervision/SupervisionItems.tsx';

type Field = 'unitId' | 'reason' | 'channelGuidance' | 'days' | 'outcome' | 'text' | 'result' | 'decision';
/** the form each action needs (API.md: the parameters of POST /matters/{id}/actions) */
const FORMS: Record<string, Field[]> = {
  transfer: ['unitId'], assign: ['unitId'], decline: ['reason', 'channelGuidance'], object: ['reason'], sendBack: ['reason'], extend: ['days', 'reason'],
  reply: ['outcome', 'text'], evaluate: ['result'], decideReview: ['decision', 'text'], decideReReview: ['decision', 'text'], pauseClock: ['reason'],
};
const DANGER = new Set(['decline', 'object', 'sendBack']);

interface TreeNode { value: number; title: string; children: TreeNode[] }
function unitTree(units: Unit[]): TreeNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const u of units) {
    const n = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

function ActionForm({ action, matter, units, onDone, onCancel }: { action: string; matter: Matter; units: Unit[]; onDone: (m: Matter) => void; onCancel: () => void }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const fields = FORMS[action] ?? [];
  const replyText = (Form.useWatch('text', form) as string | undefined) ?? '';
  const tree = useMemo(() => unitTree(units.filter((u) => u.id !== matter.unitId)), [units, matter.unitId]);
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      const m = await api<Matter>(`/matters/${matter.id}/actions`, { method: 'POST', body: { action, ...values } });
      message.success(t('matter.done'));
      onDone(m);
    } catch (e) {
      message.error(e instanceof Error ? e.message : t('common.error'));
    } finally { setBusy(false); }
  };
  const req = [{ required: true, message: t('form.required') }];
  const opts = (prefix: string, values: string[]) => values.map((v) => ({ value: v, label: tk(prefix, v) }));
  return (
    <Modal open title={tk('action', action)} onOk={() => void submit()} onCancel={onCancel} confirmLoading={busy}
      okText={t('form.submit')} cancelText={t('form.cancel')} okButtonProps={{ 'data-testid': 'action-submit' } as Record<string, string>} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ days: 30 }}>
        {fields.includes('unitId') && <Form.Item name="unitId" label={t('form.unit')} rules={req}>
          <TreeSelect showSearch treeNodeFilterProp="title" treeData={tree} treeDefaultExpandAll={false} data-testid="unit-tree" placeholder={t('form.unit')} />
        </Form.Item>}
        {fields.includes('days') && <Form.Item name="days" label={t('form.days')} rules={req}><InputNumber min={1} max={30} /></Form.Item>}
        {fields.includes('outcome') && <Form.Item name="outcome" label={t('form.outcome')} rules={req}><Select options={opts('outcome', ['support', 'explain', 'reject'])} /></Form.Item>}
        {fields.includes('result') && <Form.Item name="result" label={t('form.result')} rules={req}><Select options={opts('result', ['satisfied', 'basicallySatisfied', 'dissatisfied'])} /></Form.Item>}
        {fields.includes('decision') && <Form.Item name="decision" label={t('form.decision')} rules={req}><Select options={opts('decision', ['uphold', 'revise', 'revoke'])} /></Form.Item>}
        {fields.includes('reason') && <Form.Item name="reason" label={t('form.reason')} rules={req}><Input.TextArea rows={2} /></Form.Item>}
        {fields.includes('channelGuidance') && <Form.Item name="channelGuidance" label={t('form.channelGuidance')} rules={req}><Input.TextArea rows={2} /></Form.Item>}
        {fields.includes('text') && <Form.Item name="text" label={t('form.text')} rules={req}><Input.TextArea rows={4} /></Form.Item>}
        {action === 'reply' && <ReplyCheck matterId={matter.id} text={replyText} />}
      </Form>
    </Modal>
  );
}

export default function MatterPage() {
  const { id } = useParams();
  const { t, tk } = useI18n();
  const [matter, setMatter] = useState<Matter | null>(null);
  const [petitions, setPetitions] = useState<Petition[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [hasOrder, setHasOrder] = useState(false);
  const onSupervision = useCallback((items: SupervisionItem[]) => setHasOrder(items.some((i) => i.kind === 'order')), []);
  const load = useCallback(async () => {
    try {
      const m = await api<Matter>(`/matters/${Number(id)}`);
      setMatter(m);
      setPetitions(await Promise.all(m.petitionIds.map((pid) => api<Petition>(`/petitions/${pid}`))));
    } catch (e) { setError(e instanceof Error ? e.message : t('common.error')); }
  }, [id, t]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { api<Unit[]>('/units').then(setUnits, () => undefined); }, []);
  if (error) return <Alert type="warning" data-testid="matter-error" message={t('matter.notFound')} description={error} />;
  if (!matter) return <Card loading />;
  const act = (a: string) => FORMS[a] ? setOpen(a) : void api<Matter>(`/matters/${matter.id}/actions`, { method: 'POST', body: { action: a } })
    .then((m) => { setMatter(m); }, (e: Error) => setError(e.message));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={<Space><span data-testid="matter-code">{matter.code}</span><Tag color="blue" data-testid="matter-status" data-status={matter.status}>{tk('status', matter.status)}</Tag></Space>}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{matter.title}</Typography.Title>
        <Descriptions size="small" column={3} items={[
          { key: 'u', label: t('col.unit'), children: matter.unitName },
          { key: 'c', label: t('col.channel'), children: tk('channel', matter.channel) },
          { key: 'r', label: t('col.received'), children: new Date(matter.receivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
        ]} />
        <Typography.Text strong>{t('matter.actions')}：</Typography.Text>
        <Space wrap data-testid="actions">
          {matter.allowedActions.length === 0 && <Typography.Text type="secondary">{t('matter.noActions')}</Typography.Text>}
          {matter.allowedActions.map((a) => (
            <Button key={a} data-action={a} danger={DANGER.has(a)} type={DANGER.has(a) ? 'default' : 'primary'} onClick={() => act(a)}>{tk('action', a as MsgKey)}</Button>
          ))}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col span={14}>
          <Card title={t('matter.petitions')} size="small">
            {petitions.map((p) => (
              <Card key={p.id} type="inner" size="small" title={`${p.code} · ${tk('channel', p.channel)}`} style={{ marginBottom: 8 }}>
                <Typography.Paragraph>{p.content}</Typography.Paragraph>
                <Typography.Text strong>{t('matter.petitioners')}：</Typography.Text>
                <ul data-testid="petitioners">
                  {p.petitioners.map((x, i) => <li key={i}>{x.name} {x.idNumber ?? ''} {x.phone ?? ''} {x.isRepresentative && <Tag color="gold">{t('matter.representative')}</Tag>}</li>)}
                </ul>
              </Card>
            ))}
          </Card>
          <div style={{ marginTop: 16 }}><RelatedPanel petitions={petitions} /></div>
        </Col>
        <Col span={10}>
          <Card title={t('matter.deadlines')} size="small" style={{ marginBottom: 16 }}><DeadlineLights deadlines={matter.deadlines} /></Card>
          <Card title={t('matter.timeline')} size="small">
            <Timeline data-testid="timeline" items={matter.events.map((e) => ({
              key: e.seq, children: <span>{new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} <b>{e.label}</b> {e.actorUnitName ?? ''}</span>,
            }))} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}><DocumentsPanel matter={matter} hasOrder={hasOrder} /></Col>
        <Col span={10}><AttachmentsPanel matterId={matter.id} /></Col>
      </Row>
      {hasRole(session.user(), 'supervisor', 'handler', 'leader') && <SupervisionPanel matter={matter} units={units} onItems={onSupervision} />}
      <MatterResolutionPanel matterId={matter.id} />
      {open && <ActionForm action={open} matter={matter} units={units} onCancel={() => setOpen(null)} onDone={(m) => { setOpen(null); setMatter(m); }} />}
    </Space>
  );
}
