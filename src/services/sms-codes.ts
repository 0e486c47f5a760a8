/**
 * One-time SMS codes for the real-name phone (docs/PORTAL.md "SMS code"). Six digits, valid 5 minutes, at most one
 * per phone per minute and five per hour, five wrong tries per code. Only a keyed hash of the phone and of the code
 * is stored (the key lives outside the database, security/pii.ts), so the table reveals neither.
 *
 * The code is sent through the gateway at once rather than through the delivery queue (notify/notifier.ts): a
 * citizen waits for it on the page, and the queue would keep the code's text in the database. The console gateway
 * (demo, development) writes the code to the server log with the phone masked, so a demo can be completed.
 */
import '../store/schema-portal.ts';
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import { maskPhone, normalizePhone } from '../domain/id-number.ts';
import type { SmsGateway } from '../notify/gateways.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { isUniqueViolation } from './register-petition.ts';

export const SMS_CODE_TTL_S = 300;
export const SMS_RESEND_AFTER_S = 60;
export const SMS_MAX_PER_HOUR = 5;
export const SMS_MAX_TRIES = 5;
export type SmsPurpose = 'petition';

function mobileOf(input: string): string {
  const phone = normalizePhone(input);
  if (!phone || !/^1\d{10}$/.test(phone)) throw new DomainError('PHONE_INVALID', '请填写正确的手机号码', { field: 'phone' });
  return phone;
}

/** Keyed with the personal-data matching key: a 6-digit code hashed without a key is guessed in a million tries. */
const codeHash = (ctx: Ctx, phone: string, code: string) => ctx.pii.hash('phone', `sms-code:${phone}:${code}`);

export async function sendSmsCode(ctx: Ctx, sms: SmsGateway, input: { phone: string; purpose: SmsPurpose }) {
  const phone = mobileOf(input.phone);
  const phoneHash = ctx.pii.hash('phone', phone);
  const now = ctx.now();
  const nowMs = Date.parse(now);
  const db = ctx.store.db;
  const recent = await db.selectFrom('smsCodes').select('createdAt').where('phoneHash', '=', phoneHash).where('purpose', '=', input.purpose)
    .where('createdAt', '>', new Date(nowMs - 3_600_000).toISOString()).orderBy('createdAt', 'desc').execute();
  const wait = recent[0] ? SMS_RESEND_AFTER_S - Math.floor((nowMs - Date.parse(recent[0].createdAt)) / 1000) : 0;
  if (wait > 0) throw new DomainError('RATE_LIMITED', `验证码已发送，请 ${wait} 秒后再试`, { retryAfter: wait });
  if (recent.length >= SMS_MAX_PER_HOUR) throw new DomainError('RATE_LIMITED', '该号码一小时内获取验证码次数过多，请稍后再试', { retryAfter: 3600 });
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  let id: number;
  try {
    const row = await db.insertInto('smsCodes').values({
      phoneHash, purpose: input.purpose, minute: Math.floor(nowMs / 60_000), codeHash: codeHash(ctx, phone, code), createdAt: now,
      expiresAt: new Date(nowMs + SMS_CODE_TTL_S * 1000).toISOString(), usedAt: null, usedKey: null,
    }).returning('id').executeTakeFirstOrThrow();
    id = num(row.id);
  } catch (e) {
    // another request for the same phone won this minute
    if (isUniqueViolation(e)) throw new DomainError('RATE_LIMITED', `验证码已发送，请 ${SMS_RESEND_AFTER_S} 秒后再试`, { retryAfter: SMS_RESEND_AFTER_S });
    throw e;
  }
  try {
    await sms.send(phone, `【枫桥信访】您的验证码为${code}，${SMS_CODE_TTL_S / 60}分钟内有效，请勿泄露给他人。`);
  } catch (e) {
    // not sent: the citizen may ask again at once
    await db.deleteFrom('smsCodes').where('id', '=', id).execute();
    ctx.log.warn({ smsCodeId: id, err: (e instanceof Error ? e.message : String(e)).replace(/\d{7,}/g, '…').slice(0, 200) }, 'SMS code not sent');
    throw new DomainError('UNAVAILABLE', '短信发送失败，请稍后再试');
  }
  if (sms.name === 'console') ctx.log.info({ to: maskPhone(phone), code, smsCodeId: id }, 'SMS verification code (console gateway)');
  return { expiresIn: SMS_CODE_TTL_S, resendAfter: SMS_RESEND_AFTER_S };
}

/**
 * Spends the latest code for the phone. `useKey` (the submission's idempotency key) lets the same submission, sent
 * twice by a double click or a retry, present the code twice; any other second use is refused.
 * Every failure answers alike: 422 SMS_CODE_INVALID.
 */
export async function verifySmsCode(ctx: Ctx, input: { phone: string; purpose: SmsPurpose; code: string; useKey?: string }): Promise<{ release(): Promise<void> }> {
  const invalid = () => new DomainError('SMS_CODE_INVALID', '短信验证码错误或已过期', { field: 'smsCode' });
  const phone = normalizePhone(input.phone);
  if (!phone) throw invalid();
  const now = ctx.now();
  const db = ctx.store.db;
  const row = await db.selectFrom('smsCodes').select(['id', 'codeHash', 'attempts', 'usedAt', 'usedKey'])
    .where('phoneHash', '=', ctx.pii.hash('phone', phone)).where('purpose', '=', input.purpose).where('expiresAt', '>', now)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!row || num(row.attempts) >= SMS_MAX_TRIES) throw invalid();
  const id = num(row.id);
  const given = Buffer.from(codeHash(ctx, phone, input.code.trim()));
  const stored = Buffer.from(row.codeHash);
  if (given.length !== stored.length || !crypto.timingSafeEqual(given, stored)) {
    await db.updateTable('smsCodes').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
    throw invalid();
  }
  const key = input.useKey ?? null;
  const res = await db.updateTable('smsCodes').set({ usedAt: now, usedKey: key }).where('id', '=', id)
    .where((eb) => (key === null ? eb('usedAt', 'is', null) : eb.or([eb('usedAt', 'is', null), eb('usedKey', '=', key)])))
    .executeTakeFirst();
  if (num(res.numUpdatedRows) !== 1) throw invalid();
  return {
    /** gives the code back when what it was spent on was refused (a bad ID number, a stale attachment) */
    async release() {
      await db.updateTable('smsCodes').set({ usedAt: null, usedKey: null }).where('id', '=', id).where('usedAt', '=', now).execute();
    },
  };
}
