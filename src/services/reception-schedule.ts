/**
 * 领导接访下访 (DOMAIN.md §7.1): plan a leader's reception day (at the hall) or visit down to a town, on working days
 * only (src/domain/reception.ts decides what a rest day does), publish it, give it slots and a capacity, assign
 * matters to it, record what happened (attendees, summary) and the leader's instructions (批示), which become tasks
 * with a follow-up limit counted on the holiday calendar.
 *
 * For scenario generators: `planReception(ctx, actor, input)` → { id, date, movedFrom }, `publishReception`,
 * `assignMatterToReception`, `recordReceptionHeld`, `issueInstruction` → { id, due }, `reportInstruction`.
 */
import '../store/schema-reception.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import {
  instructionLimit, instructionState, receptionDate, slotsOf, workdaysBetween,
  type ReceptionKind, type RestDayPolicy,
} from '../domain/reception.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { instant, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface PlanReceptionInput {
  kind: ReceptionKind;
  leaderName: string;
  leaderTitle?: string;
  date: string;
  onRestDay?: RestDayPolicy;
  start?: string;
  end?: string;
  slotMinutes?: number;
  perSlot?: number;
  place: string;
  townRegionCode?: string;
  topic?: string;
}

export async function planReception(ctx: Ctx, actor: StaffActor, input: PlanReceptionInput) {
  const { date, movedFrom } = receptionDate(ctx.calendar(), input.date, input.onRestDay ?? 'refuse');
  const plan = { start: input.start ?? '09:00', end: input.end ?? '12:00', slotMinutes: input.slotMinutes ?? 30, perSlot: input.perSlot ?? 2 };
  slotsOf(plan); // validates
  if (input.kind === 'visitDown' && !input.townRegionCode) throw new DomainError('BAD_INPUT', '下访应指明镇（街）', { field: 'townRegionCode' });
  const r = await ctx.store.db.insertInto('receptionDays').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), kind: input.kind, leaderName: text(input.leaderName, 'leaderName', '接访领导', 100),
    leaderTitle: input.leaderTitle?.trim() || null, date, movedFrom, startTime: plan.start, endTime: plan.end, slotMinutes: plan.slotMinutes,
    perSlot: plan.perSlot, place: text(input.place, 'place', '接访地点', 200), townRegionCode: input.townRegionCode ?? null, topic: input.topic?.trim() || null,
    status: 'draft', publishedAt: null, heldAt: null, attendees: null, summary: null, createdBy: actor.userId, createdAt: ctx.now(),
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id), date, movedFrom };
}

/** A rota: the same leader plan on every working day of a range (holidays skipped, make-up workdays included). */
export async function planRota(ctx: Ctx, actor: StaffActor, input: Omit<PlanReceptionInput, 'date' | 'onRestDay'> & { from: string; to: string }) {
  const days = workdaysBetween(ctx.calendar(), input.from, input.to);
  if (days.length > 120) throw new DomainError('BAD_INPUT', '一次最多安排 120 个工作日', { field: 'to' });
  const out = [];
  for (const date of days) out.push(await planReception(ctx, actor, { ...input, date }));
  return out;
}

async function ownDay(ctx: Ctx, actor: { unitId: number }, id: number) {
  const d = await ctx.store.db.selectFrom('receptionDays').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!d) throw notFound('接访安排');
  return d;
}

async function move(ctx: Ctx, id: number, from: string[], set: Record<string, unknown>) {
  const r = await ctx.store.db.updateTable('receptionDays').set(set).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('INVALID_STATE', '接访安排当前状态不允许此操作');
}

export async function publishReception(ctx: Ctx, actor: StaffActor, id: number) {
  await ownDay(ctx, actor, id);
  await move(ctx, id, ['draft'], { status: 'published', publishedAt: ctx.now() });
}

export async function cancelReception(ctx: Ctx, actor: StaffActor, id: number) {
  await ownDay(ctx, actor, id);
  await move(ctx, id, ['draft', 'published'], { status: 'cancelled' });
  await ctx.store.db.updateTable('receptionAppointments').set({ status: 'cancelled', cancelledAt: ctx.now() }).where('receptionDayId', '=', id).where('status', '=', 'booked').execute();
}

