import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Cascader, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, List, Result, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
// the same GB 11643 rules the server applies (checksum, birth date, region)
import { checkIdNumber } from '../../../src/domain/id-number.ts';
import { api, qs, session, textApi, upload, type Category, type Region, type Suggestion } from '../api.ts';
import { ACCEPT, fileSize } from './matter/AttachmentsPanel.tsx';
import { useI18n } from '../i18n.tsx';
import { ClassifySuggestion, codeTree as tree, type CodeOpt as Opt } from './TextWidgets.tsx';

interface Person { name?: string; idNumber?: string; phone?: string; address?: string; isRepresentative?: boolean }
interface History { valid: boolean; message: string | null; openMatters: number; petitions: { id: number; code: string; title: string; receivedAt: string; matterId: number; statusLabel: string; unitName: string | null }[] }
interface Registered { id: number; code: string; queryCode: string; matterId: number; isRepeat: boolean }
interface Uploaded { token: string; name: string; size: number; type: string }
/** at most this many files join one registration (docs/PORTAL.md) */
const MAX_FILES = 5;

export default function Register() {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [categories, setCategories] = useState<Opt[]>([]);
  const [regions, setRegions] = useState<Opt[]>([]);
  const [history, setHistory] = useState<Record<string, History>>({});
  const [done, setDone] = useState<Registered | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const [receivedAt, setReceivedAt] = useState<Dayjs | null>(null);
  const people = (Form.useWatch('petitioners', form) ?? []) as Person[];
  const headcount = (Form.useWatch('headcount', form) as number | undefined) ?? people.length;
  const typed = `${(Form.useWatch('title', form) as string | undefined) ?? ''} ${(Form.useWatch('content', form) as string | undefined) ?? ''}`;
  const chosenCategory = (Form.useWatch('category', form) as string[] | undefined)?.[0];
  // the category the model suggested for the text as registered, recorded with the staff's final choice (feeds training)
  const [suggested, setSuggested] = useState<Suggestion | null>(null);
  useEffect(() => {
    api<Category[]>('/categories').then((c) => setCategories(tree(c, null)), () => undefined);
    api<Region[]>('/workbench/regions').then((r) => setRegions(tree(r, '440600')), () => undefined);
  }, []);
  // the earlier petitions of every valid ID number typed so far, fetched once per number
  const validIds = useMemo(() => people.map((p) => p?.idNumber?.trim() ?? '').filter((id) => id && checkIdNumber(id).ok), [people]);
  useEffect(() => {
    for (const id of validIds) {
      if (history[id]) continue;
      api<History>(`/workbench/person-history${qs({ idNumber: id })}`).then((h) => setHistory((m) => ({ ...m, [id]: h })), () => undefined);
    }
  }, [validIds, history]);
  const reps = people.filter((p) => p?.isRepresentative).length;
  const isGroup = Math.max(headcount, people.length) >= 5;
  const groupError = isGroup ? (reps > 5 ? t('reg.tooManyReps') : reps === 0 ? t('reg.needRep') : null) : null;

  const save = async () => {
    const v = (await form.validateFields()) as {
      channel: string; receivedAt: Dayjs; petitioners: Person[]; headcount?: number; title: string; content: string; purpose?: string;
      category?: string[]; region?: string[]; respondentName?: string;
    };
    if (groupError) { message.error(groupError); return; }
    setBusy(true);
    try {
      const r = await api<Registered>('/petitions', { method: 'POST', body: {
        channel: v.channel, receivedAt: v.receivedAt.toISOString(), title: v.title, content: v.content, purpose: v.purpose,
        headcount: v.headcount, categoryCode: v.category?.at(-1), regionCode: v.region?.at(-1),
        respondent: v.respondentName ? { name: v.respondentName } : undefined,
        ...(files.length ? { attachments: files.map((f) => f.token) } : {}),
        petitioners: v.petitioners.map((p) => ({ name: p.name!, idNumber: p.idNumber?.trim() || undefined, phone: p.phone?.trim() || undefined, address: p.address || undefined, isRepresentative: !!p.isRepresentative })),
      } });
      setDone(r);
      const chosen = v.category?.[0];
      if (suggested && chosen) textApi.feedback(r.id, 'category', chosen, suggested.label).catch(() => undefined);
      setReceivedAt(v.receivedAt);
    } catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };

  if (done) {
    return (
      <Card className="receipt" data-testid="receipt">
        {/* the printed receipt: the page's header and the buttons stay off paper */}
        <style>{'@media print { .ant-layout-header, .no-print { display: none !important } .receipt { border: none !important } }'}</style>
        <Result status="success" title={t('reg.saved')} subTitle={done.isRepeat ? t('reg.repeat') : undefined} />
        <Typography.Title level={3} style={{ textAlign: 'center' }}>{t('reg.receipt')}</Typography.Title>
        <Descriptions bordered column={1} items={[
          { key: 'c', label: t('reg.code'), children: <span data-testid="receipt-code">{done.code}</span> },
          { key: 'q', label: t('reg.queryCode'), children: <b data-testid="receipt-query-code" style={{ fontSize: 20 }}>{done.queryCode}</b> },
          { key: 't', label: t('reg.receivedAt'), children: (receivedAt ?? dayjs()).format('YYYY-MM-DD HH:mm') },
          { key: 'u', label: t('reg.receivedBy'), children: session.user()?.name },
          ...(files.length ? [{ key: 'a', label: t('att.title'), children: <span data-testid="receipt-attachments">{files.map((f) => f.name).join('、')}</span> }] : []),
        ]} />
        <Typography.Paragraph style={{ marginTop: 16 }}>{t('reg.receiptNote')}</Typography.Paragraph>
        <Space className="no-print">
          <Button type="primary" onClick={() => window.print()}>{t('reg.print')}</Button>
          <Link to={`/matters/${done.matterId}`} data-testid="receipt-matter">{done.code}</Link>
          <Button onClick={() => { setDone(null); setFiles([]); form.resetFields(); }}>{t('reg.another')}</Button>
        </Space>
      </Card>
    );
  }

  const addFile = async (f: File) => {
    setUploading(true);
    try { const u = await upload<Uploaded>('/attachments', f); setFiles((l) => [...l, u].slice(0, MAX_FILES)); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setUploading(false); }
  };
  const idRule = { validator: async (_: unknown, v?: string) => {
    if (!v?.trim()) return;
    const c = checkIdNumber(v);
    if (!c.ok) throw new Error(c.message);
  } };
  const histories = validIds.map((id) => history[id]).filter((h): h is History => !!h);
  return (
    <Row gutter={16}>
      <Col span={16}>
        <Card title={t('reg.title')}>
          <Form form={form} layout="vertical" initialValues={{ channel: 'visit', receivedAt: dayjs(), purpose: 'demand', petitioners: [{}] }}>
            <Row gutter={12}>
              <Col span={8}><Form.Item name="channel" label={t('reg.channel')} rules={[{ required: true }]}>
                <Select options={['letter', 'visit', 'phone', 'video', 'online', 'hotline'].map((c) => ({ value: c, label: tk('channel', c) }))} /></Form.Item></Col>
              <Col span={8}><Form.Item name="receivedAt" label={t('reg.receivedAt')} rules={[{ required: true }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={8}><Form.Item name="headcount" label={t('reg.headcount')}><InputNumber min={1} style={{ width: '100%' }} data-testid="headcount" /></Form.Item></Col>
            </Row>
            <Typography.Text strong>{t('reg.petitioners')}</Typography.Text>
            <Form.List name="petitioners">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Row gutter={8} key={f.key} data-testid={`person-${i}`}>
                      <Col span={4}><Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('form.required') }]}><Input placeholder={t('reg.name')} /></Form.Item></Col>
                      <Col span={7}><Form.Item name={[f.name, 'idNumber']} rules={[idRule]} validateTrigger="onChange"
                        extra={(() => { const v = people[i]?.idNumber?.trim(); if (!v) return null; const c = checkIdNumber(v); return c.ok ? t('reg.idOk', { birth: c.birthDate, region: c.regionCode }) : null; })()}>
                        <Input placeholder={t('reg.idNumber')} maxLength={18} /></Form.Item></Col>
                      <Col span={4}><Form.Item name={[f.name, 'phone']}><Input placeholder={t('reg.phone')} /></Form.Item></Col>
                      <Col span={5}><Form.Item name={[f.name, 'address']}><Input placeholder={t('reg.address')} /></Form.Item></Col>
                      <Col span={3}><Form.Item name={[f.name, 'isRepresentative']} valuePropName="checked"><Checkbox>{t('reg.isRep')}</Checkbox></Form.Item></Col>
                      <Col span={1}>{fields.length > 1 && <Button type="text" onClick={() => remove(f.name)}>✕</Button>}</Col>
                    </Row>
                  ))}
                  <Button onClick={() => add({})} style={{ marginBottom: 16 }} data-testid="add-person">{t('reg.addPerson')}</Button>
                </>
              )}
            </Form.List>
            {isGroup && <Alert type={groupError ? 'error' : 'info'} message={t('reg.groupRule')} description={groupError} style={{ marginBottom: 16 }} />}
            <Form.Item name="title" label={t('reg.subject')} rules={[{ required: true, message: t('form.required') }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="content" label={t('reg.content')} rules={[{ required: true, message: t('form.required') }]}><Input.TextArea rows={5} /></Form.Item>
            <Row gutter={12}>
              <Col span={6}><Form.Item name="purpose" label={t('reg.purpose')}>
                <Select options={['demand', 'appeal', 'accusation', 'suggestion', 'consultation', 'other'].map((p) => ({ value: p, label: tk('purpose', p) }))} /></Form.Item></Col>
              <Col span={9}><Form.Item name="category" label={t('reg.category')}><Cascader options={categories} changeOnSelect showSearch data-testid="category" /></Form.Item></Col>
              <Col span={9}><Form.Item name="region" label={t('reg.region')}><Cascader options={regions} changeOnSelect showSearch data-testid="region" /></Form.Item></Col>
            </Row>
            <Form.Item name="respondentName" label={t('reg.respondent')}><Input maxLength={100} /></Form.Item>
            <Form.Item label={t('att.title')} extra={t('att.rule')}>
              <Upload accept={ACCEPT} showUploadList={false} disabled={files.length >= MAX_FILES} beforeUpload={(f) => { void addFile(f); return false; }}>
                <Button loading={uploading} disabled={files.length >= MAX_FILES} data-testid="reg-upload">{t('att.upload')}</Button>
              </Upload>
              <List size="small" dataSource={files} data-testid="reg-files" renderItem={(f) => (
                <List.Item actions={[<a key="rm" onClick={() => setFiles((l) => l.filter((x) => x.token !== f.token))}>{t('att.remove')}</a>]}>{f.name} <Typography.Text type="secondary">{fileSize(f.size)}</Typography.Text></List.Item>)} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="save">{t('reg.save')}</Button>
          </Form>
        </Card>
      </Col>
      <Col span={8}>
        <Card title={t('reg.history')} data-testid="history">
          {histories.length === 0 && <Typography.Text type="secondary">{t('reg.noHistory')}</Typography.Text>}
          {histories.map((h, i) => (
            <div key={i}>
              <Tag color={h.openMatters ? 'red' : 'default'}>{t('reg.openMatters', { n: h.openMatters })}</Tag>
              <List size="small" dataSource={h.petitions} renderItem={(p) => (
                <List.Item><Link to={`/matters/${p.matterId}`}>{p.code}</Link> {p.title} <Tag>{p.statusLabel}</Tag></List.Item>)} />
            </div>
          ))}
        </Card>
        <ClassifySuggestion text={typed} acceptedCategory={chosenCategory} onItems={(items) => setSuggested(items?.find((s) => s.target === 'category') ?? null)}
          onAcceptCategory={(s) => form.setFieldValue('category', [s.label])} />
      </Col>
    </Row>
  );
}
