/**
 * Runs the sweep and the dispatcher on a timer while serving. Several server processes may run it: the sweep takes
 * the named lease `deadline-sweep` (one sweeper at a time; the marks are idempotent anyway) and the dispatcher
 * claims outbox rows with row leases. Off in tests (they call the jobs directly); FENGQIAO_JOBS=0 turns it off.
 */
import { randomUUID } from 'node:crypto';
import { releaseLease, takeLease } from '../store/outbox.repository.ts';
import type { Ctx } from '../services/context.ts';
import { sweepDeadlines } from './deadline-sweep.ts';
import { dispatchOutbox } from './outbox-dispatcher.ts';

export function startScheduler(ctx: Ctx, opts: { sweepEveryMs?: number; dispatchEveryMs?: number } = {}): () => void {
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
  const t1 = setInterval(() => void sweep(), opts.sweepEveryMs ?? 5 * 60_000);
  const t2 = setInterval(() => void dispatchOutbox(ctx, owner).catch(() => undefined), opts.dispatchEveryMs ?? 15_000);
  t1.unref(); t2.unref();
  setTimeout(() => void sweep(), 2_000).unref();
  return () => { clearInterval(t1); clearInterval(t2); };
}
