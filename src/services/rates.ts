/**
 * The four rates for a viewer: the matters received in [from, to], counted for the unit holding each one as of the
 * date, over the units in the viewer's scope (or one of them). A matter belongs to the period in which it was
 * received (paper records are entered back-dated); "as of" a date counts only what happened by the end of that day.
 * Answered from the rate facts' rollup (services/rate-facts.ts: one indexed sum, today or any past date), which the
 * event log keeps; before the rollup has been built on a database that had matters, from the event log itself
 * (services/assessment.ts).
 */
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { assessmentFacts, summarise } from './assessment.ts';
import type { Ctx } from './context.ts';
import { rateCountsByUnit, rateFactsReady, ratesOfCounts, sumCounts } from './rate-facts.ts';

export async function computeRates(ctx: Ctx, viewer: { unitId: number }, q: { from: string; to: string; unitId?: number; asOf?: string }) {
  if (q.from > q.to) throw new DomainError('BAD_INPUT', 'from 不能晚于 to', { field: 'from' });
  const asOfDate = q.asOf ?? shanghaiDate(ctx.now());
  if (!(await rateFactsReady(ctx.store.db))) {
    const { facts } = await assessmentFacts(ctx, viewer, { from: q.from, to: q.to, asOf: asOfDate, unitId: q.unitId });
    const r = summarise('all', '', facts);
    return { timelyAcceptance: r.timelyAcceptance, onTimeCompletion: r.onTimeCompletion, participation: r.participation, satisfaction: r.satisfaction, asOf: asOfDate, from: q.from, to: q.to };
  }
  const org = ctx.org();
  const scope = org.scopeUnitIds(viewer.unitId);
  const all = org.seesEveryUnit(viewer.unitId);
  const unitIds = q.unitId ? (all || scope.includes(q.unitId) ? [q.unitId] : []) : all ? undefined : scope;
  const counts = await rateCountsByUnit(ctx, { from: q.from, to: q.to, asOf: asOfDate, unitIds });
  return { ...ratesOfCounts(sumCounts(counts.values())), asOf: asOfDate, from: q.from, to: q.to };
}
