import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, List, Select, Space, Tag, Typography } from 'antd';
import { api, download, hasRole, postForFile, session, type Matter } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

interface Doc { id: number; kind: string; number: string; title: string; createdAt: string; published: boolean }

/** the event each document needs before it can be issued (src/services/documents.ts) */
const NEEDS: Record<string, string> = {
  acceptanceNotice: 'accept', declineNotice: 'decline', extensionNotice: 'extend', handlingOpinion: 'reply', reviewOpinion: 'decideReview', reReviewOpinion: 'decideReReview',
};

/** 文书: the matter's issued documents (download .docx), and issuing one of the kinds its history allows. */
export default function DocumentsPanel({ matter, hasOrder }: { matter: Matter; hasOrder: boolean }) {
  const { t, tk } = useI18n();
  const { message } = App.useApp();
  const [docs, setDocs] = useState<Doc[]>([]);
  const [kind, setKind] = useState<string | undefined>();
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api<Doc[]>(`/matters/${matter.id}/documents`).then(setDocs, () => undefined), [matter.id]);
  useEffect(() => { void load(); }, [load, matter.events.length]);
  const done = new Set(matter.events.map((e) => e.action));
  const kinds = [...Object.entries(NEEDS).filter(([, a]) => done.has(a)).map(([k]) => k), ...(hasOrder ? ['supervisionOrder'] : [])];
  const mayIssue = hasRole(session.user(), 'handler', 'leader', 'supervisor');
  const issue = async () => {
    if (!kind) return;
    setBusy(true);
    try {
      const h = await postForFile(`/matters/${matter.id}/documents`, { kind, publish }, `${tk('doc', kind)}.docx`);
      message.success(t('doc.issued', { number: decodeURIComponent(h.get('x-document-number') ?? '') }));
      setKind(undefined); setPublish(false);
      await load();
    } catch (e) { message.error(e instanceof Error ? e.message : t('common.error')); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('doc.title')} data-testid="documents">
      <List size="small" dataSource={docs} locale={{ emptyText: t('doc.none') }} renderItem={(d) => (
        <List.Item data-testid={`document-${d.kind}`} actions={[
          <a key="dl" onClick={() => void download(`/documents/${d.id}/file.docx`, `${d.title}-${matter.code}.docx`)}>{t('doc.download')}</a>]}>
          <Space wrap>
            <span>{d.title}</span>
            <Typography.Text type="secondary">{d.number}</Typography.Text>
            {d.published ? <Tag color="green" data-testid="published">{t('doc.published')}</Tag> : <Tag>{t('doc.internal')}</Tag>}
            <Typography.Text type="secondary">{new Date(d.createdAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })}</Typography.Text>
          </Space>
        </List.Item>)} />
      {mayIssue && (
        <Space wrap style={{ marginTop: 8 }}>
          <Select style={{ minWidth: 200 }} placeholder={kinds.length ? t('doc.kind') : t('doc.noneAllowed')} disabled={!kinds.length} value={kind} onChange={setKind}
            options={kinds.map((k) => ({ value: k, label: tk('doc', k) }))} data-testid="doc-kind" />
          <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)} data-testid="doc-publish">{t('doc.publish')}</Checkbox>
          <Button type="primary" disabled={!kind} loading={busy} onClick={() => void issue()} data-testid="doc-issue">{t('doc.issue')}</Button>
        </Space>
      )}
    </Card>
  );
}
