/**
 * Sends what the outbox holds, after commit. Delivery here is the in-platform notice (notifications table, read on
 * the workbench); an SMS or webhook sender would be one more `deliver` function. Idempotent: a notification row is
 * unique per outbox row, and an outbox row is marked sent only by the lease holder.
 */
import '../store/schema-supervision.ts';
import { num } from '../store/db.ts';
import { claimOutbox, markFailed, markSent } from '../store/outbox.repository.ts';
import type { Ctx } from '../services/context.ts';

export async function dispatchOutbox(ctx: Ctx, owner: string, opts: { batch?: number; leaseMs?: number } = {}): Promise<number> {
  const db = ctx.store.db;
  const rows = await claimOutbox(db, ctx.store.dialect, owner, ctx.now(), opts.leaseMs ?? 60_000, opts.batch ?? 200);
  let sent = 0;
  for (const r of rows) {
    try {
      const payload = JSON.parse(r.payload) as { text?: string };
      await db.insertInto('notifications').values({ outboxId: num(r.id), unitId: r.unitId === null ? null : num(r.unitId), topic: r.topic, text: payload.text ?? r.topic, at: ctx.now(), readAt: null })
        .onConflict((oc) => oc.column('outboxId').doNothing()).execute();
      if (await markSent(db, num(r.id), owner, ctx.now())) sent++;
    } catch (e) {
      await markFailed(db, num(r.id), owner, e instanceof Error ? e.message : String(e));
    }
  }
  return sent;
}
