/** After a submission: the query code, a copy button, and the way to follow progress. */
import { useRef, useState } from 'react';
import { Alert, usePageTitle } from '../components/ui.tsx';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';

async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no Clipboard API (plain HTTP, older WebViews): select the code so a long press copies it
    if (fallback) {
      const range = document.createRange();
      range.selectNodeContents(fallback);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    return false;
  }
}

export default function Submitted() {
  const { t } = useI18n();
  usePageTitle(t('done.title'));
  const { state } = useLocation();
  const code = (state as { queryCode?: string } | null)?.queryCode;
  const [copied, setCopied] = useState<boolean | null>(null);
  const codeEl = useRef<HTMLElement>(null);

  if (!code) {
    return (
      <>
        <h1>{t('done.title')}</h1>
        <p>{t('done.noCode')}</p>
        <p><Link to="/petition">{t('home.petition')}</Link></p>
      </>
    );
  }
  return (
    <>
      <h1>{t('done.title')}</h1>
      <Alert kind="ok">{t('done.received')}</Alert>
      <div className="code-box">
        <p>{t('done.codeLabel')}</p>
        <strong className="code" ref={codeEl} data-testid="query-code">{code}</strong>
        <button type="button" className="btn btn-secondary" onClick={() => { void copyText(code, codeEl.current).then(setCopied); }}>{t('done.copy')}</button>
        <p aria-live="polite" className={copied ? 'ok' : 'muted'}>{copied === true ? t('done.copied') : copied === false ? t('done.copyManual') : ''}</p>
      </div>
      <p>{t('done.keep')}</p>
      <p>
        <button type="button" className="btn btn-primary" onClick={() => navigate('/progress', { queryCode: code })}>{t('done.track')}</button>
      </p>
    </>
  );
}
