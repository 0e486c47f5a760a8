/**
 * 第三方满意度回访 (DOMAIN.md §7.9): the third-party evaluator samples handled matters, phones the petitioner, and
 * records each attempt; an answered call records every indicator of the survey (the configurable set, defaulting
 * to the report's eight) and any suggestion. A refusal ends the callback; after `maxAttempts` unanswered calls it
 * counts as unreachable. The per-unit data report and the two rates are computed from these records.
 *
 * For scenario generators: `sampleCallbacks(ctx, actor, { matterIds })` → { ids }, then
 * `recordCallbackAttempt(ctx, actor, id, { outcome: 'answered', answers, suggestion? })` → { status }.
 */
import { randomInt } from 'node:crypto';
import { DomainError, notFound } from '../domain/errors.ts';
import {
  callbackSatisfaction, checkAnswers, DEFAULT_MAX_CALLBACK_ATTEMPTS, parseIndicators, validateIndicators, validResponseRate, type CallbackIndicator,
} from '../domain/resolution.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo } from '../store/matter.repository.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { instant, json, parse, regionOf, scopeOf, text, type StaffActor } from './resolution-support.ts';

const SETTING = 'callbackIndicators';

/** A uniform random sample without replacement (partial Fisher–Yates with crypto randomness). */
function sample(ids: number[], size: number): number[] {
  const a = [...ids];
  const n = Math.min(size, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + randomInt(a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export async function callbackIndicators(ctx: Ctx): Promise<CallbackIndicator[]> {
  const s = await ctx.store.db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  return parseIndicators(s?.value);
}

/** An administrator replaces the indicator set; callbacks already sampled keep the set they were sampled with. */
export async function setCallbackIndicators(ctx: Ctx, indicators: unknown): Promise<CallbackIndicator[]> {
  validateIndicators(indicators);
  const value = json(indicators.map((i) => ({ key: i.key, label: i.label.trim(), kind: i.kind })));
  await ctx.store.db.insertInto('settings').values({ key: SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return parseIndicators(value);
}

export interface SampleInput {
  at?: string;
  /** explicit matters to call back, or else a random sample of `size` matters replied in [from, to] */
  matterIds?: number[];
  from?: string;
  to?: string;
  size?: number;
}

/** Samples matters for callback. Only replied matters (答复后) are sampled, each at most once. */
export async function sampleCallbacks(ctx: Ctx, actor: StaffActor, input: SampleInput): Promise<{ ids: number[] }> {
  const at = instant(ctx, input.at);
  const db = ctx.store.db;
  let ids = [...new Set(input.matterIds ?? [])];
  if (!ids.length) {
    if (!input.from || !input.to || !input.size) throw new DomainError('BAD_INPUT', '请指定事项，或指定抽样期间（from、to）和数量（size）');
    const rows = await db.selectFrom('matters').select('id').where(visibleTo(ctx.org(), actor))
      .where('repliedAt', 'is not', null).where('repliedAt', '>=', dayStartUtc(input.from)).where('repliedAt', '<', nextDayStartUtc(input.to))
      .where('id', 'not in', db.selectFrom('callbacks').select('matterId')).execute();
    ids = sample(rows.map((r) => num(r.id)), input.size);
    if (!ids.length) return { ids: [] };
  }
  const matters = await db.selectFrom('matters').select(['id', 'unitId', 'repliedAt']).where('id', 'in', ids).where(visibleTo(ctx.org(), actor)).execute();
  if (matters.length !== ids.length) throw notFound('信访事项');
  if (matters.some((m) => m.repliedAt === null)) throw new DomainError('RULE_VIOLATION', '尚未答复的信访事项不能抽样回访');
  const indicators = json(await callbackIndicators(ctx));
  return ctx.store.write(async (tx) => {
    const taken = await tx.selectFrom('callbacks').select('matterId').where('matterId', 'in', ids).execute();
    if (taken.length) throw new DomainError('RULE_VIOLATION', `信访事项已抽样回访：${taken.map((t) => t.matterId).join('、')}`);
    const out: number[] = [];
    for (const m of matters) {
      const r = await tx.insertInto('callbacks').values({
        unitId: actor.unitId, regionCode: regionOf(ctx, num(m.unitId)), recordedBy: actor.userId, recordedAt: ctx.now(), at,
        matterId: num(m.id), matterUnitId: num(m.unitId), status: 'pending', attempts: 0, completedAt: null, indicators, answers: null, suggestion: null,
      }).returning('id').executeTakeFirstOrThrow();
      out.push(num(r.id));
    }
    return { ids: out };
  });
}

export interface AttemptInput {
  at?: string;
  outcome: 'answered' | 'unreachable' | 'refused';
  answers?: Record<string, string>;
  suggestion?: string;
}

/** One phone call. answered → valid (every indicator answered); refused → refused; unanswered → unreachable
 * after the last allowed attempt, else still pending. */
export async function recordCallbackAttempt(ctx: Ctx, actor: StaffActor, id: number, input: AttemptInput, opts: { maxAttempts?: number } = {}): Promise<{ status: string; attempts: number }> {
  const at = instant(ctx, input.at);
  const max = opts.maxAttempts ?? DEFAULT_MAX_CALLBACK_ATTEMPTS;
  return ctx.store.write(async (tx) => {
    const c = await tx.selectFrom('callbacks').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
    if (!c) throw notFound('回访记录');
    if (c.status !== 'pending') throw new DomainError('INVALID_STATE', '该回访已结束');
    const attempts = num(c.attempts) + 1;
    let status = 'pending';
    let answers: string | null = null;
    if (input.outcome === 'answered') {
      const a = input.answers ?? {};
      checkAnswers(parseIndicators(c.indicators), a);
      answers = json(a);
      status = 'valid';
    } else if (input.outcome === 'refused') status = 'refused';
    else if (input.outcome === 'unreachable') status = attempts >= max ? 'unreachable' : 'pending';
    else throw new DomainError('BAD_INPUT', '回访结果不正确', { field: 'outcome' });
    if (input.outcome !== 'answered' && input.answers) throw new DomainError('BAD_INPUT', '未接通或拒访时不能填写指标', { field: 'answers' });
    const upd = await tx.updateTable('callbacks').set({
      status, attempts, answers, completedAt: status === 'pending' ? null : at,
      suggestion: input.suggestion?.trim() ? text(input.suggestion, 'suggestion', '意见建议', 4000) : null,
    }).where('id', '=', id).where('attempts', '=', c.attempts).where('status', '=', 'pending').executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该回访刚被他人更新，请刷新');
    await tx.insertInto('callbackAttempts').values({ callbackId: id, at, outcome: input.outcome, recordedBy: actor.userId }).execute();
    return { status, attempts };
  });
}

export async function listCallbacks(ctx: Ctx, actor: StaffActor, q: { status?: string } = {}) {
  let query = ctx.store.db.selectFrom('callbacks').innerJoin('matters', 'matters.id', 'callbacks.matterId')
    .select(['callbacks.id', 'callbacks.at', 'callbacks.matterId', 'callbacks.matterUnitId', 'callbacks.status', 'callbacks.attempts', 'callbacks.completedAt', 'callbacks.answers', 'callbacks.suggestion', 'callbacks.indicators', 'matters.code', 'matters.title'])
    .where('callbacks.unitId', 'in', scopeOf(ctx, actor));
  if (q.status) query = query.where('callbacks.status', '=', q.status);
  const rows = await query.orderBy('callbacks.id', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: num(r.id), at: r.at, matterId: num(r.matterId), matterCode: r.code, matterTitle: r.title, unitId: num(r.matterUnitId),
    unitName: ctx.org().unit(num(r.matterUnitId))?.name ?? null, status: r.status, attempts: num(r.attempts), completedAt: r.completedAt,
    answers: parse<Record<string, string>>(r.answers), suggestion: r.suggestion, indicators: parseIndicators(r.indicators),
  }));
}

export interface CallbackUnitReport {
  unitId: number; unitName: string; sampled: number; valid: number; unreachable: number; refused: number; pending: number;
  validRate: ReturnType<typeof validResponseRate>; satisfaction: ReturnType<typeof callbackSatisfaction>; suggestions: number;
  indicators: Record<string, Record<string, number>>;
}

/** The data report per responsible unit (数据报告): callbacks sampled in [from, to] (Shanghai dates), by the unit
 * whose handling was evaluated. */
export async function callbackReport(ctx: Ctx, actor: StaffActor, q: { from: string; to: string }): Promise<{ units: CallbackUnitReport[]; total: Omit<CallbackUnitReport, 'unitId' | 'unitName'> }> {
  const rows = await ctx.store.db.selectFrom('callbacks').select(['matterUnitId', 'status', 'answers', 'suggestion'])
    .where('unitId', 'in', scopeOf(ctx, actor)).where('at', '>=', dayStartUtc(q.from)).where('at', '<', nextDayStartUtc(q.to)).execute();
  const blank = () => ({ sampled: 0, valid: 0, unreachable: 0, refused: 0, pending: 0, satisfied: 0, suggestions: 0, indicators: {} as Record<string, Record<string, number>> });
  const byUnit = new Map<number, ReturnType<typeof blank>>();
  const total = blank();
  for (const r of rows) {
    const uid = num(r.matterUnitId);
    const u = byUnit.get(uid) ?? blank();
    byUnit.set(uid, u);
    for (const acc of [u, total]) {
      acc.sampled++;
      if (r.status === 'valid' || r.status === 'unreachable' || r.status === 'refused' || r.status === 'pending') acc[r.status]++;
      if (r.suggestion) acc.suggestions++;
      const a = parse<Record<string, string>>(r.answers);
      if (r.status === 'valid' && a) {
        if (a.satisfaction === 'satisfied' || a.satisfaction === 'basicallySatisfied') acc.satisfied++;
        for (const [k, v] of Object.entries(a)) {
          const d = (acc.indicators[k] ??= {});
          d[v] = (d[v] ?? 0) + 1;
        }
      }
    }
  }
  const shape = (a: ReturnType<typeof blank>) => ({
    sampled: a.sampled, valid: a.valid, unreachable: a.unreachable, refused: a.refused, pending: a.pending,
    validRate: validResponseRate(a.valid, a.sampled), satisfaction: callbackSatisfaction(a.satisfied, a.valid), suggestions: a.suggestions, indicators: a.indicators,
  });
  const units = [...byUnit.entries()].map(([unitId, a]) => ({ unitId, unitName: ctx.org().unit(unitId)?.name ?? String(unitId), ...shape(a) }))
    .sort((x, y) => y.sampled - x.sampled || x.unitId - y.unitId);
  return { units, total: shape(total) };
}

