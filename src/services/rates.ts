/**
 * The four rates straight from the matters table (one aggregate query). A matter belongs to the period in which it
 * was registered, i.e. the date of receipt the register records (paper records are entered back-dated); "as of" a date counts only decisions, replies and evaluations made before the end of that day.
 * Today's figures come from the matters' state columns (one aggregate); a past as-of date is delegated to the
 * event-log assessment (services/assessment.ts), which recomputes the limits each matter had on that date.
 */
import { sql } from 'kysely';
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { fourRates, type RateCounts } from '../domain/rates.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo } from '../store/matter.repository.ts';
import { assessmentFacts, summarise } from './assessment.ts';
import type { Ctx } from './context.ts';

export async function computeRates(ctx: Ctx, viewer: { unitId: number }, q: { from: string; to: string; unitId?: number; asOf?: string }) {
  if (q.from > q.to) throw new DomainError('BAD_INPUT', 'from 不能晚于 to', { field: 'from' });
  const asOfDate = q.asOf ?? shanghaiDate(ctx.now());
  // A past date is answered from the event log (issue 5): the limits a matter had then, not the ones it has now.
  if (asOfDate < shanghaiDate(ctx.now())) {
    const { facts } = await assessmentFacts(ctx, viewer, { from: q.from, to: q.to, asOf: asOfDate, unitId: q.unitId });
    const r = summarise('all', '', facts);
    return { timelyAcceptance: r.timelyAcceptance, onTimeCompletion: r.onTimeCompletion, participation: r.participation, satisfaction: r.satisfaction, asOf: asOfDate, from: q.from, to: q.to };
  }
  const T = nextDayStartUtc(asOfDate);
  let query = ctx.store.db
    .selectFrom('matters')
    .where(visibleTo(ctx.org(), viewer))
    .where('receivedAt', '>=', dayStartUtc(q.from))
    .where('receivedAt', '<', nextDayStartUtc(q.to))
    .where('receivedAt', '<', T);
  if (q.unitId) query = query.where('unitId', '=', q.unitId);
  const decided = sql`decided_at IS NOT NULL AND decided_at < ${T}`;
  const replied = sql`replied_at IS NOT NULL AND replied_at < ${T}`;
  const evaluated = sql`evaluated_at IS NOT NULL AND evaluated_at < ${T}`;
  const count = (cond: ReturnType<typeof sql>) => sql<number>`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  const r = await query
    .select([
      count(sql`${decided} AND decided_on_time = 1`).as('decidedOnTime'),
      count(sql`${decided} AND decided_on_time = 0`).as('decidedLate'),
      count(sql`NOT (${decided}) AND accept_due IS NOT NULL AND accept_due < ${asOfDate}`).as('undecidedOverdue'),
      count(sql`${replied} AND replied_on_time = 1`).as('repliedOnTime'),
      count(sql`${replied} AND replied_on_time = 0`).as('repliedLate'),
      count(sql`accepted_at IS NOT NULL AND accepted_at < ${T} AND NOT (${replied}) AND handle_due IS NOT NULL AND handle_due < ${asOfDate}`).as('unrepliedOverdue'),
      count(evaluated).as('evaluated'),
      count(sql`NOT (${evaluated}) AND ${replied} AND evaluation_due IS NOT NULL AND evaluation_due < ${asOfDate}`).as('evaluationLapsed'),
      count(sql`${evaluated} AND evaluation IN ('satisfied', 'basicallySatisfied')`).as('satisfiedOrBasically'),
    ])
    .executeTakeFirstOrThrow();
  const counts = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)])) as unknown as RateCounts;
  return { ...fourRates(counts), asOf: asOfDate, from: q.from, to: q.to };
}
