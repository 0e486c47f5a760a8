/**
 * SMS and e-mail notifications (issue 10): `queueNotification` renders a Chinese template and writes one delivery
 * row (unique per dedupe key, so a retried caller queues once); `deliverNotifications` claims due rows with a row
 * lease (FOR UPDATE SKIP LOCKED on PostgreSQL, so several processes never send one twice at the same time), sends
 * through the gateway, and records the delivery status: sent (with the provider's id), or a retry after
 * 1, 2, 4 … minutes (capped at one hour), and failed after MAX_ATTEMPTS.
 */
import '../store/schema-notify.ts';
import { sql } from 'kysely';
import { maskPhone, normalizePhone } from '../domain/id-number.ts';
import { DomainError } from '../domain/errors.ts';
import { num, type Db } from '../store/db.ts';
import type { Tx } from '../store/matter.repository.ts';
import type { Ctx } from '../services/context.ts';
import type { Gateways } from './gateways.ts';
import { render } from './templates.ts';

export const MAX_ATTEMPTS = 6;
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));

export interface QueueInput {
  template: string; to: string; vars: Record<string, string | number>; dedupeKey: string; matterId?: number;
  /** not sent before this instant (a reminder for tomorrow); default now */
  notBefore?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Queues one message; `db` is the caller's transaction when the message must exist only if its cause commits. */
export async function queueNotification(ctx: Ctx, n: QueueInput, db: Tx | Db = ctx.store.db): Promise<{ id: number; queued: boolean }> {
  const msg = render(n.template, n.vars);
  let to = n.to.trim();
  let masked: string;
  if (msg.channel === 'sms') {
    const phone = normalizePhone(to);
    if (!phone) throw new DomainError('PHONE_INVALID', '短信接收号码格式不正确');
    to = phone;
    masked = maskPhone(phone);
  } else {
    if (!EMAIL.test(to)) throw new DomainError('BAD_INPUT', '邮件地址格式不正确');
    masked = to.replace(/^(.).*(@.*)$/, '$1***$2');
  }
  const now = ctx.now();
  const due = n.notBefore && n.notBefore > now ? n.notBefore : now;
  const r = await db.insertInto('notificationDeliveries').values({
    channel: msg.channel, template: n.template, recipientEnc: ctx.pii.encrypt(to), recipientMasked: masked, subject: msg.subject, body: msg.body,
    dedupeKey: n.dedupeKey, matterId: n.matterId ?? null, status: 'pending', nextAttemptAt: due, leaseOwner: null, leaseUntil: null,
    gateway: null, providerId: null, lastError: null, createdAt: now, sentAt: null,
  }).onConflict((oc) => oc.column('dedupeKey').doNothing()).executeTakeFirst();
  const row = await db.selectFrom('notificationDeliveries').select('id').where('dedupeKey', '=', n.dedupeKey).executeTakeFirstOrThrow();
  return { id: num(row.id), queued: num(r.numInsertedOrUpdatedRows) === 1 };
}

/** Withdraws a message not yet sent (its cause was undone, e.g. the appointment was cancelled); true if it was pending. */
export async function withdrawNotification(ctx: Ctx, dedupeKey: string, reason: string, db: Tx | Db = ctx.store.db): Promise<boolean> {
  const r = await db.updateTable('notificationDeliveries').set({ status: 'withdrawn', lastError: reason.slice(0, 300), leaseOwner: null, leaseUntil: null })
    .where('dedupeKey', '=', dedupeKey).where('status', '=', 'pending').executeTakeFirst();
  return num(r.numUpdatedRows) === 1;
}

export async function deliverNotifications(ctx: Ctx, gw: Gateways, owner: string, opts: { batch?: number; leaseMs?: number } = {}): Promise<{ sent: number; retried: number; failed: number }> {
  const db = ctx.store.db;
  const now = ctx.now();
  const until = new Date(Date.parse(now) + (opts.leaseMs ?? 120_000)).toISOString();
  const lock = ctx.store.dialect === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  await sql`UPDATE notification_deliveries SET lease_owner = ${owner}, lease_until = ${until}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= ${now}
      AND (lease_until IS NULL OR lease_until < ${now}) ORDER BY id LIMIT ${opts.batch ?? 100}${lock})`.execute(db);
  const rows = await db.selectFrom('notificationDeliveries').selectAll().where('leaseOwner', '=', owner).where('leaseUntil', '=', until).where('status', '=', 'pending').orderBy('id').execute();
  const out = { sent: 0, retried: 0, failed: 0 };
  for (const r of rows) {
    const to = ctx.pii.decrypt(r.recipientEnc);
    const gateway = r.channel === 'sms' ? gw.sms : gw.mail;
    try {
      const providerId = r.channel === 'sms' ? await gw.sms.send(to, r.body) : await gw.mail.send(to, r.subject ?? '', r.body);
      await db.updateTable('notificationDeliveries').set({ status: 'sent', sentAt: ctx.now(), providerId, gateway: gateway.name, lastError: null, leaseOwner: null, leaseUntil: null })
        .where('id', '=', num(r.id)).where('leaseOwner', '=', owner).execute();
      out.sent++;
    } catch (e) {
      const attempts = num(r.attempts);
      const last = attempts >= MAX_ATTEMPTS;
      // the error text of a gateway may echo the recipient: keep only its first line, without digits runs
      const error = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/\d{7,}/g, '…').slice(0, 300);
      await db.updateTable('notificationDeliveries').set({
        status: last ? 'failed' : 'pending', lastError: error, gateway: gateway.name, leaseOwner: null, leaseUntil: null,
        nextAttemptAt: new Date(Date.parse(ctx.now()) + retryDelayMs(attempts)).toISOString(),
      }).where('id', '=', num(r.id)).where('leaseOwner', '=', owner).execute();
      if (last) out.failed++; else out.retried++;
    }
  }
  return out;
}

export async function deliveryStatus(ctx: Ctx, id: number) {
  const r = await ctx.store.db.selectFrom('notificationDeliveries')
    .select(['id', 'channel', 'template', 'recipientMasked', 'status', 'attempts', 'nextAttemptAt', 'gateway', 'providerId', 'lastError', 'createdAt', 'sentAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!r) throw new DomainError('NOT_FOUND', '通知记录不存在');
  return { ...r, id: num(r.id), attempts: num(r.attempts) };
}
