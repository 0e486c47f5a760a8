/**
 * 网上信访: the real-name form of docs/PORTAL.md. The ID number is checked as it is typed with the server's own
 * GB 11643 function; the challenge is solved in the background from the moment the page opens; one
 * Idempotency-Key per form fill, reused by every retry, so a double click or a retry after a lost answer makes one
 * petition; the button is disabled while sending.
 */
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { checkIdNumber } from '../../../src/domain/id-number.ts';
import { api, ApiError, newKey, type Category, type Region, type Uploaded } from '../api.ts';
import { prepareChallenge } from '../challenge.ts';
import { Alert, Field, usePageTitle } from '../components/ui.tsx';
import { fileSize } from '../format.ts';
import { useI18n, type MsgKey } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { errorText, isMobile, normalizeMobile } from './checks.ts';

const PURPOSES = ['demand', 'appeal', 'accusation', 'suggestion', 'consultation', 'other'] as const;
const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,.pdf';

interface Attachment { key: string; name: string; size: number; state: 'uploading' | 'done' | 'error'; token?: string; type?: string; error?: string }
type FieldName = 'name' | 'idNumber' | 'phone' | 'smsCode' | 'address' | 'purpose' | 'district' | 'title' | 'content' | 'ack';
const EMPTY = { name: '', idNumber: '', phone: '', smsCode: '', address: '', purpose: '', category1: '', category2: '', district: '', town: '', title: '', content: '' };

