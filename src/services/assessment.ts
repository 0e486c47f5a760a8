/**
 * 考核 (DOMAIN.md §6) from the EVENT LOG: the four rates and the others, per unit, per district and per period,
 * reproducible "as of" any past date — only events that happened by the end of that day count, and the limits a
 * matter had then are recomputed from those events with the same deadline engine the lifecycle uses (a limit
 * that was later met, moved by an extension or stood still during a hearing is judged as it stood that day).
 * Every figure is drillable: each bucket lists the matters behind it.
 *
 * Decisions: a matter belongs to the period of its receipt; it is counted for the unit that held it as of the
 * date (the holder after the last transfer / assignment / objection by then); a paused limit is not overdue; an
 * objection a supervisor upheld (by the as-of date) takes the matter out of that one metric.
 */
import '../store/schema-supervision.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { computeDue, computeDueFromDate, shiftDue, type LimitRule } from '../domain/deadlines.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { LimitConfig } from '../domain/lifecycle.ts';
import { rate, type Rate } from '../domain/rates.ts';
import type { HolidayCalendar } from '../domain/calendar.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import { rateCountsByUnit, rateFactsReady, ratesOfCounts, refreshMatterRates } from './rate-facts.ts';
import { instant, scopeOf, text, type StaffActor } from './resolution-support.ts';

export const METRICS = ['timelyAcceptance', 'onTimeCompletion', 'participation', 'satisfaction'] as const;
export type Metric = (typeof METRICS)[number];

/** Where a matter falls, per metric, as of a date. */
export type Bucket =
  | 'decidedOnTime' | 'decidedLate' | 'undecidedOverdue'
  | 'repliedOnTime' | 'repliedLate' | 'unrepliedOverdue'
  | 'evaluated' | 'evaluationLapsed' | 'satisfied' | 'dissatisfied';

export interface Limit { start: string; unit: LimitRule['unit']; days: number; due: string }
export interface MatterFacts {
  matterId: number; holderUnitId: number;
  acceptance: 'decidedOnTime' | 'decidedLate' | 'undecidedOverdue' | null;
  completion: 'repliedOnTime' | 'repliedLate' | 'unrepliedOverdue' | null;
  participation: 'evaluated' | 'evaluationLapsed' | null;
  satisfaction: 'satisfied' | 'dissatisfied' | null;
  repeat: boolean; replied: boolean; reviewRequested: boolean;
  /** 退回重办 by the date: the reply was withdrawn; the matter is then judged on the unit's new reply */
  sentBack: boolean;
}

export interface FoldEvent { action: string; at: string; actorUnitId: number | null; data: Record<string, unknown> }

function limit(cal: HolidayCalendar, from: string, rule: LimitRule): Limit {
  return { start: shanghaiDate(from), unit: rule.unit, days: rule.days, due: computeDue(cal, from, rule).due };
}
/** The lifecycle's `prolong`: a calendar-day limit is recounted from its start, a working-day one moved. */
function prolong(cal: HolidayCalendar, l: Limit, n: number): Limit {
  if (l.unit === 'calendarDays') return { ...l, days: l.days + n, due: computeDueFromDate(cal, l.start, { unit: 'calendarDays', days: l.days + n }).due };
  return { ...l, due: shiftDue(cal, l.due, n).due };
}

/** Where a matter stands after some of its events: the limits then running and what was decided. */
export interface FoldState {
  holder: number; accept: Limit | null; handle: Limit | null; evalDue: string | null;
  decided: boolean | null; replied: boolean | null; accepted: boolean; evaluation: string | null; paused: boolean;
  repeat: boolean; reviewRequested: boolean; sentBack: boolean;
}

export function startFold(m: { receivedAt: string; registeringUnitId: number }, cal: HolidayCalendar, limits: LimitConfig): FoldState {
  return {
    holder: m.registeringUnitId, accept: limit(cal, m.receivedAt, limits.route), handle: null, evalDue: null,
    decided: null, replied: null, accepted: false, evaluation: null, paused: false, repeat: false, reviewRequested: false, sentBack: false,
  };
}

