import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Switch, Tree, Typography } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

export interface AdminCategory { code: string; name: string; level: number; parentCode: string | null; disabled: boolean }
interface Node { key: string; title: React.ReactNode; children: Node[] }

/** 问题分类: the three-level dictionary; add under a category (or a new first level), rename, disable (with the levels below). */
export default function CategoriesTab({ cats, reload }: { cats: AdminCategory[]; reload: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<{ mode: 'new'; parent: AdminCategory | null } | { mode: 'rename'; cat: AdminCategory } | null>(null);
  const [busy, setBusy] = useState(false);
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const [form] = Form.useForm<{ name: string }>();
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : t('common.error'));
  const toggle = async (c: AdminCategory, on: boolean) => {
    try { await api(`/admin/categories/${c.code}`, { method: 'PUT', body: { disabled: !on } }); reload(); } catch (e) { fail(e); }
  };
  const open = (e: NonNullable<typeof editing>) => { form.setFieldsValue({ name: e.mode === 'rename' ? e.cat.name : '' }); setEditing(e); };
  const submit = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (editing.mode === 'new') {
        const c = await api<AdminCategory>('/admin/categories', { method: 'POST', body: { parentCode: editing.parent?.code ?? null, name: v.name } });
        message.success(t('admin.categoryAdded', { code: c.code }));
        // show the new category where it was added
        if (c.parentCode) setExpanded((k) => [...new Set([...k, ...[c.parentCode!.slice(0, 2), c.parentCode!.slice(0, 4)].filter((x) => x.length <= c.parentCode!.length)])]);
      } else await api(`/admin/categories/${editing.cat.code}`, { method: 'PUT', body: { name: v.name } });
      setEditing(null);
      reload();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const nodes = new Map<string, Node>();
  const roots: Node[] = [];
  for (const c of cats) {
    nodes.set(c.code, { key: c.code, children: [], title: (
      <Space data-testid={`cat-${c.code}`}>
        <Typography.Text delete={c.disabled} type={c.disabled ? 'secondary' : undefined}>{c.code} {c.name}</Typography.Text>
        <Switch size="small" checked={!c.disabled} onChange={(on) => void toggle(c, on)} />
        <a onClick={(e) => { e.stopPropagation(); open({ mode: 'rename', cat: c }); }}>{t('admin.rename')}</a>
        {c.level < 3 && <a onClick={(e) => { e.stopPropagation(); open({ mode: 'new', parent: c }); }}>{t('admin.addChild')}</a>}
      </Space>) });
  }
  for (const c of cats) (c.parentCode ? nodes.get(c.parentCode)?.children ?? roots : roots).push(nodes.get(c.code)!);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => open({ mode: 'new', parent: null })}>{t('admin.newTopCategory')}</Button>
        <Typography.Text type="secondary">{t('admin.categoriesNote')}</Typography.Text>
      </Space>
      <Tree treeData={roots} selectable={false} blockNode expandedKeys={expanded} onExpand={(k) => setExpanded(k)} />
      {editing && (
        <Modal open title={editing.mode === 'new' ? `${t('admin.addChild')} · ${editing.parent ? editing.parent.name : t('admin.topLevel')}` : `${t('admin.rename')} · ${editing.cat.name}`}
          onOk={() => void submit()} onCancel={() => setEditing(null)} confirmLoading={busy} okText={t('form.submit')} cancelText={t('form.cancel')}
          okButtonProps={{ 'data-testid': 'cat-submit' } as Record<string, string>} destroyOnHidden>
          <Form form={form} layout="vertical"><Form.Item name="name" label={t('admin.categoryName')} rules={[{ required: true, message: t('form.required') }]}><Input maxLength={40} /></Form.Item></Form>
        </Modal>
      )}
    </>
  );
}
