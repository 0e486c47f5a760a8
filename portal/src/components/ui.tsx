/** Small pieces the pages share: the page title, a labelled field, and an error line tied to its input. */
import { useEffect, useId, type ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';

export function usePageTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => { document.title = `${title} · ${t('app.name')}`; }, [title, t]);
}

/** A label above its control, with an optional hint and error line the control names in aria-describedby. */
export function Field({ label, required, hint, error, children, optional }: {
  label: string; required?: boolean; optional?: boolean; hint?: ReactNode; error?: string | null;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const hintId = hint ? `${id}-hint` : '';
  const errId = error ? `${id}-err` : '';
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
        {optional && <span className="opt">{t('common.optional')}</span>}
      </label>
      {children({ id, describedBy, invalid: !!error })}
      {hint && <p className="hint" id={hintId}>{hint}</p>}
      {error && <p className="err" id={errId}>{error}</p>}
    </div>
  );
}

/** An answer from the server or a check, announced to screen readers. */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'ok' | 'info'; children: ReactNode }) {
  return <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}
