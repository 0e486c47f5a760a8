/**
 * 12345 政务服务便民热线 intake (issue 10). The hotline system POSTs work orders (工单) it routes to the petition
 * bureau; each becomes a petition through registerPetition with channel 'hotline'. Trust rests on a shared secret:
 *
 *   X-Hotline-Timestamp: Unix seconds          (must be within ±5 minutes of our clock)
 *   X-Hotline-Nonce:     16–64 chars [A-Za-z0-9_-], fresh for every request (remembered: a replay is refused)
 *   X-Hotline-Signature: hex HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + raw body)
 *
 * Idempotent: one work-order id registers once; sending it again answers with the same petition (duplicate: true).
 * Status goes back to the hotline: every change of the matter's status is written to hotline_outbox (the change
 * is found by comparing matters.status with the last status reported, conditionally, so two processes write it
 * once), and the dispatcher POSTs it to FENGQIAO_HOTLINE_CALLBACK_URL, signed the same way, with retries and
 * backoff. Its own outbox, not the shared one: the shared dispatcher (src/jobs/outbox-dispatcher.ts) takes every
 * topic and delivers it as an in-platform notice.
 */
import '../store/schema-hotline.ts';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { queueNotification } from '../notify/notifier.ts';
import type { MatterStatus, Purpose } from '../domain/types.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { STATUS_LABELS } from './matter-views.ts';
import { registerPetition } from './register-petition.ts';

export const HOTLINE_HEADERS = { timestamp: 'x-hotline-timestamp', nonce: 'x-hotline-nonce', signature: 'x-hotline-signature' } as const;
export const WINDOW_SECONDS = 300;

export interface WorkOrder {
  orderId: string;
  receivedAt: string;
  caller: { name: string; idNumber?: string; phone?: string; address?: string };
  title: string;
  content: string;
  purpose?: Purpose;
  categoryCode?: string;
  regionCode?: string;
  address?: string;
}

export interface WorkOrderReceipt {
  orderId: string; petitionCode: string; queryCode: string; matterId: number; status: string; statusLabel: string; duplicate: boolean;
}

export function sign(secret: string, timestamp: string, nonce: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

/** Checks signature, time window and nonce; remembers the nonce. Throws UNAUTHENTICATED or CONFLICT. */
export async function verifyHotlineRequest(ctx: Ctx, secret: string, h: { timestamp?: string; nonce?: string; signature?: string }, rawBody: string): Promise<void> {
  const { timestamp, nonce, signature } = h;
  if (!timestamp || !nonce || !signature) throw new DomainError('UNAUTHENTICATED', '缺少热线签名请求头');
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || !/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw new DomainError('UNAUTHENTICATED', '热线签名请求头格式不正确');
  }
  const want = Buffer.from(sign(secret, timestamp, nonce, rawBody), 'hex');
  if (!crypto.timingSafeEqual(want, Buffer.from(signature, 'hex'))) throw new DomainError('UNAUTHENTICATED', '热线签名不正确');
  const now = Date.parse(ctx.now());
  if (Math.abs(now / 1000 - Number(timestamp)) > WINDOW_SECONDS) throw new DomainError('UNAUTHENTICATED', '请求时间戳超出允许的 5 分钟窗口');
  const db = ctx.store.db;
  // nonces older than the window can never be accepted again anyway: forget them
  await db.deleteFrom('hotlineNonces').where('seenAt', '<', new Date(now - 2 * WINDOW_SECONDS * 1000).toISOString()).execute();
  const r = await db.insertInto('hotlineNonces').values({ nonce, seenAt: new Date(now).toISOString() })
    .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
  if (num(r.numInsertedOrUpdatedRows) !== 1) throw new DomainError('CONFLICT', '重复的请求（nonce 已使用）');
}

function bureauFor(ctx: Ctx, regionCode?: string) {
  const bureaus = ctx.org().units.filter((u) => u.kind === 'bureau');
  const byRegion = regionCode ? bureaus.filter((b) => regionCode.startsWith(b.regionCode.replace(/(00)+$/, ''))).sort((a, b) => b.regionCode.length - a.regionCode.length || b.regionCode.localeCompare(a.regionCode)) : [];
  const bureau = byRegion[0] ?? bureaus.find((b) => b.parentId === null) ?? bureaus[0];
  if (!bureau) throw new DomainError('INTERNAL', 'no petition bureau configured');
  return bureau;
}

