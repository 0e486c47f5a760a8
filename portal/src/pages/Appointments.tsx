/** 预约接访: the published leader reception days with their free slots; book with a short description; cancel with the booking code. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Booked, type ReceptionDay } from '../api.ts';
import { Alert, Field, usePageTitle } from '../components/ui.tsx';
import { useI18n } from '../i18n.tsx';
import { errorText, isMobile, normalizeMobile } from './checks.ts';

export default function Appointments() {
  const { t, tk } = useI18n();
  usePageTitle(t('appt.title'));
  const [days, setDays] = useState<ReceptionDay[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pick, setPick] = useState<{ day: ReceptionDay; slot: string } | null>(null);
  const [booked, setBooked] = useState<(Booked & { dayId: number }) | null>(null);

  const load = () => api<ReceptionDay[]>('/public/receptions').then(setDays).catch((e: unknown) => setLoadError(errorText(t, e)));
  useEffect(() => { void load(); }, []);

  return (
    <>
      <h1>{t('appt.title')}</h1>
      <p className="lead">{t('appt.lead')}</p>
      {loadError && <Alert>{loadError}</Alert>}
      {days === null && !loadError && <p className="muted" role="status">{t('common.loading')}</p>}
      {days && days.length === 0 && <p className="muted">{t('appt.none')}</p>}
      {days && days.length > 0 && (
        <ul className="receptions">
          {days.map((d) => (
            <li key={d.id} className="panel reception" data-testid={`reception-${d.id}`}>
              <h2>{d.date} {d.start}–{d.end}</h2>
              <p><strong>{d.leaderName}</strong>{d.leaderTitle ? ` ${d.leaderTitle}` : ''} · {tk('receptionKind', d.kind)}</p>
              <p>{t('appt.place')}{t('common.colon')}{d.place}</p>
              {d.topic && <p>{t('appt.topic')}{t('common.colon')}{d.topic}</p>}
              <fieldset className="slots">
                <legend>{t('appt.slots')}</legend>
                <div className="slot-list">
                  {d.slots.map((s) => (
                    <label key={s.start} className={`slot${s.free ? '' : ' full'}`}>
                      <input type="radio" name="slot" disabled={!s.free} checked={pick?.day.id === d.id && pick.slot === s.start}
                        onChange={() => { setPick({ day: d, slot: s.start }); setBooked(null); }} />
                      <span>{s.start}</span>
                      <span className="meta">{s.free ? t('appt.free', { n: s.free }) : t('appt.full')}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              {booked?.dayId === d.id && (
                <Alert kind="ok">
                  <span data-testid="booking">{t('appt.booked', { date: booked.date, slot: booked.slot })} <strong data-testid="booking-code">{booked.code}</strong></span>
                </Alert>
              )}
              {pick?.day.id === d.id && <BookForm day={d} slot={pick.slot} onBooked={(b) => { setBooked({ ...b, dayId: d.id }); setPick(null); void load(); }} />}
            </li>
          ))}
        </ul>
      )}
      <CancelForm onCancelled={() => { void load(); }} />
    </>
  );
}

function BookForm({ day, slot, onBooked }: { day: ReceptionDay; slot: string; onBooked(b: Booked): void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ name: '', phone: '', description: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!v.name.trim() || !isMobile(v.phone) || v.description.trim().length < 5) { setError(t('appt.err.input')); return; }
    setBusy(true);
    setError(null);
    try {
      onBooked(await api<Booked>('/public/appointments', { body: { receptionDayId: day.id, slot, name: v.name.trim(), phone: normalizeMobile(v.phone), description: v.description.trim() } }));
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  }
  return (
    <form className="form sub" onSubmit={(e) => { void send(e); }} noValidate data-testid="book-form">
      <h3>{t('appt.bookTitle', { date: day.date, slot })}</h3>
      <Field label={t('petition.name')} required>
        {({ id }) => <input id={id} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} autoComplete="name" maxLength={50} aria-required="true" />}
      </Field>
      <Field label={t('petition.phone')} required>
        {({ id }) => <input id={id} type="tel" value={v.phone} onChange={(e) => setV({ ...v, phone: e.target.value })} autoComplete="tel" inputMode="numeric" maxLength={20} aria-required="true" />}
      </Field>
      <Field label={t('appt.description')} required hint={t('appt.descriptionHint')}>
        {({ id, describedBy }) => <textarea id={id} rows={3} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} maxLength={500} aria-required="true" aria-describedby={describedBy} />}
      </Field>
      {error && <Alert>{error}</Alert>}
      <button type="submit" className="btn btn-primary" disabled={busy}>{t('appt.book')}</button>
    </form>
  );
}

function CancelForm({ onCancelled }: { onCancelled(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (code.trim().length < 4 || !isMobile(phone)) { setMsg({ ok: false, text: t('appt.err.cancelInput') }); return; }
    setBusy(true);
    try {
      await api('/public/appointments/cancel', { body: { code: code.trim(), phone: normalizeMobile(phone) } });
      setMsg({ ok: true, text: t('appt.cancelled') });
      onCancelled();
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="cancel-h">
      <h2 id="cancel-h">{t('appt.cancelTitle')}</h2>
      <form className="form" onSubmit={(e) => { void send(e); }} noValidate data-testid="cancel-form">
        <div className="row">
          <Field label={t('appt.code')} required>
            {({ id }) => <input id={id} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" maxLength={40} aria-required="true" />}
          </Field>
          <Field label={t('petition.phone')} required>
            {({ id }) => <input id={id} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="numeric" autoComplete="tel" maxLength={20} aria-required="true" />}
          </Field>
        </div>
        {msg && <Alert kind={msg.ok ? 'ok' : 'error'}>{msg.text}</Alert>}
        <button type="submit" className="btn btn-secondary" disabled={busy}>{t('appt.cancel')}</button>
      </form>
    </section>
  );
}
