import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, TreeSelect } from 'antd';
import { api, session, type Unit } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { unitTree } from './tree.ts';

export interface UserRow { id: number; username: string; name: string; unitId: number; roles: string[]; disabled: boolean }
export const ROLES = ['admin', 'registrar', 'lawyer', 'handler', 'supervisor', 'leader', 'evaluator', 'auditor'] as const;

type Editing = { mode: 'new' } | { mode: 'edit'; user: UserRow } | { mode: 'password'; user: UserRow };

/** 用户与角色: create an account, change name/unit/roles, disable, reset the password (the server checks the policy). */
export default function UsersTab({ users, units, reload }: { users: UserRow[]; units: Unit[]; reload: () => void }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');
  const [form] = Form.useForm();
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const me = session.user();
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : t('common.error'));
  const open = (e: Editing) => {
    form.resetFields();
    if (e.mode === 'edit') form.setFieldsValue({ name: e.user.name, unitId: e.user.unitId, roles: e.user.roles });
    setEditing(e);
  };
  const submit = async () => {
    if (!editing) return;
    const v = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      if (editing.mode === 'new') await api('/admin/users', { method: 'POST', body: v });
      else if (editing.mode === 'edit') await api(`/admin/users/${editing.user.id}`, { method: 'PUT', body: v });
      else await api(`/admin/users/${editing.user.id}/password`, { method: 'POST', body: { password: v.password } });
      message.success(t('admin.saved'));
      setEditing(null);
      reload();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const toggle = async (u: UserRow, disabled: boolean) => {
    try { await api(`/admin/users/${u.id}`, { method: 'PUT', body: { disabled } }); message.success(t('admin.saved')); reload(); } catch (e) { fail(e); }
  };
  const req = [{ required: true, message: t('form.required') }];
  const roleOpts = ROLES.map((r) => ({ value: r, label: tk('role', r) }));
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => open({ mode: 'new' })} data-testid="user-new">{t('admin.newUser')}</Button>
        <Input.Search allowClear placeholder={t('admin.findUser')} onChange={(e) => setFilter(e.target.value.trim())} style={{ width: 260 }} data-testid="user-filter" />
      </Space>
      <Table<UserRow> size="small" rowKey="id" dataSource={filter ? users.filter((u) => u.username.includes(filter) || u.name.includes(filter)) : users} columns={[
        { title: t('admin.username'), dataIndex: 'username' }, { title: t('admin.name'), dataIndex: 'name' },
        { title: t('col.unit'), dataIndex: 'unitId', render: (id: number) => unitName.get(id) ?? id },
        { title: t('admin.roles'), dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{tk('role', x)}</Tag>) },
        { title: t('admin.enabled'), dataIndex: 'disabled', render: (d: boolean, u) => (
          <Switch size="small" checked={!d} disabled={u.id === me?.id} onChange={(on) => void toggle(u, !on)} data-testid={`user-enabled-${u.username}`} />) },
        { title: '', key: 'act', render: (_: unknown, u) => (
          <Space>
            <a onClick={() => open({ mode: 'edit', user: u })}>{t('admin.edit')}</a>
            <a onClick={() => open({ mode: 'password', user: u })}>{t('admin.resetPassword')}</a>
          </Space>) },
      ]} />
      {editing && (
        <Modal open title={editing.mode === 'new' ? t('admin.newUser') : editing.mode === 'edit' ? `${t('admin.edit')} · ${editing.user.username}` : `${t('admin.resetPassword')} · ${editing.user.username}`}
          onOk={() => void submit()} onCancel={() => setEditing(null)} confirmLoading={busy} okText={t('form.submit')} cancelText={t('form.cancel')}
          okButtonProps={{ 'data-testid': 'user-submit' } as Record<string, string>} destroyOnHidden>
          <Form form={form} layout="vertical">
            {editing.mode === 'new' && <Form.Item name="username" label={t('admin.username')} rules={req} extra={t('admin.usernameRule')}><Input autoComplete="off" /></Form.Item>}
            {editing.mode !== 'password' && <>
              <Form.Item name="name" label={t('admin.name')} rules={req}><Input /></Form.Item>
              <Form.Item name="unitId" label={t('col.unit')} rules={req}><TreeSelect showSearch treeNodeFilterProp="title" treeData={unitTree(units)} /></Form.Item>
              <Form.Item name="roles" label={t('admin.roles')} rules={req}><Select mode="multiple" options={roleOpts} /></Form.Item>
            </>}
            {editing.mode !== 'edit' && <Form.Item name="password" label={t('login.password')} rules={req} extra={t('admin.passwordRule')}><Input.Password autoComplete="new-password" /></Form.Item>}
          </Form>
        </Modal>
      )}
    </>
  );
}