/** Applies one event to the state (in place). */
export function foldEvent(s: FoldState, e: FoldEvent, m: { receivedAt: string }, cal: HolidayCalendar, limits: LimitConfig): void {
  switch (e.action) {
    case 'transfer': case 'assign':
      s.holder = num(e.data.unitId); s.accept = limit(cal, e.at, limits.accept); break;
    case 'object':
      s.holder = num(e.data.returnedTo); s.accept = limit(cal, m.receivedAt, limits.route); break;
    case 'accept':
      s.decided = e.data.onTime !== false; s.accepted = true; s.accept = null; s.handle = limit(cal, e.at, limits.handle); break;
    case 'decline':
      s.decided = e.data.onTime !== false; s.accept = null; break;
    case 'extend':
      if (s.handle && typeof e.data.days === 'number') s.handle = prolong(cal, s.handle, e.data.days);
      if (s.handle && typeof e.data.due === 'string') s.handle = { ...s.handle, due: e.data.due };
      break;
    case 'pauseClock': s.paused = true; break;
    case 'resumeClock': {
      s.paused = false;
      const n = num(e.data.pausedDays);
      if (n > 0) { if (s.accept) s.accept = prolong(cal, s.accept, n); if (s.handle) s.handle = prolong(cal, s.handle, n); }
      break;
    }
    case 'reply':
      s.replied = e.data.onTime !== false; s.handle = null; s.evalDue = limit(cal, e.at, limits.evaluation).due; break;
    case 'evaluate': s.evaluation = String(e.data.result); break;
    case 'sendBack':
      // the reply, its evaluation and its evaluation window are withdrawn; a new handle limit runs from that day
      s.sentBack = true; s.replied = null; s.evaluation = null; s.evalDue = null; s.handle = limit(cal, e.at, limits.redo); break;
    case 'requestReview': s.reviewRequested = true; break;
    case 'linkPetition': s.repeat = true; break;
    default: break;
  }
}

/** The metrics of a folded state on `asOfDate` (a limit counts as missed from the day after its due date). */
export function factsOf(matterId: number, s: FoldState, asOfDate: string): MatterFacts {
  return {
    matterId, holderUnitId: s.holder,
    acceptance: s.decided === true ? 'decidedOnTime' : s.decided === false ? 'decidedLate' : s.accept && !s.paused && s.accept.due < asOfDate ? 'undecidedOverdue' : null,
    completion: s.replied === true ? 'repliedOnTime' : s.replied === false ? 'repliedLate' : s.accepted && s.handle && !s.paused && s.handle.due < asOfDate ? 'unrepliedOverdue' : null,
    participation: s.evaluation ? 'evaluated' : s.replied !== null && s.evalDue !== null && s.evalDue < asOfDate ? 'evaluationLapsed' : null,
    satisfaction: s.evaluation ? (s.evaluation === 'satisfied' || s.evaluation === 'basicallySatisfied' ? 'satisfied' : 'dissatisfied') : null,
    repeat: s.repeat, replied: s.replied !== null, reviewRequested: s.reviewRequested, sentBack: s.sentBack,
  };
}

/**
 * Pure: folds a matter's events (those by the as-of instant, in order) into where it stands on each metric on
 * `asOfDate`. Exported for the tests of the formulas.
 */
export function foldMatter(m: { id: number; receivedAt: string; registeringUnitId: number }, events: readonly FoldEvent[], asOfDate: string, cal: HolidayCalendar, limits: LimitConfig): MatterFacts {
  const s = startFold(m, cal, limits);
  for (const e of events) foldEvent(s, e, m, cal, limits);
  return factsOf(m.id, s, asOfDate);
}

export interface AssessmentRow {
  key: string; name: string; matters: number;
  timelyAcceptance: Rate; onTimeCompletion: Rate; participation: Rate; satisfaction: Rate;
  repeatRate: Rate; firstTimeResolution: Rate; overdue: number;
  /** matters sent back (退回重办) by the date: not resolved the first time */
  sentBack: number;
}

export interface AssessmentQuery { from: string; to: string; asOf?: string; unitId?: number; regionCode?: string; by?: 'unit' | 'district' | 'all' }

function check(q: AssessmentQuery) {
  if (q.from > q.to) throw new DomainError('BAD_INPUT', 'from 不能晚于 to', { field: 'from' });
}

