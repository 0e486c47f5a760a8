/**
 * 领导包案 (DOMAIN.md §7.2): a leader owns a hard matter until it is resolved (化解). Levels follow the seed report:
 * city leaders 市领导; district leaders and heads of city departments 区领导、市直部门主要负责人; heads of district
 * departments 区直部门主要负责人. Counts and rates by level for any period: a case counts in the period in which it
 * was assigned, and is resolved when its resolution was recorded by the end of the period (or of `asOf`).
 */
import '../store/schema-supervision.ts';
import { isValidDate } from '../domain/calendar.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { rate, type Rate } from '../domain/rates.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import { instant, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export const LEADER_LEVELS = ['city', 'districtOrCityDept', 'districtDept'] as const;
export type LeaderLevel = (typeof LEADER_LEVELS)[number];
export const LEVEL_LABEL: Record<LeaderLevel, string> = {
  city: '市领导',
  districtOrCityDept: '区领导、市直部门主要负责人',
  districtDept: '区直部门主要负责人',
};

export interface AssignLeaderInput { matterId: number; leaderName: string; leaderTitle: string; level: LeaderLevel; targetDate: string; at?: string }

export async function assignLeaderCase(ctx: Ctx, actor: StaffActor, input: AssignLeaderInput): Promise<{ id: number }> {
  if (!(LEADER_LEVELS as readonly string[]).includes(input.level)) throw new DomainError('BAD_INPUT', '包案领导层级不正确', { field: 'level' });
  if (!isValidDate(input.targetDate)) throw new DomainError('BAD_INPUT', 'targetDate 不是有效日期', { field: 'targetDate' });
  const at = instant(ctx, input.at);
  const m = await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const open = await ctx.store.db.selectFrom('leaderCases').select('id').where('matterId', '=', input.matterId).where('resolvedAt', 'is', null).executeTakeFirst();
  if (open) throw new DomainError('RULE_VIOLATION', '该事项已有领导包案，尚未化解');
  const r = await ctx.store.db.insertInto('leaderCases').values({
    matterId: input.matterId, unitId: num(m.unitId), regionCode: m.regionCode ?? regionOf(ctx, actor.unitId),
    leaderName: text(input.leaderName, 'leaderName', '包案领导', 100), leaderTitle: text(input.leaderTitle, 'leaderTitle', '领导职务', 200),
    level: input.level, assignedAt: at, targetDate: input.targetDate, resolvedAt: null, recordedBy: actor.userId, recordedAt: ctx.now(),
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

async function ownCase(ctx: Ctx, actor: StaffActor, id: number) {
  const c = await ctx.store.db.selectFrom('leaderCases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('包案');
  if (!scopeOf(ctx, actor).includes(num(c.unitId))) await visibleMatter(ctx, ctx.store.db, actor, num(c.matterId)).catch(() => { throw notFound('包案'); });
  return c;
}

export async function addLeaderCaseNote(ctx: Ctx, actor: StaffActor, id: number, input: { note: string; at?: string }): Promise<{ id: number }> {
  await ownCase(ctx, actor, id);
  const r = await ctx.store.db.insertInto('leaderCaseNotes').values({ caseId: id, at: instant(ctx, input.at), note: text(input.note, 'note', '进展情况', 4000), recordedBy: actor.userId })
    .returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export async function resolveLeaderCase(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string; note?: string }): Promise<void> {
  const c = await ownCase(ctx, actor, id);
  if (c.resolvedAt) throw new DomainError('INVALID_STATE', '该包案已化解');
  const at = instant(ctx, input.at);
  if (at < c.assignedAt) throw new DomainError('BAD_INPUT', '化解时间不能早于包案时间', { field: 'at' });
  await ctx.store.write(async (tx) => {
    const u = await tx.updateTable('leaderCases').set({ resolvedAt: at }).where('id', '=', id).where('resolvedAt', 'is', null).executeTakeFirst();
    if (num(u.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该包案刚被他人更新，请刷新');
    await tx.insertInto('leaderCaseNotes').values({ caseId: id, at, note: input.note?.trim() || '已化解', recordedBy: actor.userId }).execute();
  });
}

export async function getLeaderCase(ctx: Ctx, actor: StaffActor, id: number) {
  const c = await ownCase(ctx, actor, id);
  const notes = await ctx.store.db.selectFrom('leaderCaseNotes').selectAll().where('caseId', '=', id).orderBy('at').execute();
  return { ...view(c), notes: notes.map((n) => ({ id: num(n.id), at: n.at, note: n.note })) };
}

function view(c: { id: number; matterId: number; unitId: number; regionCode: string; leaderName: string; leaderTitle: string; level: string; assignedAt: string; targetDate: string; resolvedAt: string | null }) {
  return {
    id: num(c.id), matterId: num(c.matterId), unitId: num(c.unitId), regionCode: c.regionCode, leaderName: c.leaderName, leaderTitle: c.leaderTitle,
    level: c.level, levelLabel: LEVEL_LABEL[c.level as LeaderLevel] ?? c.level, assignedAt: c.assignedAt, targetDate: c.targetDate,
    resolved: c.resolvedAt !== null, resolvedAt: c.resolvedAt,
  };
}

export interface LeaderQuery { from: string; to: string; asOf?: string; level?: string; regionCode?: string }

function base(ctx: Ctx, actor: StaffActor | null, q: LeaderQuery) {
  let b = ctx.store.db.selectFrom('leaderCases').where('assignedAt', '>=', dayStartUtc(q.from)).where('assignedAt', '<', nextDayStartUtc(q.to));
  if (actor) b = b.where('unitId', 'in', scopeOf(ctx, actor));
  if (q.level) b = b.where('level', '=', q.level);
  if (q.regionCode) b = b.where('regionCode', 'like', `${q.regionCode.replace(/(00)+$/, '')}%`);
  return b;
}

export async function listLeaderCases(ctx: Ctx, actor: StaffActor, q: LeaderQuery & { resolved?: boolean }) {
  const end = nextDayStartUtc(q.asOf ?? q.to);
  const rows = await base(ctx, actor, q).selectAll().orderBy('assignedAt').orderBy('id').execute();
  return rows.map(view).map((c) => ({ ...c, resolved: c.resolvedAt !== null && c.resolvedAt < end }))
    .filter((c) => q.resolved === undefined || c.resolved === q.resolved);
}

export interface LeaderStats { total: Rate; byLevel: { level: LeaderLevel; label: string; cases: number; resolved: number; rate: Rate }[] }

/** Counts and rates by level. `actor` null = the whole platform (the annual report of the city). */
export async function leaderCaseStats(ctx: Ctx, actor: StaffActor | null, q: LeaderQuery): Promise<LeaderStats> {
  const end = nextDayStartUtc(q.asOf ?? q.to);
  const rows = await base(ctx, actor, q)
    .select((eb) => ['level', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('resolvedAt', '<', end).then(1).else(0).end()).as('resolved')])
    .groupBy('level').execute();
  const byLevel = LEADER_LEVELS.map((level) => {
    const r = rows.find((x) => x.level === level);
    const cases = num(r?.n), resolved = num(r?.resolved);
    return { level, label: LEVEL_LABEL[level], cases, resolved, rate: rate(resolved, cases) };
  });
  const cases = byLevel.reduce((s, l) => s + l.cases, 0);
  const resolved = byLevel.reduce((s, l) => s + l.resolved, 0);
  return { total: rate(resolved, cases), byLevel };
}
