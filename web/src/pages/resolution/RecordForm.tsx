import { useState, type ReactNode } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useI18n, type MsgKey } from '../../i18n.tsx';

/** One field of a record form; the kind says how it is entered and how it is sent. */
export interface FieldSpec {
  name: string;
  label: MsgKey;
  kind: 'text' | 'textarea' | 'number' | 'select' | 'check' | 'datetime' | 'lines' | 'ids';
  options?: { value: string | number; label: string }[];
  required?: boolean;
  min?: number;
  multiple?: boolean;
}

/** Form values → the API body: lines become arrays, comma lists become ids, local date-times become instants. */
function toBody(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (f.kind === 'lines') out[f.name] = String(v).split('\n').map((s) => s.trim()).filter(Boolean);
    else if (f.kind === 'ids') out[f.name] = String(v).split(/[,，\s]+/).filter(Boolean).map(Number);
    else if (f.kind === 'datetime') out[f.name] = new Date(String(v)).toISOString();
    else out[f.name] = v;
  }
  return out;
}

function Fields({ fields }: { fields: FieldSpec[] }) {
  const { t } = useI18n();
  return <>{fields.map((f) => {
    const rules = f.required ? [{ required: true, message: t('form.required') }] : [];
    const input: ReactNode =
      f.kind === 'textarea' || f.kind === 'lines' ? <Input.TextArea rows={f.kind === 'lines' ? 3 : 2} /> :
      f.kind === 'number' ? <InputNumber min={f.min ?? 0} style={{ width: '100%' }} /> :
      f.kind === 'select' ? <Select options={f.options} mode={f.multiple ? 'multiple' : undefined} showSearch optionFilterProp="label" /> :
      f.kind === 'check' ? <Checkbox>{t(f.label)}</Checkbox> :
      f.kind === 'datetime' ? <Input type="datetime-local" /> : <Input />;
    return <Form.Item key={f.name} name={f.name} label={f.kind === 'check' ? undefined : t(f.label)} rules={rules} valuePropName={f.kind === 'check' ? 'checked' : 'value'}>{input}</Form.Item>;
  })}</>;
}

/** A card with a record form: fill, save, reset. */
export function RecordForm({ title, fields, submit, testId, initial }: { title: MsgKey; fields: FieldSpec[]; submit: (body: Record<string, unknown>) => Promise<unknown>; testId: string; initial?: Record<string, unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    // an invalid form shows its messages beside the fields; nothing is sent
    const values = (await form.validateFields().catch(() => null)) as Record<string, unknown> | null;
    if (!values) return;
    setBusy(true);
    try { await submit(toBody(fields, values)); message.success(t('res.saved')); form.resetFields(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); }
    finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t(title)} data-testid={testId}>
      {/* the form's name prefixes its fields' ids: two cards on a page may share a field name (title, lawyerName) */}
      <Form form={form} name={testId} layout="vertical" initialValues={initial}>
        <Fields fields={fields} />
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid={`${testId}-save`}>{t('res.save')}</Button>
      </Form>
    </Card>
  );
}

/** A modal form for an action on a row (record the meeting, transfer a clue …). */
export function useFormModal() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [spec, setSpec] = useState<{ title: MsgKey; fields: FieldSpec[]; submit: (b: Record<string, unknown>) => Promise<unknown> } | null>(null);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    if (!spec) return;
    const values = (await form.validateFields().catch(() => null)) as Record<string, unknown> | null;
    if (!values) return;
    setBusy(true);
    try { await spec.submit(toBody(spec.fields, values)); message.success(t('res.saved')); setSpec(null); form.resetFields(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); }
    finally { setBusy(false); }
  };
  const element = spec && (
    <Modal open title={t(spec.title)} onOk={() => void ok()} onCancel={() => setSpec(null)} confirmLoading={busy} okText={t('form.submit')} cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'res-modal-submit' } as Record<string, string>} destroyOnHidden>
      <Form form={form} name="res-modal" layout="vertical"><Fields fields={spec.fields} /></Form>
    </Modal>
  );
  return { open: (title: MsgKey, fields: FieldSpec[], submit: (b: Record<string, unknown>) => Promise<unknown>) => { form.resetFields(); setSpec({ title, fields, submit }); }, element };
}

/** Runs an action and reports it, for one-click row buttons. */
export function useRun() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return async (fn: () => Promise<unknown>, after?: () => void) => {
    try { await fn(); message.success(t('res.saved')); after?.(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); }
  };
}

export const fmt = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
