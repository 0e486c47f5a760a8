/**
 * The four rates at scale (issue 5): facts kept by the event log, so that a dashboard refresh is one indexed sum
 * and any past date is still answered exactly as the event log answers it (services/assessment.ts).
 *
 * For each matter, `ratePieces` cuts time into pieces: from day F (to the next piece's day) the matter counted for
 * unit U in these buckets (decidedOnTime / undecidedOverdue / …). Pieces change on the days events happened (an
 * event counts from its own Shanghai day on) and on the day after a running limit's due date. They are computed by
 * the same fold the event-log assessment uses (startFold / foldEvent / factsOf), so the two cannot drift apart.
 * The pieces are kept on the matter (matters.rate_pieces) and turned into +1/−1 changes summed in rate_rollup per
 * (day of receipt, day of change, unit, bucket), and in rate_rollup_month per (month of receipt, month of change,
 * unit, bucket). The number of a bucket as of D for receipts in [from, to] is SUM(n) over the changes up to D:
 * for the whole months of the period, the month rollup's rows changed before D's month plus the day rollup's rows
 * changed from the first of D's month to D; for the days outside whole months, the day rollup's rows. At 1,000,000
 * matters a year's dashboard reads a few tens of thousands of rows (bench/rates).
 *
 * Kept in step: every lifecycle action (act-on-matter) and every objection decision refreshes its matter's pieces
 * and applies the difference to the rollup in the same transaction. A matter nobody has acted on yet has no
 * pieces (registration stays one insert): its only fact is the routing limit, read from matters.accept_due.
 * `fengqiao rates rebuild` recomputes everything from the event log (after a change of the holiday schedule or of
 * the limits, or on a database that had matters before the rollup existed); until it has run there, the rates are
 * answered from the event log.
 */
import { sql } from 'kysely';
import '../store/schema-supervision.ts';
import '../store/schema-rates.ts';
import { shanghaiDate, type HolidayCalendar } from '../domain/calendar.ts';
import type { LimitConfig } from '../domain/lifecycle.ts';
import { rate } from '../domain/rates.ts';
import { num, type Db } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc, type Tx } from '../store/matter.repository.ts';
import { factsOf, foldEvent, startFold, type Bucket, type FoldEvent, type MatterFacts, type Metric } from './assessment.ts';
import type { Ctx } from './context.ts';

/** [from day, unit, acceptance, completion, participation, satisfaction]; a piece ends where the next begins. */
export type Piece = [string, number, Bucket | null, Bucket | null, Bucket | null, Bucket | null];

export function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
function prevDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
function nextMonth(m: string): string {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1)).toISOString().slice(0, 7);
}
function prevMonth(m: string): string {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
}
function lastDayOf(m: string): string {
  return prevDay(`${nextMonth(m)}-01`).slice(8, 10);
}

const METRIC_INDEX: Record<Metric, 2 | 3 | 4 | 5> = { timelyAcceptance: 2, onTimeCompletion: 3, participation: 4, satisfaction: 5 };

/**
 * Pure: the pieces of one matter from all its events (in order) and its upheld objections (metric, Shanghai day
 * decided). Equal, day by day, to foldMatter over the events up to that day with those objections applied.
 */
export function ratePieces(
  m: { id: number; receivedAt: string; registeringUnitId: number }, events: readonly FoldEvent[],
  objections: readonly { metric: string; day: string }[], cal: HolidayCalendar, limits: LimitConfig,
): Piece[] {
  const received = shanghaiDate(m.receivedAt);
  const dayOf = (at: string) => { const d = shanghaiDate(at); return d < received ? received : d; };
  const days = [...new Set([received, ...events.map((e) => dayOf(e.at)), ...objections.map((o) => (o.day < received ? received : o.day))])].sort();
  const s = startFold(m, cal, limits);
  const pieces: Piece[] = [];
  let i = 0;
  const emit = (day: string, f: MatterFacts) => {
    const p: Piece = [day, f.holderUnitId, f.acceptance, f.completion, f.participation, f.satisfaction];
    for (const o of objections) if (o.day <= day && o.metric in METRIC_INDEX) p[METRIC_INDEX[o.metric as Metric]] = null;
    const last = pieces[pieces.length - 1];
    if (!last || last.slice(1).some((v, k) => v !== p[k + 1])) pieces.push(p);
  };
  for (let k = 0; k < days.length; k++) {
    const day = days[k]!;
    const next = days[k + 1];
    while (i < events.length && dayOf(events[i]!.at) <= day) foldEvent(s, events[i++]!, m, cal, limits);
    // within [day, next) only the passing of a due date changes anything: overdue from the day after it
    const turns = [s.accept?.due, s.handle?.due, s.evalDue].filter((d): d is string => !!d).map(nextDay)
      .filter((d) => d > day && (next === undefined || d < next));
    for (const d of [day, ...[...new Set(turns)].sort()]) emit(d, factsOf(m.id, s, d));
  }
  return pieces;
}

