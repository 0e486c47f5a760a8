/**
 * Runs the sweep and the dispatcher on a timer while serving. Several server processes may run it: the sweep takes
 * the named lease `deadline-sweep` (one sweeper at a time; the marks are idempotent anyway) and the dispatcher
 * claims outbox rows with row leases. The text index catch-up (issue 7: rows written around the services — bulk
 * loads, imports, an index write lost on PostgreSQL) runs every 30 s under the lease `text-catchup`, in batches, so
 * a search request only ever does a bounded part of it. Off in tests (they call the jobs directly);
 * FENGQIAO_JOBS=0 turns it off.
 */
import { randomUUID } from 'node:crypto';
import { releaseLease, takeLease } from '../store/outbox.repository.ts';
import type { Ctx } from '../services/context.ts';
import { catchUp } from '../services/text-search.ts';
import { sweepDeadlines } from './deadline-sweep.ts';
import { dispatchOutbox } from './outbox-dispatcher.ts';

export function startScheduler(ctx: Ctx, opts: { sweepEveryMs?: number; dispatchEveryMs?: number; textEveryMs?: number } = {}): () => void {
  const owner = `${process.pid}-${randomUUID()}`;
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      if (await takeLease(ctx.store.db, 'deadline-sweep', owner, ctx.now(), 10 * 60_000)) {
        const r = await sweepDeadlines(ctx);
        await releaseLease(ctx.store.db, 'deadline-sweep', owner);
        if (r.warned || r.overdue || r.supervisionOverdue) ctx.log.info(r, 'deadline sweep');
      }
      await dispatchOutbox(ctx, owner);
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduler run failed');
    } finally {
      busy = false;
    }
  };
  let indexing = false;
  const indexText = async () => {
    if (indexing) return;
    indexing = true;
    try {
      // one batch per lease renewal, so a crashed process's lease lapses within a minute
      while (await takeLease(ctx.store.db, 'text-catchup', owner, ctx.now(), 60_000)) {
        const r = await catchUp(ctx, { maxBatches: 1 });
        if (r.events || r.petitions) ctx.log.info({ events: r.events, petitions: r.petitions }, 'text index catch-up');
        if (!r.more) break;
      }
      await releaseLease(ctx.store.db, 'text-catchup', owner);
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'text index catch-up failed');
    } finally {
      indexing = false;
    }
  };
  const t1 = setInterval(() => void sweep(), opts.sweepEveryMs ?? 5 * 60_000);
  const t3 = setInterval(() => void indexText(), opts.textEveryMs ?? 30_000);
  t3.unref();
  const t2 = setInterval(() => void dispatchOutbox(ctx, owner).catch(() => undefined), opts.dispatchEveryMs ?? 15_000);
  t1.unref(); t2.unref();
  setTimeout(() => void sweep(), 2_000).unref();
  return () => { clearInterval(t1); clearInterval(t2); clearInterval(t3); };
}