/** All matters of the period with their facts as of the date (viewer null: the whole platform, for reports). */
export async function assessmentFacts(ctx: Ctx, viewer: { unitId: number } | null, q: AssessmentQuery) {
  check(q);
  const asOf = q.asOf ?? shanghaiDate(ctx.now());
  const T = nextDayStartUtc(asOf);
  const db = ctx.store.db;
  let mq = db.selectFrom('matters').select(['id', 'code', 'title', 'receivedAt', 'registeringUnitId', 'regionCode'])
    .where('receivedAt', '>=', dayStartUtc(q.from)).where('receivedAt', '<', nextDayStartUtc(q.to)).where('receivedAt', '<', T);
  if (viewer) mq = mq.where(visibleTo(ctx.org(), viewer));
  if (q.regionCode) mq = mq.where('regionCode', 'like', `${q.regionCode.replace(/(00)+$/, '')}%`);
  const matters = await mq.orderBy('id').execute();
  const byMatter = new Map<number, FoldEvent[]>();
  const CHUNK = 900;
  for (let i = 0; i < matters.length; i += CHUNK) {
    const ids = matters.slice(i, i + CHUNK).map((m) => num(m.id));
    const evs = await db.selectFrom('events').select(['matterId', 'action', 'at', 'actorUnitId', 'data'])
      .where('matterId', 'in', ids).where('at', '<', T).orderBy('matterId').orderBy('seq').execute();
    for (const e of evs) {
      const list = byMatter.get(num(e.matterId)) ?? [];
      list.push({ action: e.action, at: e.at, actorUnitId: e.actorUnitId === null ? null : num(e.actorUnitId), data: JSON.parse(e.data) as Record<string, unknown> });
      byMatter.set(num(e.matterId), list);
    }
  }
  const upheld = await db.selectFrom('assessmentObjections').select(['matterId', 'metric'])
    .where('status', '=', 'upheld').where('decidedAt', '<', T).execute();
  const excluded = new Set(upheld.map((o) => `${num(o.matterId)}:${o.metric}`));
  const cal = ctx.calendar();
  const facts = matters.map((m) => {
    const f = foldMatter({ id: num(m.id), receivedAt: m.receivedAt, registeringUnitId: num(m.registeringUnitId) }, byMatter.get(num(m.id)) ?? [], asOf, cal, ctx.limits);
    if (excluded.has(`${f.matterId}:timelyAcceptance`)) f.acceptance = null;
    if (excluded.has(`${f.matterId}:onTimeCompletion`)) f.completion = null;
    if (excluded.has(`${f.matterId}:participation`)) f.participation = null;
    if (excluded.has(`${f.matterId}:satisfaction`)) f.satisfaction = null;
    return { ...f, code: m.code, title: m.title, regionCode: m.regionCode };
  });
  const filtered = q.unitId ? facts.filter((f) => f.holderUnitId === q.unitId) : facts;
  return { asOf, facts: filtered };
}

export function summarise(key: string, name: string, fs: readonly MatterFacts[]): AssessmentRow {
  const n = (pred: (f: MatterFacts) => boolean) => fs.filter(pred).length;
  const dOn = n((f) => f.acceptance === 'decidedOnTime'), dAll = n((f) => f.acceptance !== null);
  const rOn = n((f) => f.completion === 'repliedOnTime'), rAll = n((f) => f.completion !== null);
  const ev = n((f) => f.participation === 'evaluated'), pAll = n((f) => f.participation !== null);
  const sat = n((f) => f.satisfaction === 'satisfied'), sAll = n((f) => f.satisfaction !== null);
  const replied = n((f) => f.replied);
  return {
    key, name, matters: fs.length,
    timelyAcceptance: rate(dOn, dAll), onTimeCompletion: rate(rOn, rAll), participation: rate(ev, pAll), satisfaction: rate(sat, sAll),
    repeatRate: rate(n((f) => f.repeat), fs.length),
    firstTimeResolution: rate(n((f) => f.replied && !f.reviewRequested && !f.sentBack && f.satisfaction !== 'dissatisfied'), replied),
    sentBack: n((f) => f.sentBack),
    overdue: n((f) => f.acceptance === 'undecidedOverdue' || f.completion === 'unrepliedOverdue'),
  };
}

/** Rates per unit, per district or overall, as of a date. Units are ranked (名次) by their mean rate. */
export async function assessment(ctx: Ctx, viewer: { unitId: number } | null, q: AssessmentQuery) {
  const { asOf, facts } = await assessmentFacts(ctx, viewer, q);
  const org = ctx.org();
  const regionNames = new Map((await ctx.store.db.selectFrom('regions').select(['code', 'name']).execute()).map((r) => [r.code, r.name]));
  const groups = new Map<string, { name: string; list: MatterFacts[] }>();
  for (const f of facts) {
    let key = 'all', name = '合计';
    if (q.by === 'unit') { key = String(f.holderUnitId); name = org.unit(f.holderUnitId)?.name ?? key; }
    if (q.by === 'district') {
      // the district where the matter arose (its place), else the holding unit's
      const region = (f.regionCode ?? org.unit(f.holderUnitId)?.regionCode ?? '440600').slice(0, 6);
      key = region; name = region.endsWith('00') ? '市本级' : regionNames.get(region) ?? region;
    }
    const g = groups.get(key) ?? { name, list: [] };
    g.list.push(f);
    groups.set(key, g);
  }
  const rows = [...groups.entries()].map(([k, g]) => summarise(k, g.name, g.list));
  const score = (r: AssessmentRow) => {
    const v = [r.timelyAcceptance, r.onTimeCompletion, r.participation, r.satisfaction].map((x) => x.rate).filter((x): x is number => x !== null);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : -1;
  };
  rows.sort((a, b) => score(b) - score(a) || a.key.localeCompare(b.key));
  return { asOf, from: q.from, to: q.to, rows: rows.map((r, i) => ({ ...r, rank: i + 1 })), total: summarise('all', '合计', facts) };
}

