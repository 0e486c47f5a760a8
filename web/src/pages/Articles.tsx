import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Spin, Table, Tag } from 'antd';
import { api, qs } from '../api.ts';
import { useI18n } from '../i18n.tsx';

const RichText = lazy(() => import('./articles/RichText.tsx'));
const KINDS = ['news', 'policy', 'notice'] as const;
interface Article { id: number; kind: string; title: string; html: string; summary: string; status: 'draft' | 'published'; publishedAt: string | null; updatedAt: string }
const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }) : '—');

/** 新闻公告: news, policies and notices for the citizen portal — write (drafts), edit, publish, take back, delete. */
export default function Articles() {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Article[]; total: number }>({ items: [], total: 0 });
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const [form] = Form.useForm<{ kind: string; title: string; html: string }>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api<{ items: Article[]; total: number }>(`/articles${qs({ kind, page, pageSize: 20 })}`).then(setData, () => undefined), [kind, page]);
  useEffect(() => { void load(); }, [load]);
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : t('common.error'));
  const edit = (a: Article | 'new') => {
    setEditing(a);
    form.setFieldsValue(a === 'new' ? { kind: kind ?? 'news', title: '', html: '' } : { kind: a.kind, title: a.title, html: a.html });
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const saved = editing === 'new' || editing === null
        ? await api<Article>('/articles', { method: 'POST', body: v })
        : await api<Article>(`/articles/${editing.id}`, { method: 'PUT', body: v });
      message.success(t('art.saved'));
      setEditing(saved);
      form.setFieldsValue({ kind: saved.kind, title: saved.title, html: saved.html });
      await load();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const setPublished = async (a: Article, on: boolean) => {
    try {
      const r = await api<Article>(`/articles/${a.id}/${on ? 'publish' : 'unpublish'}`, { method: 'POST' });
      message.success(t(on ? 'art.publishedMsg' : 'art.unpublishedMsg'));
      if (editing !== 'new' && editing?.id === a.id) setEditing(r);
      await load();
    } catch (e) { fail(e); }
  };
  const remove = async (a: Article) => {
    try { await api(`/articles/${a.id}`, { method: 'DELETE' }); if (editing !== 'new' && editing?.id === a.id) setEditing(null); await load(); } catch (e) { fail(e); }
  };
  const current = editing !== 'new' && editing ? editing : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="articles">
      <Card title={t('nav.articles')} extra={<Space>
        <Select allowClear placeholder={t('art.kind')} style={{ width: 140 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }} options={KINDS.map((k) => ({ value: k, label: tk('artKind', k) }))} />
        <Button type="primary" onClick={() => edit('new')} data-testid="art-new">{t('art.new')}</Button>
      </Space>}>
        <Table<Article> size="small" rowKey="id" dataSource={data.items} pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage }} columns={[
          { title: t('art.kind'), dataIndex: 'kind', width: 90, render: (k: string) => tk('artKind', k) },
          { title: t('art.titleField'), dataIndex: 'title', render: (s: string, a) => <a onClick={() => edit(a)}>{s}</a> },
          { title: t('art.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'} data-testid="art-status">{t(s === 'published' ? 'art.published' : 'art.draft')}</Tag> },
          { title: t('art.publishedAt'), dataIndex: 'publishedAt', width: 160, render: fmt },
          { title: t('art.updatedAt'), dataIndex: 'updatedAt', width: 160, render: fmt },
          { title: '', key: 'act', width: 220, render: (_: unknown, a) => (
            <Space>
              {a.status === 'published'
                ? <Button size="small" onClick={() => void setPublished(a, false)} data-testid={`art-unpublish-${a.id}`}>{t('art.unpublish')}</Button>
                : <Button size="small" type="primary" onClick={() => void setPublished(a, true)} data-testid={`art-publish-${a.id}`}>{t('art.publish')}</Button>}
              <Popconfirm title={t('art.confirmDelete')} onConfirm={() => void remove(a)} okText={t('art.delete')} cancelText={t('form.cancel')}>
                <Button size="small" danger>{t('art.delete')}</Button>
              </Popconfirm>
            </Space>) },
        ]} />
      </Card>
      {editing && (
        <Card title={current ? `${t('art.edit')} · ${current.title}` : t('art.new')} data-testid="art-editor"
          extra={current && <Tag color={current.status === 'published' ? 'green' : 'default'}>{t(current.status === 'published' ? 'art.published' : 'art.draft')}</Tag>}>
          <Form form={form} layout="vertical">
            <Form.Item name="kind" label={t('art.kind')} rules={[{ required: true }]}><Select style={{ width: 200 }} options={KINDS.map((k) => ({ value: k, label: tk('artKind', k) }))} /></Form.Item>
            <Form.Item name="title" label={t('art.titleField')} rules={[{ required: true, message: t('form.required') }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="html" label={t('art.body')} rules={[{ required: true, message: t('form.required') }]}>
              <RichTextField />
            </Form.Item>
            <Space>
              <Button type="primary" loading={busy} onClick={() => void save()} data-testid="art-save">{t('art.save')}</Button>
              {current && current.status !== 'published' && <Button onClick={() => void setPublished(current, true)} data-testid="art-publish">{t('art.publish')}</Button>}
              <Button onClick={() => setEditing(null)}>{t('form.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
    </Space>
  );
}

/** Form.Item hands value/onChange to its single child */
function RichTextField(props: { value?: string; onChange?: (html: string) => void }) {
  return <Suspense fallback={<Spin />}><RichText value={props.value ?? ''} onChange={(h) => props.onChange?.(h)} /></Suspense>;
}
