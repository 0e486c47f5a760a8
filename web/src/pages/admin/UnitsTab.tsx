import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Table, TreeSelect } from 'antd';
import { api, type Unit } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { unitTree } from './tree.ts';

const KINDS = ['department', 'town', 'court', 'procuratorate'] as const;

/** 单位: add a unit under a parent (its region by default), rename one. The server reloads its organisation at once. */
export default function UnitsTab({ units, reload }: { units: Unit[]; reload: () => void }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<{ mode: 'new'; parentId?: number } | { mode: 'rename'; unit: Unit } | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');
  const [form] = Form.useForm();
  const byId = new Map(units.map((u) => [u.id, u]));
  const open = (e: NonNullable<typeof editing>) => {
    form.resetFields();
    form.setFieldsValue(e.mode === 'rename' ? { name: e.unit.name } : { parentId: e.parentId, kind: 'department' });
    setEditing(e);
  };
  const submit = async () => {
    if (!editing) return;
    const v = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      if (editing.mode === 'new') await api('/admin/units', { method: 'POST', body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) });
      else await api(`/admin/units/${editing.unit.id}`, { method: 'PUT', body: { name: v.name } });
      message.success(t('admin.saved'));
      setEditing(null);
      reload();
    } catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  const req = [{ required: true, message: t('form.required') }];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => open({ mode: 'new' })} data-testid="unit-new">{t('admin.newUnit')}</Button>
        <Input.Search allowClear placeholder={t('admin.findUnit')} onChange={(e) => setFilter(e.target.value.trim())} style={{ width: 260 }} data-testid="unit-filter" />
      </Space>
      <Table<Unit> size="small" rowKey="id" dataSource={filter ? units.filter((u) => u.name.includes(filter) || u.code.includes(filter)) : units} columns={[
        { title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.unitName'), dataIndex: 'name' }, { title: t('admin.kind'), dataIndex: 'kind', render: (k: string) => tk('unitKind', k) },
        { title: t('admin.parent'), dataIndex: 'parentId', render: (id: number | null) => (id ? byId.get(id)?.name ?? id : '—') },
        { title: t('admin.region'), dataIndex: 'regionCode' },
        { title: '', key: 'act', render: (_: unknown, u) => <>
          <a onClick={() => open({ mode: 'rename', unit: u })}>{t('admin.rename')}</a>{' '}
          <a onClick={() => open({ mode: 'new', parentId: u.id })}>{t('admin.addChild')}</a></> },
      ]} />
      {editing && (
        <Modal open title={editing.mode === 'new' ? t('admin.newUnit') : `${t('admin.rename')} · ${editing.unit.name}`} onOk={() => void submit()} onCancel={() => setEditing(null)}
          confirmLoading={busy} okText={t('form.submit')} cancelText={t('form.cancel')} okButtonProps={{ 'data-testid': 'unit-submit' } as Record<string, string>} destroyOnHidden>
          <Form form={form} layout="vertical">
            {editing.mode === 'new' && <>
              <Form.Item name="parentId" label={t('admin.parent')} rules={req}><TreeSelect showSearch treeNodeFilterProp="title" treeData={unitTree(units)} /></Form.Item>
              <Form.Item name="code" label={t('admin.code')} rules={req} extra={t('admin.unitCodeRule')}><Input /></Form.Item>
              <Form.Item name="kind" label={t('admin.kind')} rules={req}><Select options={KINDS.map((k) => ({ value: k, label: tk('unitKind', k) }))} /></Form.Item>
              <Form.Item name="regionCode" label={t('admin.region')} extra={t('admin.regionRule')}><Input maxLength={9} /></Form.Item>
            </>}
            <Form.Item name="name" label={t('admin.unitName')} rules={req}><Input maxLength={60} /></Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
