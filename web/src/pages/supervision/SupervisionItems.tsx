import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, hasRole, session, type Unit } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

export interface SupervisionItem {
  id: number; matterId: number; kind: string; kindLabel: string; targetUnitId: number; issuedByUnitId: number; at: string; reason: string;
  number: string | null; answerDue: string | null; answeredAt: string | null; answer: string | null; overdue: boolean;
}
export const SUPERVISION_KINDS = ['reminder', 'order', 'sendBack'] as const;
const fmt = (s: string) => new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

/** 催办 / 督办单 / 退回重办 for one matter: the kind and the reason; the server numbers an order and sets its 30-day answer date. */
export function IssueSupervision({ matterId, kind, replied, onDone, onCancel }: { matterId: number; kind?: string; replied?: boolean; onDone: () => void; onCancel: () => void }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: string; reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<{ number: string | null; answerDue: string | null }>('/supervision', { method: 'POST', body: { matterId, kind: v.kind, reason: v.reason } });
      message.success(r.number ? t('sup.issuedOrder', { number: r.number, due: r.answerDue ?? '' }) : t('sup.issued'));
      onDone();
    } catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  const kinds = SUPERVISION_KINDS.filter((k) => k !== 'sendBack' || replied !== false);
  return (
    <Modal open title={t('sup.issue')} onOk={() => void submit()} onCancel={onCancel} confirmLoading={busy} okText={t('form.submit')} cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'sup-submit' } as Record<string, string>} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: kind ?? 'reminder' }}>
        <Form.Item name="kind" label={t('sup.kind')} rules={[{ required: true }]}><Select options={kinds.map((k) => ({ value: k, label: tk('supKind', k) }))} /></Form.Item>
        <Form.Item name="reason" label={t('sup.reason')} rules={[{ required: true, message: t('form.required') }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('sup.basis')}</Typography.Text>
    </Modal>
  );
}

function AnswerForm({ item, onDone, onCancel }: { item: SupervisionItem; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<{ onTime: boolean | null }>(`/supervision/${item.id}/answer`, { method: 'POST', body: { answer: v.answer } });
      message.success(r.onTime === false ? t('sup.answeredLate') : t('sup.answered'));
      onDone();
    } catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  return (
    <Modal open title={`${t('sup.answer')} · ${item.number ?? item.kindLabel}`} onOk={() => void submit()} onCancel={onCancel} confirmLoading={busy}
      okText={t('form.submit')} cancelText={t('form.cancel')} okButtonProps={{ 'data-testid': 'answer-submit' } as Record<string, string>} destroyOnHidden>
      <Typography.Paragraph>{item.reason}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="answer" label={t('sup.answerText')} rules={[{ required: true, message: t('form.required') }]}><Input.TextArea rows={5} maxLength={20000} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** The supervision items in view; the supervised unit answers an order or a send-back in writing from here. */
export default function SupervisionItems({ items, units, onChanged, showMatter = true, loading }: { items: SupervisionItem[]; units: Unit[]; onChanged: () => void; showMatter?: boolean; loading?: boolean }) {
  const { t, tk } = useI18n();
  const [answering, setAnswering] = useState<SupervisionItem | null>(null);
  const user = session.user();
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const mayAnswer = (s: SupervisionItem) => s.kind !== 'reminder' && !s.answeredAt && s.targetUnitId === user?.unitId && hasRole(user, 'handler', 'leader');
  return (
    <>
      <Table<SupervisionItem> size="small" rowKey="id" loading={loading} dataSource={items} pagination={{ pageSize: 20 }} data-testid="supervision-items" columns={[
        ...(showMatter ? [{ title: t('sup.matter'), dataIndex: 'matterId', render: (id: number) => <Link to={`/matters/${id}`}>#{id}</Link> }] : []),
        { title: t('sup.kind'), dataIndex: 'kind', render: (k: string, s) => <span>{tk('supKind', k)} {s.number && <Typography.Text type="secondary">{s.number}</Typography.Text>}</span> },
        { title: t('sup.target'), dataIndex: 'targetUnitId', render: (id: number) => unitName.get(id) ?? id },
        { title: t('sup.issuedBy'), dataIndex: 'issuedByUnitId', render: (id: number) => unitName.get(id) ?? id },
        { title: t('sup.at'), dataIndex: 'at', render: fmt },
        { title: t('sup.reason'), dataIndex: 'reason', ellipsis: true },
        { title: t('sup.answerDue'), dataIndex: 'answerDue', render: (d: string | null, s) => d ? <Tag color={s.overdue ? 'red' : undefined}>{d}</Tag> : '—' },
        { title: t('sup.answer'), key: 'answer', render: (_: unknown, s) => s.answeredAt
          ? <span data-testid="sup-answered"><Tag color="green">{t('sup.answeredAt', { at: fmt(s.answeredAt) })}</Tag>{s.answer}</span>
          : mayAnswer(s) ? <Button size="small" type="primary" data-testid="sup-answer" onClick={() => setAnswering(s)}>{t('sup.answer')}</Button>
          : s.kind === 'reminder' ? '—' : <Tag color="orange">{t('sup.waiting')}</Tag> },
      ]} />
      {answering && <AnswerForm item={answering} onCancel={() => setAnswering(null)} onDone={() => { setAnswering(null); onChanged(); }} />}
    </>
  );
}