export async function assignMatterToReception(ctx: Ctx, actor: StaffActor, id: number, matterId: number) {
  const d = await ownDay(ctx, actor, id);
  if (d.status === 'cancelled' || d.status === 'held') throw new DomainError('INVALID_STATE', '该接访安排已结束或已取消');
  await visibleMatter(ctx, ctx.store.db, actor, matterId);
  const dup = await ctx.store.db.selectFrom('receptionMatters').select('id').where('receptionDayId', '=', id).where('matterId', '=', matterId).executeTakeFirst();
  if (dup) throw new DomainError('CONFLICT', '该事项已安排在这次接访');
  await ctx.store.db.insertInto('receptionMatters').values({ receptionDayId: id, matterId, assignedBy: actor.userId, assignedAt: ctx.now() }).execute();
}

export async function recordReceptionHeld(ctx: Ctx, actor: StaffActor, id: number, input: { attendees: string[]; summary: string; at?: string }) {
  const d = await ownDay(ctx, actor, id);
  const at = instant(ctx, input.at);
  if (shanghaiDate(at) < d.date) throw new DomainError('RULE_VIOLATION', '接访日尚未到，不能登记接访情况');
  const attendees = input.attendees.map((a) => a.trim()).filter(Boolean);
  if (!attendees.length) throw new DomainError('BAD_INPUT', '参加人员不能为空', { field: 'attendees' });
  await move(ctx, id, ['published'], { status: 'held', heldAt: at, attendees: JSON.stringify(attendees), summary: text(input.summary, 'summary', '接访情况', 20000) });
  // appointments still open when the reception has been held were not kept: 未到 (no-show)
  await ctx.store.db.updateTable('receptionAppointments').set({ status: 'noShow', markedAt: at }).where('receptionDayId', '=', id).where('status', '=', 'booked').execute();
}

