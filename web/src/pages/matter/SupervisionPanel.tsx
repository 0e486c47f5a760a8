import { useCallback, useEffect, useState } from 'react';
import { Button, Card } from 'antd';
import { api, hasRole, session, type Matter, type Unit } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import SupervisionItems, { IssueSupervision, type SupervisionItem } from '../supervision/SupervisionItems.tsx';

/** 督办 on the matter page: the items on this matter; issue one (not to one's own unit); answer as the supervised unit. */
export default function SupervisionPanel({ matter, units, onItems }: { matter: Matter; units: Unit[]; onItems: (items: SupervisionItem[]) => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<SupervisionItem[]>([]);
  const [issuing, setIssuing] = useState(false);
  const user = session.user();
  const load = useCallback(() => api<SupervisionItem[]>(`/supervision?matterId=${matter.id}`).then((s) => { setItems(s); onItems(s); }, () => undefined), [matter.id, onItems]);
  useEffect(() => { void load(); }, [load]);
  const mayIssue = hasRole(user, 'supervisor', 'handler', 'leader') && matter.unitId !== user?.unitId;
  if (!items.length && !mayIssue) return null;
  return (
    <Card size="small" title={t('sup.onMatter')} data-testid="matter-supervision"
      extra={mayIssue && <Button size="small" onClick={() => setIssuing(true)} data-testid="sup-issue">{t('sup.issue')}</Button>}>
      <SupervisionItems items={items} units={units} showMatter={false} onChanged={() => void load()} />
      {issuing && <IssueSupervision matterId={matter.id} replied={matter.events.some((e) => e.action === 'reply')} onCancel={() => setIssuing(false)} onDone={() => { setIssuing(false); void load(); }} />}
    </Card>
  );
}