/** The rollup changes a matter's pieces make: key "received|change|unit|bucket" → ±n. */
function changes(received: string, pieces: readonly Piece[], sign: 1 | -1, into: Map<string, number>) {
  const add = (day: string, unit: number, b: Bucket | null, d: number) => {
    if (!b) return;
    const key = `${received}|${day}|${unit}|${b}`;
    into.set(key, (into.get(key) ?? 0) + d * sign);
  };
  pieces.forEach((p, k) => {
    const end = pieces[k + 1];
    for (const j of [2, 3, 4, 5] as const) {
      add(p[0], p[1], p[j], 1);
      if (end) add(end[0], p[1], p[j], -1);
    }
  });
}

async function applyChanges(tx: Tx, delta: Map<string, number>) {
  // the month rollup gets the same changes, by month of receipt and month of change
  const monthly = new Map<string, number>();
  for (const [k, n] of delta) {
    const [r, c, unit, b] = k.split('|');
    const mk = `${r!.slice(0, 7)}|${c!.slice(0, 7)}|${unit}|${b}`;
    monthly.set(mk, (monthly.get(mk) ?? 0) + n);
  }
  // in key order, so that two transactions never wait on each other's rows crosswise
  const rows = (m: Map<string, number>) => [...m.entries()].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => {
    const [r, c, unit, bucket] = k.split('|');
    return { r: r!, c: c!, unitId: Number(unit), bucket: bucket!, n };
  });
  const daily = rows(delta);
  for (let i = 0; i < daily.length; i += 500) {
    await tx.insertInto('rateRollup').values(daily.slice(i, i + 500).map((x) => ({ receivedDay: x.r, changeDay: x.c, unitId: x.unitId, bucket: x.bucket, n: x.n })))
      .onConflict((oc) => oc.columns(['receivedDay', 'changeDay', 'unitId', 'bucket']).doUpdateSet((eb) => ({ n: eb('rateRollup.n', '+', eb.ref('excluded.n')) })))
      .execute();
  }
  const month = rows(monthly);
  for (let i = 0; i < month.length; i += 500) {
    await tx.insertInto('rateRollupMonth').values(month.slice(i, i + 500).map((x) => ({ receivedMonth: x.r, changeMonth: x.c, unitId: x.unitId, bucket: x.bucket, n: x.n })))
      .onConflict((oc) => oc.columns(['receivedMonth', 'changeMonth', 'unitId', 'bucket']).doUpdateSet((eb) => ({ n: eb('rateRollupMonth.n', '+', eb.ref('excluded.n')) })))
      .execute();
  }
}

async function foldInputs(tx: Tx, ids: number[], beforeAt?: string) {
  const byMatter = new Map<number, FoldEvent[]>();
  const evs = await tx.selectFrom('events').select(['matterId', 'action', 'at', 'actorUnitId', 'data'])
    .where('matterId', 'in', ids).$if(beforeAt !== undefined, (q) => q.where('at', '<', beforeAt!)).orderBy('matterId').orderBy('seq').execute();
  for (const e of evs) {
    const list = byMatter.get(num(e.matterId)) ?? [];
    list.push({ action: e.action, at: e.at, actorUnitId: e.actorUnitId === null ? null : num(e.actorUnitId), data: JSON.parse(e.data) as Record<string, unknown> });
    byMatter.set(num(e.matterId), list);
  }
  const objs = await tx.selectFrom('assessmentObjections').select(['matterId', 'metric', 'decidedAt'])
    .where('matterId', 'in', ids).where('status', '=', 'upheld').execute();
  const objections = new Map<number, { metric: string; day: string }[]>();
  for (const o of objs) {
    if (!o.decidedAt) continue;
    const list = objections.get(num(o.matterId)) ?? [];
    list.push({ metric: o.metric, day: shanghaiDate(o.decidedAt) });
    objections.set(num(o.matterId), list);
  }
  return { byMatter, objections };
}

