import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, List, Space, Tag, Typography, Upload } from 'antd';
import { api, download, hasRole, session, upload } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

interface Attachment { id: number; name: string; size: number; type: string; uploadedAt: string; source: 'citizen' | 'staff' }

export const fileSize = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
/** what the server takes (docs/PORTAL.md: decided from the bytes; at most 10 MB) */
export const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,image/jpeg,image/png,image/gif,image/webp,application/pdf';

/** 附件: the matter's files (the citizen's and the staff's), download, add one. */
export default function AttachmentsPanel({ matterId }: { matterId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Attachment[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api<Attachment[]>(`/matters/${matterId}/attachments`).then(setItems, () => undefined), [matterId]);
  useEffect(() => { void load(); }, [load]);
  const add = async (file: File) => {
    setBusy(true);
    try { await upload(`/matters/${matterId}/attachments`, file); message.success(t('att.uploaded')); await load(); }
    catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('att.title')} data-testid="attachments" extra={hasRole(session.user(), 'registrar', 'handler', 'leader', 'supervisor') &&
      <Upload accept={ACCEPT} showUploadList={false} beforeUpload={(f) => { void add(f); return false; }}>
        <Button size="small" loading={busy} data-testid="att-upload">{t('att.upload')}</Button>
      </Upload>}>
      <List size="small" dataSource={items} locale={{ emptyText: t('att.none') }} renderItem={(a) => (
        <List.Item data-testid="attachment" actions={[<a key="dl" onClick={() => void download(`/attachments/${a.id}/file`, a.name)}>{t('doc.download')}</a>]}>
          <Space wrap>
            <span>{a.name}</span>
            <Typography.Text type="secondary">{fileSize(a.size)}</Typography.Text>
            <Tag color={a.source === 'citizen' ? 'blue' : 'default'}>{t(a.source === 'citizen' ? 'att.citizen' : 'att.staff')}</Tag>
          </Space>
        </List.Item>)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('att.rule')}</Typography.Text>
    </Card>
  );
}