/** The matters behind one figure: a metric's bucket (e.g. undecidedOverdue) for a unit or all. */
export async function assessmentCases(ctx: Ctx, viewer: { unitId: number } | null, q: AssessmentQuery & { bucket: Bucket }) {
  const { asOf, facts } = await assessmentFacts(ctx, viewer, q);
  const hit = (f: MatterFacts) => f.acceptance === q.bucket || f.completion === q.bucket || f.participation === q.bucket || f.satisfaction === q.bucket;
  return { asOf, items: facts.filter(hit).map((f) => ({ matterId: f.matterId, code: (f as { code?: string }).code ?? '', title: (f as { title?: string }).title ?? '', unitId: f.holderUnitId })) };
}

/** 考核异议: the unit holding a counted matter objects to its counting in one metric. */
export async function fileObjection(ctx: Ctx, actor: StaffActor, input: { matterId: number; metric: Metric; reason: string; at?: string }): Promise<{ id: number }> {
  if (!(METRICS as readonly string[]).includes(input.metric)) throw new DomainError('BAD_INPUT', '考核指标不正确', { field: 'metric' });
  const m = await ctx.store.db.selectFrom('matters').select(['id', 'unitId']).where('id', '=', input.matterId).where(visibleTo(ctx.org(), actor)).executeTakeFirst();
  if (!m) throw notFound('信访事项');
  const pending = await ctx.store.db.selectFrom('assessmentObjections').select('id').where('matterId', '=', input.matterId).where('metric', '=', input.metric).where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw new DomainError('RULE_VIOLATION', '该事项此项指标已有待裁决的异议');
  const r = await ctx.store.db.insertInto('assessmentObjections').values({
    matterId: input.matterId, unitId: actor.unitId, metric: input.metric, reason: text(input.reason, 'reason', '异议理由', 4000), filedAt: instant(ctx, input.at),
    filedBy: actor.userId, status: 'pending', decidedAt: null, decidedBy: null, decisionNote: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export async function decideObjection(ctx: Ctx, actor: StaffActor, id: number, input: { uphold: boolean; note: string; at?: string }): Promise<void> {
  const o = await ctx.store.db.selectFrom('assessmentObjections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o || !scopeOf(ctx, actor).includes(num(o.unitId))) throw notFound('考核异议');
  if (o.status !== 'pending') throw new DomainError('INVALID_STATE', '该异议已裁决');
  const values = { status: input.uphold ? 'upheld' : 'rejected', decidedAt: instant(ctx, input.at), decidedBy: actor.userId, decisionNote: text(input.note, 'note', '裁决意见', 4000) };
  await ctx.store.write(async (tx) => {
    const u = await tx.updateTable('assessmentObjections').set(values).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (num(u.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该异议刚被他人裁决');
    // an upheld objection takes the matter out of that metric from the day of the decision: the rate facts follow
    if (input.uphold) await refreshMatterRates(tx, ctx, num(o.matterId));
  });
}

export async function listObjections(ctx: Ctx, actor: StaffActor, q: { status?: string } = {}) {
  let qb = ctx.store.db.selectFrom('assessmentObjections').selectAll().where('unitId', 'in', scopeOf(ctx, actor));
  if (q.status) qb = qb.where('status', '=', q.status);
  return (await qb.orderBy('filedAt', 'desc').limit(500).execute()).map((o) => ({
    id: num(o.id), matterId: num(o.matterId), unitId: num(o.unitId), metric: o.metric, reason: o.reason, filedAt: o.filedAt, status: o.status,
    decidedAt: o.decidedAt, decisionNote: o.decisionNote,
  }));
}

/**
 * The dashboard's path (today's figures for every unit at once): the rate facts' rollup (services/rate-facts.ts),
 * one indexed sum grouped by unit — the same counting as the event log, kept by it. Before the rollup has been
 * built on a database that had matters, the event log answers.
 */
export async function dashboardRates(ctx: Ctx, q: { from: string; to: string }) {
  check(q);
  const asOf = shanghaiDate(ctx.now());
  if (!(await rateFactsReady(ctx.store.db))) {
    const r = await assessment(ctx, null, { ...q, asOf, by: 'unit' });
    return r.rows.map((row) => ({ unitId: Number(row.key), timelyAcceptance: row.timelyAcceptance, onTimeCompletion: row.onTimeCompletion, participation: row.participation, satisfaction: row.satisfaction }));
  }
  const counts = await rateCountsByUnit(ctx, { ...q, asOf });
  return [...counts.entries()].map(([unitId, c]) => ({ unitId, ...ratesOfCounts(c) }));
}