/** After an event or an objection decision, in the same transaction: the matter's pieces and the rollup. */
export async function refreshMatterRates(tx: Tx, ctx: Ctx, matterId: number): Promise<void> {
  // the matter's row first (already held after an action; taken here after an objection decision), then the rollup
  // rows in key order: every refresh locks in the same order, and no two read the same old pieces
  await tx.updateTable('matters').set((eb) => ({ ratePieces: eb.ref('ratePieces') })).where('id', '=', matterId).execute();
  const m = await tx.selectFrom('matters').select(['id', 'receivedAt', 'registeringUnitId', 'ratePieces']).where('id', '=', matterId).executeTakeFirstOrThrow();
  const { byMatter, objections } = await foldInputs(tx, [matterId]);
  const pieces = ratePieces({ id: matterId, receivedAt: m.receivedAt, registeringUnitId: num(m.registeringUnitId) }, byMatter.get(matterId) ?? [], objections.get(matterId) ?? [], ctx.calendar(), ctx.limits);
  const received = shanghaiDate(m.receivedAt);
  const delta = new Map<string, number>();
  // a matter never acted on was counted from accept_due, outside the rollup: it has nothing to take back
  const old: Piece[] = m.ratePieces ? JSON.parse(m.ratePieces) as Piece[] : [];
  changes(received, old, -1, delta);
  changes(received, pieces, 1, delta);
  await applyChanges(tx, delta);
  await tx.updateTable('matters').set({ ratePieces: JSON.stringify(pieces) }).where('id', '=', matterId).execute();
}

/**
 * Recomputes every matter's pieces and the whole rollup from the event log. Run it with no one writing (it
 * replaces the rollup); it marks the rollup complete, after which the rates are read from it.
 */
export async function rebuildRateFacts(ctx: Ctx, opts: { chunk?: number; progress?: (done: number) => void } = {}): Promise<{ matters: number; rollupRows: number }> {
  const db = ctx.store.db;
  const chunk = opts.chunk ?? 2000;
  const cal = ctx.calendar();
  const rollup = new Map<string, number>();
  let done = 0;
  let after = 0;
  await markReady(db, false);
  for (;;) {
    const ms = await db.selectFrom('matters').select(['id', 'receivedAt', 'registeringUnitId']).where('id', '>', after).orderBy('id').limit(chunk).execute();
    if (!ms.length) break;
    const ids = ms.map((m) => num(m.id));
    after = ids[ids.length - 1]!;
    const { byMatter, objections } = await foldInputs(db, ids);
    const updates = ms.map((m) => {
      const id = num(m.id);
      const pieces = ratePieces({ id, receivedAt: m.receivedAt, registeringUnitId: num(m.registeringUnitId) }, byMatter.get(id) ?? [], objections.get(id) ?? [], cal, ctx.limits);
      changes(shanghaiDate(m.receivedAt), pieces, 1, rollup);
      return { id, pieces: JSON.stringify(pieces) };
    });
    // UPDATE … FROM (VALUES …): the same text on both dialects (VALUES columns are column1, column2 on both)
    await ctx.store.write(async (tx) => {
      for (let i = 0; i < updates.length; i += 400) {
        const values = sql.join(updates.slice(i, i + 400).map((u) => sql`(cast(${u.id} as integer), cast(${u.pieces} as text))`));
        await sql`update matters set rate_pieces = v.column2 from (values ${values}) as v where matters.id = v.column1`.execute(tx);
      }
    });
    done += ms.length;
    opts.progress?.(done);
  }
  await ctx.store.write(async (tx) => {
    await tx.deleteFrom('rateRollup').execute();
    await tx.deleteFrom('rateRollupMonth').execute();
    await applyChanges(tx, rollup);
  });
  await markReady(db, true);
  return { matters: done, rollupRows: [...rollup.values()].filter((n) => n !== 0).length };
}

async function markReady(db: Db, ready: boolean) {
  await db.insertInto('settings').values({ key: 'rateFacts.ready', value: ready ? '1' : '0' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: ready ? '1' : '0' })).execute();
}

export async function rateFactsReady(db: Db): Promise<boolean> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', 'rateFacts.ready').executeTakeFirst();
  return r?.value === '1';
}

export type BucketCounts = Partial<Record<Bucket, number>>;

/**
 * Each unit's bucket counts as of `asOf` over the matters received in [from, to] (the unit holding each one as of
 * that date), from the rollup plus the matters no one has acted on. `unitIds` limits the units.
 */