async function receiptOf(ctx: Ctx, orderId: string, duplicate: boolean): Promise<WorkOrderReceipt | null> {
  const o = await ctx.store.db.selectFrom('hotlineOrders').innerJoin('matters', 'matters.id', 'hotlineOrders.matterId')
    .select(['hotlineOrders.workOrderId', 'hotlineOrders.petitionCode', 'hotlineOrders.queryCode', 'hotlineOrders.matterId', 'matters.status'])
    .where('hotlineOrders.workOrderId', '=', orderId).executeTakeFirst();
  if (!o) return null;
  return { orderId: o.workOrderId, petitionCode: o.petitionCode, queryCode: o.queryCode, matterId: num(o.matterId), status: o.status, statusLabel: STATUS_LABELS[o.status as MatterStatus] ?? o.status, duplicate };
}

export async function intakeWorkOrder(ctx: Ctx, w: WorkOrder): Promise<WorkOrderReceipt> {
  const prior = await receiptOf(ctx, w.orderId, true);
  if (prior) return prior;
  const bureau = bureauFor(ctx, w.regionCode);
  const r = await registerPetition(ctx, { userId: null, unitId: bureau.id, roles: ['registrar'] }, {
    channel: 'hotline',
    receivedAt: w.receivedAt,
    petitioners: [{ name: w.caller.name, idNumber: w.caller.idNumber, phone: w.caller.phone, address: w.caller.address }],
    title: w.title, content: w.content, purpose: w.purpose, categoryCode: w.categoryCode, regionCode: w.regionCode,
    address: w.address ?? w.caller.address,
    idempotencyKey: `hotline:${w.orderId}`,
  });
  const now = ctx.now();
  const inserted = await ctx.store.write(async (tx) => {
    const ins = await tx.insertInto('hotlineOrders').values({
      workOrderId: w.orderId, petitionId: r.id, matterId: r.matterId, petitionCode: r.code, queryCode: r.queryCode, receivedAt: now, lastStatus: r.status,
    }).onConflict((oc) => oc.column('workOrderId').doNothing()).executeTakeFirst();
    if (num(ins.numInsertedOrUpdatedRows) !== 1) return false;
    await enqueueCallback(tx, w.orderId, 0, { orderId: w.orderId, event: 'registered', petitionCode: r.code, queryCode: r.queryCode, status: r.status, statusLabel: STATUS_LABELS[r.status as MatterStatus] ?? r.status, at: now }, now);
    return true;
  });
  // the caller gets the query code by SMS (through the notifier's gateways, sent by its delivery job)
  if (inserted && w.caller.phone) {
    await queueNotification(ctx, { template: 'petition.registered', to: w.caller.phone, dedupeKey: `hotline-registered:${w.orderId}`, matterId: r.matterId, vars: { date: shanghaiDate(now), queryCode: r.queryCode } });
  }
  const out = await receiptOf(ctx, w.orderId, !inserted);
  if (!out) throw new DomainError('INTERNAL', 'hotline order vanished');
  return out;
}

type Writer = Parameters<Parameters<Ctx['store']['write']>[0]>[0];

async function enqueueCallback(tx: Writer, orderId: string, seq: number, payload: Record<string, unknown>, now: string) {
  await tx.insertInto('hotlineOutbox').values({ workOrderId: orderId, dedupeKey: `${orderId}#${seq}`, payload: JSON.stringify(payload), createdAt: now, nextAttemptAt: now, leaseOwner: null, leaseUntil: null, sentAt: null, failedAt: null, error: null })
    .onConflict((oc) => oc.column('dedupeKey').doNothing()).execute();
}

