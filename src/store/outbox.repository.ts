/**
 * The notification outbox (STYLE.md §3): a row written in the same transaction as what caused it, sent after commit
 * by the dispatcher. `dedupeKey` is unique, so writing the same notification twice (a retried sweep, two server
 * processes) keeps one row. Claiming uses a row lease: `UPDATE … SET lease_owner = me, lease_until = now + ttl
 * WHERE id IN (pending rows whose lease is free or expired)`; a crashed dispatcher's rows are taken again once the
 * lease expires. On PostgreSQL the inner SELECT takes FOR UPDATE SKIP LOCKED so that claimers do not queue.
 */
import '../store/schema-supervision.ts';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { num } from './db.ts';
import type { Tx } from './matter.repository.ts';

export interface OutboxMessage { topic: string; unitId: number | null; dedupeKey: string; payload: Record<string, unknown> }

/** Inserts unless a row with the same dedupe key exists; returns whether it inserted. */
export async function enqueue(tx: Tx, m: OutboxMessage, at: string): Promise<boolean> {
  const r = await tx.insertInto('outbox').values({ topic: m.topic, unitId: m.unitId, dedupeKey: m.dedupeKey, payload: JSON.stringify(m.payload), createdAt: at, leaseOwner: null, leaseUntil: null, sentAt: null, error: null })
    .onConflict((oc) => oc.column('dedupeKey').doNothing()).executeTakeFirst();
  return num(r.numInsertedOrUpdatedRows) === 1;
}

export async function claimOutbox(db: Db, dialect: 'sqlite' | 'postgres', owner: string, now: string, leaseMs: number, limit: number) {
  const until = new Date(Date.parse(now) + leaseMs).toISOString();
  const lock = dialect === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  await sql`UPDATE outbox SET lease_owner = ${owner}, lease_until = ${until}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < 10 AND (lease_until IS NULL OR lease_until < ${now}) ORDER BY id LIMIT ${limit}${lock})`.execute(db);
  return db.selectFrom('outbox').selectAll().where('leaseOwner', '=', owner).where('leaseUntil', '=', until).where('sentAt', 'is', null).orderBy('id').execute();
}

export async function markSent(db: Db, id: number, owner: string, at: string): Promise<boolean> {
  const r = await db.updateTable('outbox').set({ sentAt: at, error: null }).where('id', '=', id).where('leaseOwner', '=', owner).where('sentAt', 'is', null).executeTakeFirst();
  return num(r.numUpdatedRows) === 1;
}

export async function markFailed(db: Db, id: number, owner: string, error: string): Promise<void> {
  await db.updateTable('outbox').set({ error: error.slice(0, 500), leaseUntil: null, leaseOwner: null }).where('id', '=', id).where('leaseOwner', '=', owner).execute();
}

/**
 * A named lease (one sweeper at a time across processes): takes it when free, expired or already ours. Returns
 * whether we hold it. Both dialects: INSERT … ON CONFLICT DO UPDATE … WHERE.
 */
export async function takeLease(db: Db, name: string, owner: string, now: string, ttlMs: number): Promise<boolean> {
  const until = new Date(Date.parse(now) + ttlMs).toISOString();
  await db.insertInto('jobLeases').values({ name, owner, leaseUntil: until })
    .onConflict((oc) => oc.column('name').doUpdateSet({ owner, leaseUntil: until })
      .where((eb) => eb.or([eb('jobLeases.leaseUntil', '<', now), eb('jobLeases.owner', '=', owner)])))
    .execute();
  const r = await db.selectFrom('jobLeases').select('owner').where('name', '=', name).executeTakeFirst();
  return r?.owner === owner;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.updateTable('jobLeases').set({ leaseUntil: new Date(0).toISOString() }).where('name', '=', name).where('owner', '=', owner).execute();
}