export async function issueInstruction(ctx: Ctx, actor: StaffActor, id: number, input: { text: string; assigneeUnitId: number; matterId?: number; days?: number; workingDays?: boolean; at?: string }) {
  const d = await ownDay(ctx, actor, id);
  if (d.status !== 'held' && d.status !== 'published') throw new DomainError('INVALID_STATE', '接访安排未发布或已取消，不能登记批示');
  if (!ctx.org().unit(input.assigneeUnitId)) throw new DomainError('BAD_INPUT', '承办单位不存在', { field: 'assigneeUnitId' });
  if (input.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const at = instant(ctx, input.at);
  const lim = instructionLimit(ctx.calendar(), at, input.days, input.workingDays ? 'workingDays' : 'calendarDays');
  const r = await ctx.store.db.insertInto('receptionInstructions').values({
    receptionDayId: id, matterId: input.matterId ?? null, text: text(input.text, 'text', '批示内容', 5000), assigneeUnitId: input.assigneeUnitId,
    issuedAt: at, due: lim.due, rule: lim.rule, basis: lim.basis, beyondSchedule: lim.beyondSchedule ? 1 : 0, reportedAt: null, report: null, createdBy: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id), due: lim.due, rule: lim.rule, beyondSchedule: lim.beyondSchedule };
}

/** The assignee unit (or the bureau that issued it) reports the instruction done; once. */
export async function reportInstruction(ctx: Ctx, actor: StaffActor, instructionId: number, input: { report: string; at?: string }) {
  const scope = scopeOf(ctx, actor);
  const row = await ctx.store.db.selectFrom('receptionInstructions as i').innerJoin('receptionDays as d', 'd.id', 'i.receptionDayId')
    .select(['i.id', 'i.due', 'i.reportedAt']).where('i.id', '=', instructionId)
    .where((eb) => eb.or([eb('i.assigneeUnitId', 'in', scope), eb('d.unitId', 'in', scope)])).executeTakeFirst();
  if (!row) throw notFound('批示');
  const at = instant(ctx, input.at);
  const r = await ctx.store.db.updateTable('receptionInstructions').set({ reportedAt: at, report: text(input.report, 'report', '办理情况', 20000) })
    .where('id', '=', instructionId).where('reportedAt', 'is', null).executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('INVALID_STATE', '该批示已报告办理情况');
  return { state: instructionState(row.due, at, ctx.now()) };
}

export async function listInstructions(ctx: Ctx, actor: StaffActor, q: { receptionDayId?: number; state?: string }) {
  const scope = scopeOf(ctx, actor);
  let qb = ctx.store.db.selectFrom('receptionInstructions as i').innerJoin('receptionDays as d', 'd.id', 'i.receptionDayId')
    .select(['i.id', 'i.receptionDayId', 'i.matterId', 'i.text', 'i.assigneeUnitId', 'i.issuedAt', 'i.due', 'i.rule', 'i.basis', 'i.beyondSchedule', 'i.reportedAt', 'i.report', 'd.leaderName'])
    .where((eb) => eb.or([eb('i.assigneeUnitId', 'in', scope), eb('d.unitId', 'in', scope)]));
  if (q.receptionDayId) qb = qb.where('i.receptionDayId', '=', q.receptionDayId);
  const now = ctx.now();
  const rows = await qb.orderBy('i.due').orderBy('i.id').limit(1000).execute();
  return rows.map((r) => ({
    id: num(r.id), receptionDayId: num(r.receptionDayId), matterId: r.matterId === null ? null : num(r.matterId), text: r.text, leaderName: r.leaderName,
    assigneeUnitId: num(r.assigneeUnitId), assigneeUnitName: ctx.org().unit(num(r.assigneeUnitId))?.name ?? null, issuedAt: r.issuedAt, due: r.due, rule: r.rule,
    basis: r.basis, beyondSchedule: num(r.beyondSchedule) === 1, reportedAt: r.reportedAt, report: r.report, state: instructionState(r.due, r.reportedAt, now),
  })).filter((r) => !q.state || r.state === q.state);
}

function dayOut(ctx: Ctx, d: Awaited<ReturnType<typeof ownDay>>, booked: Map<string, number>) {
  const slots = slotsOf({ start: d.startTime, end: d.endTime, slotMinutes: num(d.slotMinutes), perSlot: num(d.perSlot) });
  return {
    id: num(d.id), unitId: num(d.unitId), unitName: ctx.org().unit(num(d.unitId))?.name ?? null, regionCode: d.regionCode, kind: d.kind,
    leaderName: d.leaderName, leaderTitle: d.leaderTitle, date: d.date, movedFrom: d.movedFrom, start: d.startTime, end: d.endTime,
    place: d.place, townRegionCode: d.townRegionCode, topic: d.topic, status: d.status, perSlot: num(d.perSlot),
    slots: slots.map((s) => ({ start: s, booked: booked.get(s) ?? 0, free: Math.max(0, num(d.perSlot) - (booked.get(s) ?? 0)) })),
    capacity: slots.length * num(d.perSlot),
  };
}

async function bookedBySlot(ctx: Ctx, ids: number[]) {
  const m = new Map<number, Map<string, number>>();
  if (!ids.length) return m;
  const rows = await ctx.store.db.selectFrom('receptionAppointments').select(['receptionDayId', 'slot', (eb) => eb.fn.countAll().as('n')])
    .where('receptionDayId', 'in', ids).where('status', 'in', ['booked', 'attended', 'noShow']).groupBy(['receptionDayId', 'slot']).execute();
  for (const r of rows) {
    const k = num(r.receptionDayId);
    if (!m.has(k)) m.set(k, new Map());
    m.get(k)!.set(r.slot, num(r.n));
  }
  return m;
}

export async function listReceptions(ctx: Ctx, actor: StaffActor | null, q: { from?: string; to?: string; regionCode?: string }) {
  let qb = ctx.store.db.selectFrom('receptionDays').selectAll();
  if (actor) qb = qb.where('unitId', 'in', scopeOf(ctx, actor));
  else qb = qb.where('status', '=', 'published').where('date', '>', shanghaiDate(ctx.now()));
  if (q.from) qb = qb.where('date', '>=', q.from);
  if (q.to) qb = qb.where('date', '<=', q.to);
  if (q.regionCode) qb = qb.where('regionCode', 'like', `${q.regionCode.replace(/0+$/, '')}%`);
  const rows = await qb.orderBy('date').orderBy('startTime').orderBy('id').limit(500).execute();
  const booked = await bookedBySlot(ctx, rows.map((r) => num(r.id)));
  return rows.map((d) => dayOut(ctx, d, booked.get(num(d.id)) ?? new Map()));
}

export async function getReception(ctx: Ctx, actor: StaffActor, id: number) {
  const d = await ownDay(ctx, actor, id);
  const booked = await bookedBySlot(ctx, [id]);
  const matters = await ctx.store.db.selectFrom('receptionMatters as rm').innerJoin('matters as m', 'm.id', 'rm.matterId').select(['m.id', 'm.code', 'm.title', 'm.status'])
    .where('rm.receptionDayId', '=', id).orderBy('rm.id').execute();
  return {
    ...dayOut(ctx, d, booked.get(id) ?? new Map()),
    heldAt: d.heldAt, attendees: d.attendees ? (JSON.parse(d.attendees) as string[]) : [], summary: d.summary,
    matters: matters.map((m) => ({ id: num(m.id), code: m.code, title: m.title, status: m.status })),
    instructions: await listInstructions(ctx, actor, { receptionDayId: id }),
  };
}

export { ownDay as findReceptionInScope };