/** Finds hotline matters whose status changed since last reported and queues one callback per change. */
export async function syncHotlineStatuses(ctx: Ctx, batch = 500): Promise<number> {
  const db = ctx.store.db;
  const rows = await db.selectFrom('hotlineOrders').innerJoin('matters', 'matters.id', 'hotlineOrders.matterId')
    .select(['hotlineOrders.id', 'hotlineOrders.workOrderId', 'hotlineOrders.lastStatus', 'hotlineOrders.statusSeq', 'hotlineOrders.petitionCode', 'matters.status'])
    .whereRef('matters.status', '<>', 'hotlineOrders.lastStatus').limit(batch).execute();
  let queued = 0;
  for (const r of rows) {
    const now = ctx.now();
    const seq = num(r.statusSeq) + 1;
    const done = await ctx.store.write(async (tx) => {
      // conditional on what we read: a second process that read the same row updates nothing and queues nothing
      const u = await tx.updateTable('hotlineOrders').set({ lastStatus: r.status, statusSeq: seq })
        .where('id', '=', num(r.id)).where('lastStatus', '=', r.lastStatus).where('statusSeq', '=', num(r.statusSeq)).executeTakeFirst();
      if (num(u.numUpdatedRows) !== 1) return false;
      await enqueueCallback(tx, r.workOrderId, seq, { orderId: r.workOrderId, event: 'statusChanged', petitionCode: r.petitionCode, status: r.status, statusLabel: STATUS_LABELS[r.status as MatterStatus] ?? r.status, previousStatus: r.lastStatus, at: now }, now);
      return true;
    });
    if (done) queued++;
  }
  return queued;
}

export const MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … capped at one hour. */
export const backoffMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/** Claims due callbacks with a row lease (FOR UPDATE SKIP LOCKED on PostgreSQL) and POSTs them. Returns sent. */
export async function dispatchHotlineCallbacks(ctx: Ctx, opts: { url: string; secret: string; owner: string; leaseMs?: number; batch?: number; timeoutMs?: number }): Promise<{ sent: number; failed: number }> {
  const db = ctx.store.db;
  const now = ctx.now();
  const until = new Date(Date.parse(now) + (opts.leaseMs ?? 60_000)).toISOString();
  const lock = ctx.store.dialect === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  await sql`UPDATE hotline_outbox SET lease_owner = ${opts.owner}, lease_until = ${until}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM hotline_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}
      AND (lease_until IS NULL OR lease_until < ${now}) ORDER BY id LIMIT ${opts.batch ?? 100}${lock})`.execute(db);
  const rows = await db.selectFrom('hotlineOutbox').selectAll().where('leaseOwner', '=', opts.owner).where('leaseUntil', '=', until).where('sentAt', 'is', null).orderBy('id').execute();
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    const body = r.payload;
    const ts = String(Math.floor(Date.parse(ctx.now()) / 1000));
    const nonce = crypto.randomBytes(16).toString('hex');
    let error: string | null = null;
    try {
      const res = await fetch(opts.url, {
        method: 'POST', body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json', [HOTLINE_HEADERS.timestamp]: ts, [HOTLINE_HEADERS.nonce]: nonce, [HOTLINE_HEADERS.signature]: sign(opts.secret, ts, nonce, body), 'x-fengqiao-delivery': r.dedupeKey },
      });
      if (!res.ok) error = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error === null) {
      const u = await db.updateTable('hotlineOutbox').set({ sentAt: ctx.now(), error: null }).where('id', '=', num(r.id)).where('leaseOwner', '=', opts.owner).executeTakeFirst();
      if (num(u.numUpdatedRows) === 1) sent++;
    } else {
      failed++;
      const attempts = num(r.attempts);
      await db.updateTable('hotlineOutbox').set({
        error: error.slice(0, 500), leaseOwner: null, leaseUntil: null,
        nextAttemptAt: new Date(Date.parse(ctx.now()) + backoffMs(attempts)).toISOString(),
        failedAt: attempts >= MAX_ATTEMPTS ? ctx.now() : null,
      }).where('id', '=', num(r.id)).where('leaseOwner', '=', opts.owner).execute();
    }
  }
  return { sent, failed };
}

/** The periodic job while serving: status sync then dispatch. Several processes may run it. */
export function startHotlineJobs(ctx: Ctx, opts: { url: string; secret: string; everyMs?: number }): () => void {
  const owner = `${process.pid}-${crypto.randomUUID()}`;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await syncHotlineStatuses(ctx);
      await dispatchHotlineCallbacks(ctx, { url: opts.url, secret: opts.secret, owner });
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'hotline callback job failed');
    } finally {
      busy = false;
    }
  };
  const t = setInterval(() => void tick(), opts.everyMs ?? 15_000);
  t.unref();
  const first = setTimeout(() => void tick(), 1_000);
  first.unref();
  return () => { clearTimeout(first); clearInterval(t); };
}