export async function rateCountsByUnit(ctx: Ctx, q: { from: string; to: string; asOf: string; unitIds?: readonly number[] }): Promise<Map<number, BucketCounts>> {
  const db = ctx.store.db;
  const out = new Map<number, BucketCounts>();
  const add = (unit: number, b: Bucket, n: number) => {
    const c = out.get(unit) ?? {};
    c[b] = (c[b] ?? 0) + n;
    out.set(unit, c);
  };
  const lastDay = q.to < q.asOf ? q.to : q.asOf;
  if (q.from > lastDay) return out;
  if (q.unitIds && !q.unitIds.length) return out;
  const units = q.unitIds ?? null;
  const sumRows = (rows: { unitId: unknown; bucket: string; n: unknown }[]) => { for (const r of rows) if (num(r.n) !== 0) add(num(r.unitId), r.bucket as Bucket, num(r.n)); };
  // whole months of receipt: changes before the as-of month from the month rollup, changes in it by day
  const firstFull = q.from.endsWith('-01') ? q.from.slice(0, 7) : nextMonth(q.from.slice(0, 7));
  const lastFull = nextDay(q.to).endsWith('-01') ? q.to.slice(0, 7) : prevMonth(q.to.slice(0, 7));
  const asOfMonth = q.asOf.slice(0, 7);
  const edges: [string, string][] = [];
  if (firstFull <= lastFull) {
    const fullFrom = `${firstFull}-01`, fullTo = `${lastFull}-${lastDayOf(lastFull)}`;
    sumRows(await db.selectFrom('rateRollupMonth').select(['unitId', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('receivedMonth', '>=', firstFull).where('receivedMonth', '<=', lastFull).where('changeMonth', '<', asOfMonth)
      .$if(units !== null, (qb) => qb.where('unitId', 'in', units!)).groupBy(['unitId', 'bucket']).execute());
    sumRows(await db.selectFrom('rateRollup').select(['unitId', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('changeDay', '>=', `${asOfMonth}-01`).where('changeDay', '<=', q.asOf).where('receivedDay', '>=', fullFrom).where('receivedDay', '<=', fullTo)
      .$if(units !== null, (qb) => qb.where('unitId', 'in', units!)).groupBy(['unitId', 'bucket']).execute());
    if (q.from < fullFrom) edges.push([q.from, prevDay(fullFrom)]);
    if (fullTo < q.to) edges.push([nextDay(fullTo), q.to]);
  } else {
    edges.push([q.from, q.to]);
  }
  // the days of receipt outside whole months, from the day rollup
  for (const [a, b] of edges) {
    sumRows(await db.selectFrom('rateRollup').select(['unitId', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('receivedDay', '>=', a).where('receivedDay', '<=', b).where('changeDay', '<=', q.asOf)
      .$if(units !== null, (qb) => qb.where('unitId', 'in', units!)).groupBy(['unitId', 'bucket']).execute());
  }
  const unrated = await db.selectFrom('matters').select(['unitId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ratePieces', 'is', null).where('receivedAt', '>=', dayStartUtc(q.from)).where('receivedAt', '<', nextDayStartUtc(lastDay))
    .where('acceptDue', '<', q.asOf)
    .$if(units !== null, (qb) => qb.where('unitId', 'in', units!))
    .groupBy('unitId').execute();
  for (const r of unrated) add(num(r.unitId), 'undecidedOverdue', num(r.n));
  return out;
}

/** The four rates of summed bucket counts, counted as services/assessment.ts `summarise` counts them. */
export function ratesOfCounts(c: BucketCounts) {
  const n = (b: Bucket) => c[b] ?? 0;
  return {
    timelyAcceptance: rate(n('decidedOnTime'), n('decidedOnTime') + n('decidedLate') + n('undecidedOverdue')),
    onTimeCompletion: rate(n('repliedOnTime'), n('repliedOnTime') + n('repliedLate') + n('unrepliedOverdue')),
    participation: rate(n('evaluated'), n('evaluated') + n('evaluationLapsed')),
    satisfaction: rate(n('satisfied'), n('satisfied') + n('dissatisfied')),
  };
}

export function sumCounts(list: Iterable<BucketCounts>): BucketCounts {
  const out: BucketCounts = {};
  for (const c of list) for (const [b, n] of Object.entries(c) as [Bucket, number][]) out[b] = (out[b] ?? 0) + n;
  return out;
}
