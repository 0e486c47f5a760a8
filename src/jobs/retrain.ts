/**
 * Periodic retraining of the classification and routing models (issue 7): the models learn from the deployment's
 * handled matters and staff corrections, so they are retrained when the newest model is older than the interval
 * (`FENGQIAO_RETRAIN_HOURS`, default 24; 0 turns it off) and something was handled or corrected since. One process
 * at a time (lease `text-train`). `fengqiao train` and `POST /text/train` train at once.
 */
import { trainModels } from '../services/text-intel.ts';
import type { Ctx } from '../services/context.ts';
import { num } from '../store/db.ts';
import { releaseLease, takeLease } from '../store/outbox.repository.ts';
import '../store/schema-text.ts';

export const retrainEveryMs = () => {
  const h = Number(process.env.FENGQIAO_RETRAIN_HOURS ?? 24);
  return Number.isFinite(h) && h > 0 ? h * 3_600_000 : 0;
};

/** Retrains if due; returns what was trained, or null when not due (or another process holds the lease). */
export async function retrainIfDue(ctx: Ctx, owner: string, everyMs = retrainEveryMs()): Promise<Record<string, number> | null> {
  if (!everyMs) return null;
  const db = ctx.store.db;
  const now = ctx.now();
  const last = await db.selectFrom('textModels').select(['createdAt']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (last && Date.parse(now) - Date.parse(last.createdAt) < everyMs) return null;
  if (last) {
    // nothing handled or corrected since the last training: the same data would give the same model
    const handled = await db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).where('updatedAt', '>', last.createdAt).executeTakeFirstOrThrow();
    const corrected = await db.selectFrom('textFeedback').select((eb) => eb.fn.countAll().as('n')).where('at', '>', last.createdAt).executeTakeFirstOrThrow();
    if (num(handled.n) === 0 && num(corrected.n) === 0) return null;
  }
  if (!(await takeLease(db, 'text-train', owner, now, 30 * 60_000))) return null;
  try {
    return await trainModels(ctx);
  } finally {
    await releaseLease(db, 'text-train', owner);
  }
}
