/**
 * 进度查询: query code + phone → the public timeline, status, the dates of the evaluation and review windows, the
 * published documents; evaluation and the requests for review/re-review while their window is open. The phone
 * stays in this page's memory (the lookup's contract puts it in the query string of the API call, never in the
 * page's own address).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Progress } from '../api.ts';
import { prepareChallenge } from '../challenge.ts';
import { Alert, Field, usePageTitle } from '../components/ui.tsx';
import { dateTime, day, todayShanghai } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { useLocation } from '../router.tsx';
import { errorText, normalizeMobile } from './checks.ts';

const RESULTS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
const WINDOWS = ['evaluation', 'reviewRequest', 'reReviewRequest'] as const;

export default function ProgressPage() {
  const { t, tk } = useI18n();
  usePageTitle(t('progress.title'));
  const { state, query } = useLocation();
  // from the success page (history state), or a link such as /progress?code=… in the SMS (the code alone opens nothing)
  const [code, setCode] = useState((state as { queryCode?: string } | null)?.queryCode ?? query.get('code') ?? '');
  const [phone, setPhone] = useState('');
  const [asked, setAsked] = useState<{ code: string; phone: string } | null>(null);
  const [p, setP] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { prepareChallenge(); }, []);

  async function lookup(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const c = code.trim().toUpperCase();
    const ph = normalizeMobile(phone);
    if (!/^[A-Za-z0-9]{6,20}$/.test(c) || ph.length < 7) { setError(t('progress.err.input')); setP(null); return; }
    setBusy(true);
    setError(null);
    try {
      setP(await api<Progress>(`/public/petitions/${encodeURIComponent(c)}?phone=${encodeURIComponent(ph)}`, { protect: true }));
      setAsked({ code: c, phone: ph });
    } catch (err) {
      setP(null);
      setError(err instanceof ApiError && err.status === 404 ? t('progress.notFound') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('progress.title')}</h1>
      <form className="form" onSubmit={(e) => { void lookup(e); }} noValidate data-testid="lookup-form">
        <div className="row">
          <Field label={t('progress.code')} required>
            {({ id }) => <input id={id} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} maxLength={20} aria-required="true" />}
          </Field>
          <Field label={t('progress.phone')} required>
            {({ id }) => <input id={id} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="numeric" autoComplete="tel" maxLength={20} aria-required="true" />}
          </Field>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t('common.loading') : t('progress.lookup')}</button>
      </form>
      {error && <Alert>{error}</Alert>}
      {p && asked && <Result p={p} asked={asked} onChange={setP} t={t} tk={tk} />}
    </>
  );
}

type I18nFns = Pick<ReturnType<typeof useI18n>, 't' | 'tk'>;

function Result({ p, asked, onChange, t, tk }: { p: Progress; asked: { code: string; phone: string }; onChange(p: Progress): void } & I18nFns) {
  const today = todayShanghai();
  const open = (w: (typeof WINDOWS)[number]) => !!p.windows[w] && p.windows[w]! >= today;
  const canEvaluate = p.status === 'replied' && !p.evaluation && open('evaluation');
  const reviewLevel = p.status === 'replied' && open('reviewRequest') ? 'review' : p.status === 'reviewed' && open('reReviewRequest') ? 'reReview' : null;
  return (
    <section className="panel result" aria-labelledby="result-h" data-testid="progress">
      <h2 id="result-h">{p.title}</h2>
      <dl className="facts">
        <Fact term={t('progress.code')}>{p.queryCode}</Fact>
        <Fact term={t('progress.received')}>{dateTime(p.receivedAt)}</Fact>
        <Fact term={t('progress.status')}><strong data-testid="status">{tk('status', p.status, p.statusLabel)}</strong></Fact>
        {p.evaluation && <Fact term={t('progress.evaluation')}>{tk('result', p.evaluation)}</Fact>}
        {WINDOWS.filter((w) => p.windows[w]).map((w) => (
          <Fact key={w} term={t(`window.${w}`)}>{t('progress.until', { date: p.windows[w]! })}{!open(w) && ` ${t('progress.closed')}`}</Fact>
        ))}
      </dl>

      <h3>{t('progress.timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {p.timeline.map((e, i) => (
          <li key={`${e.action}-${i}`}>
            <span className="tl-label">{tk('action', e.action, e.label)}</span>
            <time dateTime={e.at}>{dateTime(e.at)}</time>
            <Details action={e.action} details={e.details} t={t} tk={tk} />
          </li>
        ))}
      </ol>

      <h3>{t('progress.documents')}</h3>
      {p.documents.length === 0 ? <p className="muted">{t('progress.noDocuments')}</p> : (
        <ul className="docs" data-testid="documents">
          {p.documents.map((d, i) => (
            <li key={`${d.type}-${i}`}>
              <span>{tk('doc', d.type, d.title)}</span> <span className="meta">{day(d.date)}</span>{' '}
              {d.url ? (
                <>
                  <a href={d.url} download>{t('progress.download')}<span className="visually-hidden"> {d.title}</span></a>{' · '}
                  <a href={`${d.url}${d.url.includes('?') ? '&' : '?'}format=pdf`} download>{t('progress.downloadPdf')}<span className="visually-hidden"> {d.title}</span></a>
                </>
              ) : <span className="muted">{t('progress.notPublished')}</span>}
            </li>
          ))}
        </ul>
      )}

      {canEvaluate && <Evaluate asked={asked} onDone={onChange} t={t} tk={tk} />}
      {reviewLevel && <ReviewRequest level={reviewLevel} until={p.windows[reviewLevel === 'review' ? 'reviewRequest' : 'reReviewRequest']!} asked={asked} onDone={onChange} t={t} tk={tk} />}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return <div className="fact"><dt>{term}</dt><dd>{children}</dd></div>;
}

function Details({ action, details, t, tk }: { action: string; details: Record<string, unknown> } & I18nFns) {
  const rows: string[] = [];
  if (typeof details.outcome === 'string') rows.push(`${t('detail.outcome')}${t('common.colon')}${tk('outcome', details.outcome)}`);
  if (typeof details.decision === 'string') rows.push(`${t('detail.decision')}${t('common.colon')}${tk('decision', details.decision)}`);
  if (typeof details.result === 'string') rows.push(`${t('progress.evaluation')}${t('common.colon')}${tk('result', details.result)}`);
  if (typeof details.days === 'number') rows.push(t('detail.extended', { days: details.days, due: String(details.due ?? '') }));
  if (typeof details.channelGuidance === 'string') rows.push(`${t('detail.channel')}${t('common.colon')}${details.channelGuidance}`);
  const text = typeof details.text === 'string' ? details.text : null;
  if (!rows.length && !text) return null;
  return (
    <div className="tl-details" data-action={action}>
      {rows.map((r) => <p key={r}>{r}</p>)}
      {text && <p className="tl-text">{text}</p>}
    </div>
  );
}

function Evaluate({ asked, onDone, t, tk }: { asked: { code: string; phone: string }; onDone(p: Progress): void } & I18nFns) {
  const [result, setResult] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (!result) { setError(t('evaluate.choose')); return; }
    setBusy(true);
    try {
      onDone(await api<Progress>(`/public/petitions/${encodeURIComponent(asked.code)}/evaluation`, { body: { phone: asked.phone, result } }));
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  }
  return (
    <form className="form sub" onSubmit={(e) => { void send(e); }} data-testid="evaluate-form">
      <fieldset>
        <legend>{t('evaluate.title')}</legend>
        <div className="choices">
          {RESULTS.map((r) => (
            <label key={r} className="choice">
              <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} /> {tk('result', r)}
            </label>
          ))}
        </div>
      </fieldset>
      {error && <Alert>{error}</Alert>}
      <button type="submit" className="btn btn-primary" disabled={busy}>{t('evaluate.submit')}</button>
    </form>
  );
}

function ReviewRequest({ level, until, asked, onDone, t }: { level: 'review' | 'reReview'; until: string; asked: { code: string; phone: string }; onDone(p: Progress): void } & I18nFns) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 5) { setError(t('review.err.reason')); return; }
    setBusy(true);
    setError(null);
    try {
      onDone(await api<Progress>(`/public/petitions/${encodeURIComponent(asked.code)}/review-request`, { body: { phone: asked.phone, level, reason: reason.trim() } }));
    } catch (err) {
      const closedOn = err instanceof ApiError && err.code === 'WINDOW_CLOSED' ? (err.details as { closedOn?: string } | undefined)?.closedOn : undefined;
      setError(closedOn ? t('review.closed', { date: closedOn }) : err instanceof ApiError && err.status === 404 ? t('review.unavailable') : errorText(t, err));
      setBusy(false);
    }
  }
  return (
    <form className="form sub" onSubmit={(e) => { void send(e); }} data-testid="review-form">
      <h3>{t(level === 'review' ? 'review.title' : 'review.reTitle')}</h3>
      <p className="hint">{t('review.hint', { date: until })}</p>
      <Field label={t('review.reason')} required>
        {({ id }) => <textarea id={id} rows={4} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-required="true" />}
      </Field>
      {error && <Alert>{error}</Alert>}
      <button type="submit" className="btn btn-secondary" disabled={busy}>{t('review.submit')}</button>
    </form>
  );
}