export default function Petition() {
  const { t, tk } = useI18n();
  usePageTitle(t('petition.title'));
  const [v, setV] = useState(EMPTY);
  const [ack, setAck] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [focusTick, setFocusTick] = useState(0);
  const [categories, setCategories] = useState<Category[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [dictError, setDictError] = useState(false);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [sms, setSms] = useState<{ wait: number; note: string | null; error: string | null; sending: boolean }>({ wait: 0, note: null, error: null, sending: false });
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const sendingRef = useRef(false);
  const key = useRef(newKey()); // one per form fill: a retry sends the same key

  useEffect(() => {
    prepareChallenge();
    let live = true;
    Promise.all([api<Category[]>('/categories'), api<Region[]>('/public/regions')])
      .then(([c, r]) => { if (live) { setCategories(c); setRegions(r); } })
      .catch(() => { if (live) setDictError(true); });
    return () => { live = false; };
  }, []);

  useEffect(() => {
    if (sms.wait <= 0) return;
    const timer = setTimeout(() => setSms((s) => ({ ...s, wait: s.wait - 1 })), 1000);
    return () => clearTimeout(timer);
  }, [sms.wait]);

  useEffect(() => {
    if (focusTick) document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const set = (k: keyof typeof EMPTY) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
    const value = e.target.value;
    setV((old) => ({ ...old, [k]: value, ...(k === 'category1' ? { category2: '' } : {}), ...(k === 'district' ? { town: '' } : {}) }));
  };

  const idCheck = v.idNumber.trim().length >= 15 ? checkIdNumber(v.idNumber) : null;
  const idLive = idCheck && !idCheck.ok ? t(`id.${idCheck.code}` as MsgKey) : null;
  const phoneOk = isMobile(v.phone);

  function validate(): Partial<Record<FieldName, string>> {
    const e: Partial<Record<FieldName, string>> = {};
    if (!v.name.trim()) e.name = t('petition.err.name');
    const id = checkIdNumber(v.idNumber);
    if (!id.ok) e.idNumber = v.idNumber.trim() ? t(`id.${id.code}` as MsgKey) : t('petition.err.idNumber');
    if (!phoneOk) e.phone = t('petition.err.phone');
    if (v.smsCode && !/^\d{6}$/.test(v.smsCode.trim())) e.smsCode = t('petition.err.smsCode');
    if (!v.purpose) e.purpose = t('petition.err.purpose');
    if (!v.district) e.district = t('petition.err.district');
    if (!v.title.trim()) e.title = t('petition.err.title');
    if (v.content.trim().length < 10) e.content = t('petition.err.content');
    if (!ack) e.ack = t('petition.err.ack');
    return e;
  }

  async function sendSms() {
    if (!phoneOk || sms.wait > 0 || sms.sending) return;
    setSms((s) => ({ ...s, sending: true, error: null, note: null }));
    try {
      const r = await api<{ expiresIn: number; resendAfter: number }>('/public/sms-codes', { body: { phone: normalizeMobile(v.phone), purpose: 'petition' }, protect: true });
      setSms({ wait: r.resendAfter || 60, note: t('petition.sms.sent', { minutes: Math.round((r.expiresIn || 300) / 60) }), error: null, sending: false });
    } catch (err) {
      const retryAfter = err instanceof ApiError && err.code === 'RATE_LIMITED' ? Number((err.details as { retryAfter?: number } | undefined)?.retryAfter) : NaN;
      const error = !(err instanceof ApiError) ? errorText(t, err)
        : err.status === 404 ? t('petition.sms.unavailable')
          : err.code === 'PHONE_INVALID' ? t('petition.err.phoneMobile')
            : err.code === 'UNAVAILABLE' ? t('petition.sms.failed')
              : retryAfter > 0 ? t('petition.sms.retryAfter', { s: retryAfter }) : errorText(t, err);
      setSms({ wait: retryAfter > 0 ? retryAfter : 0, note: null, error, sending: false });
    }
  }

  async function addFiles(e: ChangeEvent<HTMLInputElement>) {
    const chosen = [...(e.target.files ?? [])];
    e.target.value = ''; // the same file may be chosen again after removing it
    const room = MAX_FILES - files.length;
    if (chosen.length > room) setServerError(t('petition.files.tooMany', { max: MAX_FILES }));
    for (const file of chosen.slice(0, Math.max(0, room))) {
      const entry: Attachment = { key: newKey(), name: file.name, size: file.size, state: 'uploading' };
      if (file.size > MAX_BYTES) {
        setFiles((fs) => [...fs, { ...entry, state: 'error', error: t('petition.files.tooLarge') }]);
        continue;
      }
      setFiles((fs) => [...fs, entry]);
      const form = new FormData();
      form.append('file', file, file.name);
      api<Uploaded>('/public/attachments', { form, protect: true })
        .then((u) => setFiles((fs) => fs.map((f) => (f.key === entry.key ? { ...f, state: 'done', token: u.token, size: u.size, type: u.type } : f))))
        .catch((err: unknown) => {
          const msg = err instanceof ApiError && err.code === 'UNSUPPORTED_TYPE' ? t('petition.files.badType')
            : err instanceof ApiError && err.status === 413 ? t('petition.files.tooLarge')
              : err instanceof ApiError && err.status === 404 ? t('petition.files.unavailable') : errorText(t, err);
          setFiles((fs) => fs.map((f) => (f.key === entry.key ? { ...f, state: 'error', error: msg } : f)));
        });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sendingRef.current) return; // a second click before React re-renders the disabled button
    const errs = validate();
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) { setFocusTick((n) => n + 1); return; }
    if (files.some((f) => f.state === 'uploading')) { setServerError(t('petition.files.wait')); return; }
    const tokens = files.filter((f) => f.state === 'done' && f.token).map((f) => f.token!);
    const body: Record<string, unknown> = {
      name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase(), phone: normalizeMobile(v.phone), title: v.title.trim(), content: v.content.trim(),
      purpose: v.purpose, regionCode: v.town || v.district,
    };
    if (v.address.trim()) body.address = v.address.trim();
    if (v.category2 || v.category1) body.categoryCode = v.category2 || v.category1;
    if (v.smsCode.trim()) body.smsCode = v.smsCode.trim();
    if (tokens.length) body.attachments = tokens;
    sendingRef.current = true;
    setSending(true);
    try {
      const r = await api<{ queryCode: string }>('/public/petitions', { body, headers: { 'idempotency-key': key.current }, protect: true });
      navigate('/petition/done', { queryCode: r.queryCode, smsVerified: !!body.smsCode });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SMS_CODE_INVALID') setErrors({ smsCode: t('petition.err.smsInvalid') });
      setServerError(err instanceof ApiError && err.code === 'ATTACHMENT_INVALID' ? t('petition.files.invalid')
        : err instanceof ApiError && err.code === 'CONFLICT' ? t('petition.err.conflict') : errorText(t, err));
      sendingRef.current = false;
      setSending(false);
    }
  }

  const level1 = categories.filter((c) => c.level === 1);
  const level2 = categories.filter((c) => c.level === 2 && c.parentCode === v.category1);
  const districts = regions.filter((r) => r.level === 'district');
  const towns = regions.filter((r) => r.level === 'town' && r.parentCode === v.district);
  const err = (k: FieldName) => errors[k] ?? null;

  return (
    <>
      <h1>{t('petition.title')}</h1>
      <p className="lead">{t('petition.lead')}</p>
      <form className="form" onSubmit={(e) => { void submit(e); }} noValidate data-testid="petition-form">
        {dictError && <Alert kind="info">{t('petition.dictUnavailable')}</Alert>}
        <fieldset>
          <legend>{t('petition.section.person')}</legend>
          <Field label={t('petition.name')} required error={err('name')}>
            {({ id, describedBy, invalid }) => <input id={id} value={v.name} onChange={set('name')} autoComplete="name" maxLength={50} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy} />}
          </Field>
          <Field label={t('petition.idNumber')} required error={err('idNumber') ?? idLive}
            hint={idCheck?.ok ? <span className="ok">✓ {t('petition.idOk')}</span> : t('petition.idHint')}>
            {({ id, describedBy, invalid }) => <input id={id} value={v.idNumber} onChange={set('idNumber')} maxLength={18} autoComplete="off" inputMode="text" spellCheck={false} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy} data-testid="id-number" />}
          </Field>
          <Field label={t('petition.phone')} required error={err('phone')} hint={t('petition.phoneHint')}>
            {({ id, describedBy, invalid }) => (
              <div className="with-button">
                <input id={id} type="tel" value={v.phone} onChange={set('phone')} autoComplete="tel" inputMode="numeric" maxLength={20} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy} />
                <button type="button" className="btn btn-secondary" disabled={!phoneOk || sms.wait > 0 || sms.sending} onClick={() => { void sendSms(); }} data-testid="sms-button">
                  {sms.wait > 0 ? t('petition.sms.wait', { s: sms.wait }) : t('petition.sms.get')}
                </button>
              </div>
            )}
          </Field>
          <div aria-live="polite">
            {sms.note && <p className="ok">{sms.note}</p>}
            {sms.error && <p className="err">{sms.error}</p>}
          </div>
          <Field label={t('petition.smsCode')} optional error={err('smsCode')} hint={t('petition.smsCodeHint')}>
            {({ id, describedBy, invalid }) => <input id={id} value={v.smsCode} onChange={set('smsCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} aria-invalid={invalid} aria-describedby={describedBy} />}
          </Field>
          <Field label={t('petition.address')} optional>
            {({ id }) => <input id={id} value={v.address} onChange={set('address')} autoComplete="street-address" maxLength={200} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('petition.section.matter')}</legend>
          <Field label={t('petition.purpose')} required error={err('purpose')}>
            {({ id, describedBy, invalid }) => (
              <select id={id} value={v.purpose} onChange={set('purpose')} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy}>
                <option value="">{t('common.choose')}</option>
                {PURPOSES.map((p) => <option key={p} value={p}>{tk('purpose', p)}</option>)}
              </select>
            )}
          </Field>
          <div className="row">
            <Field label={t('petition.category')} optional>
              {({ id }) => (
                <select id={id} value={v.category1} onChange={set('category1')}>
                  <option value="">{t('common.choose')}</option>
                  {level1.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
                </select>
              )}
            </Field>
            <Field label={t('petition.subcategory')} optional>
              {({ id }) => (
                <select id={id} value={v.category2} onChange={set('category2')} disabled={!level2.length}>
                  <option value="">{t('common.choose')}</option>
                  {level2.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
                </select>
              )}
            </Field>
          </div>
          <div className="row">
            <Field label={t('petition.district')} required error={err('district')}>
              {({ id, describedBy, invalid }) => (
                <select id={id} value={v.district} onChange={set('district')} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy}>
                  <option value="">{t('common.choose')}</option>
                  {districts.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
                </select>
              )}
            </Field>
            <Field label={t('petition.town')} optional>
              {({ id }) => (
                <select id={id} value={v.town} onChange={set('town')} disabled={!towns.length}>
                  <option value="">{t('common.choose')}</option>
                  {towns.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
                </select>
              )}
            </Field>
          </div>
          <Field label={t('petition.subject')} required error={err('title')}>
            {({ id, describedBy, invalid }) => <input id={id} value={v.title} onChange={set('title')} maxLength={200} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy} />}
          </Field>
          <Field label={t('petition.content')} required error={err('content')} hint={t('petition.contentHint', { n: v.content.length })}>
            {({ id, describedBy, invalid }) => <textarea id={id} value={v.content} onChange={set('content')} rows={7} maxLength={20000} aria-required="true" aria-invalid={invalid} aria-describedby={describedBy} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('petition.files')}</legend>
          <p className="hint" id="files-hint">{t('petition.files.hint', { max: MAX_FILES })}</p>
          <label className="btn btn-secondary file-pick">
            {t('petition.files.choose')}
            <input type="file" className="visually-hidden" multiple accept={ACCEPT} onChange={(e) => { void addFiles(e); }} disabled={files.length >= MAX_FILES} aria-describedby="files-hint" data-testid="file-input" />
          </label>
          {files.length > 0 && (
            <ul className="files" aria-live="polite">
              {files.map((f) => (
                <li key={f.key} className={`file file-${f.state}`}>
                  <span className="file-name">{f.name}</span>
                  <span className="file-size">{fileSize(f.size)}</span>
                  <span className="file-state">{f.state === 'uploading' ? t('petition.files.uploading') : f.state === 'done' ? t('petition.files.done') : f.error}</span>
                  <button type="button" className="link-button" onClick={() => setFiles((fs) => fs.filter((x) => x.key !== f.key))} aria-label={t('petition.files.remove', { name: f.name })}>
                    {t('common.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <section className="notice" aria-labelledby="notice-h">
          <h2 id="notice-h">{t('notice.title')}</h2>
          <ol>
            <li>{t('notice.1')}</li>
            <li>{t('notice.2')}</li>
            <li>{t('notice.3')}</li>
            <li>{t('notice.4')}</li>
            <li>{t('notice.5')}</li>
          </ol>
          <div className={`check${errors.ack ? ' has-error' : ''}`}>
            <input id="ack" type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} aria-invalid={!!errors.ack} aria-describedby={errors.ack ? 'ack-err' : undefined} />
            <label htmlFor="ack">{t('notice.ack')}</label>
          </div>
          {errors.ack && <p className="err" id="ack-err">{errors.ack}</p>}
        </section>

        {serverError && <Alert>{serverError}</Alert>}
        <button type="submit" className="btn btn-primary btn-block" disabled={sending} aria-busy={sending} data-testid="submit">
          {sending ? t('petition.sending') : t('petition.submit')}
        </button>
      </form>
    </>
  );
}
