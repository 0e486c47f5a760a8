/**
 * 12345 热线与联合办理 (DOMAIN.md §7.12): a matter handled jointly by a lead unit (主办) and co-units (协办), set up by
 * a petition bureau (often for a 12345 hotline case). A participating unit that was sent the case wrongly returns
 * it (退单) with a reason; the bureau arbitrates each return within a limit computed by the deadline engine
 * (RETURN_ARBITRATION_LIMIT: 3 working days, the holiday schedule applies): `upheld` releases the unit (a returning
 * lead names its successor), `rejected` keeps it on the case. Late arbitration is allowed and recorded as late.
 *
 * The lifecycle is used where it applies: when the bureau holds the matter still `registered`, starting the joint
 * handling assigns (交办) it to the lead unit. Moving a matter that is already routed goes through the ordinary
 * matter actions (异议 object, then 交办 assign) — the joint record tracks who participates, not who holds it.
 *
 * For scenario generators: `startJointHandling(ctx, actor, input)` → { id }, `returnJointCase(ctx, actor, jointId,
 * { reason })` → { id, arbitrationDue }, `arbitrateReturn(ctx, actor, returnId, { decision })`.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { computeDue, isPastDue } from '../domain/deadlines.ts';
import { ARBITRATION_DECISIONS, RETURN_ARBITRATION_LIMIT, type ArbitrationDecision } from '../domain/resolution.ts';
import { num } from '../store/db.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { instant, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface JointInput {
  matterId: number;
  leadUnitId: number;
  coUnitIds: number[];
  source?: 'hotline' | 'bureau';
  hotlineRef?: string;
  note?: string;
  at?: string;
}

function requireBureau(ctx: Ctx, actor: StaffActor): void {
  if (ctx.org().unit(actor.unitId)?.kind !== 'bureau') throw new DomainError('FORBIDDEN', '只有信访部门可以组织联合办理和裁定退单');
}

export async function startJointHandling(ctx: Ctx, actor: StaffActor, input: JointInput): Promise<{ id: number; assigned: boolean }> {
  requireBureau(ctx, actor);
  const org = ctx.org();
  const units = [input.leadUnitId, ...(input.coUnitIds ?? [])];
  if (new Set(units).size !== units.length) throw new DomainError('BAD_INPUT', '主办单位与协办单位不能重复', { field: 'coUnitIds' });
  if (!(input.coUnitIds ?? []).length) throw new DomainError('BAD_INPUT', '联合办理至少需要一个协办单位', { field: 'coUnitIds' });
  const scope = scopeOf(ctx, actor);
  for (const u of units) if (!org.unit(u) || !scope.includes(u)) throw new DomainError('BAD_INPUT', `单位 ${u} 不存在或不在本部门辖区`, { field: 'unitId' });
  const m = await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const existing = await ctx.store.db.selectFrom('jointHandlings').select('id').where('matterId', '=', input.matterId).executeTakeFirst();
  if (existing) throw new DomainError('RULE_VIOLATION', '该事项已在联合办理');
  const at = instant(ctx, input.at);
  let assigned = false;
  if (m.status === 'registered' && num(m.unitId) === actor.unitId && input.leadUnitId !== actor.unitId) {
    await actOnMatter(ctx, actor, input.matterId, 'assign', { unitId: input.leadUnitId, at });
    assigned = true;
  }
  const id = await ctx.store.write(async (tx) => {
    const r = await tx.insertInto('jointHandlings').values({
      unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at, matterId: input.matterId,
      source: input.source ?? 'bureau', hotlineRef: input.hotlineRef?.trim() || null, leadUnitId: input.leadUnitId, note: input.note?.trim() || null,
    }).returning('id').executeTakeFirstOrThrow();
    const jointId = num(r.id);
    for (const u of units) await tx.insertInto('jointUnits').values({ jointId, unitId: u, role: u === input.leadUnitId ? 'lead' : 'co', status: 'active' }).execute();
    return jointId;
  });
  return { id, assigned };
}

/** A joint handling is visible to the organising bureau's scope and to every participating unit. */
async function visibleJoint(ctx: Ctx, actor: StaffActor, id: number) {
  const j = await ctx.store.db.selectFrom('jointHandlings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!j) throw notFound('联合办理');
  const units = await ctx.store.db.selectFrom('jointUnits').selectAll().where('jointId', '=', id).orderBy('id').execute();
  const mine = scopeOf(ctx, actor);
  if (!mine.includes(num(j.unitId)) && !units.some((u) => num(u.unitId) === actor.unitId)) throw notFound('联合办理');
  return { j, units };
}

/** 退单: a participating unit returns the case with a reason; the bureau must arbitrate by the due date. */
export async function returnJointCase(ctx: Ctx, actor: StaffActor, jointId: number, input: { reason: string; at?: string }): Promise<{ id: number; arbitrationDue: string; beyondSchedule: boolean }> {
  const { units } = await visibleJoint(ctx, actor, jointId);
  const me = units.find((u) => num(u.unitId) === actor.unitId);
  if (!me) throw new DomainError('FORBIDDEN', '只有参与联合办理的单位可以退单');
  if (me.status !== 'active') throw new DomainError('INVALID_STATE', me.status === 'returnPending' ? '退单正在等待裁定' : '本单位已退出该联合办理');
  const reason = text(input.reason, 'reason', '退单理由', 2000);
  const at = instant(ctx, input.at);
  const due = computeDue(ctx.calendar(), at, RETURN_ARBITRATION_LIMIT);
  return ctx.store.write(async (tx) => {
    const upd = await tx.updateTable('jointUnits').set({ status: 'returnPending' }).where('id', '=', me.id).where('status', '=', 'active').executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '状态刚被他人更新，请刷新');
    const r = await tx.insertInto('jointReturns').values({
      jointId, unitId: actor.unitId, reason, returnedAt: at, returnedBy: actor.userId, arbitrationDue: due.due,
      arbitrationRule: `${RETURN_ARBITRATION_LIMIT.days} ${RETURN_ARBITRATION_LIMIT.unit} from ${at.slice(0, 10)}`, arbitrationBasis: RETURN_ARBITRATION_LIMIT.basis,
      beyondSchedule: due.beyondSchedule ? 1 : 0, decision: null, decidedAt: null, decidedBy: null, decidedOnTime: null, newLeadUnitId: null, decisionNote: null,
    }).returning('id').executeTakeFirstOrThrow();
    return { id: num(r.id), arbitrationDue: due.due, beyondSchedule: due.beyondSchedule };
  });
}

/** The bureau's ruling on a return. Upholding a lead unit's return needs the new lead (one of the units in scope). */
export async function arbitrateReturn(ctx: Ctx, actor: StaffActor, returnId: number, input: { decision: ArbitrationDecision; newLeadUnitId?: number; note?: string; at?: string }): Promise<{ onTime: boolean }> {
  requireBureau(ctx, actor);
  if (!(ARBITRATION_DECISIONS as readonly string[]).includes(input.decision)) throw new DomainError('BAD_INPUT', '裁定结果应为 upheld 或 rejected', { field: 'decision' });
  const ret = await ctx.store.db.selectFrom('jointReturns').selectAll().where('id', '=', returnId).executeTakeFirst();
  if (!ret) throw notFound('退单');
  const { j, units } = await visibleJoint(ctx, actor, num(ret.jointId));
  if (!scopeOf(ctx, actor).includes(num(j.unitId))) throw notFound('退单');
  if (ret.decision !== null) throw new DomainError('INVALID_STATE', '该退单已裁定');
  const at = instant(ctx, input.at);
  const isLead = num(ret.unitId) === num(j.leadUnitId);
  let newLead: number | null = null;
  if (input.decision === 'upheld' && isLead) {
    newLead = input.newLeadUnitId ?? null;
    if (newLead === null || newLead === num(ret.unitId) || !ctx.org().unit(newLead) || !scopeOf(ctx, actor).includes(newLead)) {
      throw new DomainError('BAD_INPUT', '主办单位退单成立时，须指定新的主办单位', { field: 'newLeadUnitId' });
    }
  }
  const onTime = !isPastDue(ret.arbitrationDue, at);
  await ctx.store.write(async (tx) => {
    const upd = await tx.updateTable('jointReturns').set({ decision: input.decision, decidedAt: at, decidedBy: actor.userId, decidedOnTime: onTime ? 1 : 0, newLeadUnitId: newLead, decisionNote: input.note?.trim() || null })
      .where('id', '=', returnId).where('decision', 'is', null).executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该退单刚被他人裁定，请刷新');
    await tx.updateTable('jointUnits').set({ status: input.decision === 'upheld' ? 'released' : 'active' }).where('jointId', '=', num(ret.jointId)).where('unitId', '=', num(ret.unitId)).execute();
    if (newLead !== null) {
      await tx.updateTable('jointHandlings').set({ leadUnitId: newLead }).where('id', '=', num(ret.jointId)).execute();
      const already = units.find((u) => num(u.unitId) === newLead);
      if (already) await tx.updateTable('jointUnits').set({ role: 'lead', status: 'active' }).where('id', '=', already.id).execute();
      else await tx.insertInto('jointUnits').values({ jointId: num(ret.jointId), unitId: newLead, role: 'lead', status: 'active' }).execute();
      await tx.updateTable('jointUnits').set({ role: 'co' }).where('jointId', '=', num(ret.jointId)).where('unitId', '=', num(ret.unitId)).execute();
    }
  });
  return { onTime };
}

export async function getJointHandling(ctx: Ctx, actor: StaffActor, id: number) {
  const { j, units } = await visibleJoint(ctx, actor, id);
  const [returns, matter] = await Promise.all([
    ctx.store.db.selectFrom('jointReturns').selectAll().where('jointId', '=', id).orderBy('id').execute(),
    ctx.store.db.selectFrom('matters').select(['code', 'title', 'status']).where('id', '=', j.matterId).executeTakeFirst(),
  ]);
  const org = ctx.org();
  const now = ctx.now();
  return {
    id: num(j.id), at: j.at, matterId: num(j.matterId), matterCode: matter?.code ?? null, matterTitle: matter?.title ?? null, source: j.source, hotlineRef: j.hotlineRef,
    unitId: num(j.unitId), leadUnitId: num(j.leadUnitId), note: j.note,
    units: units.map((u) => ({ unitId: num(u.unitId), unitName: org.unit(num(u.unitId))?.name ?? null, role: u.role, status: u.status })),
    returns: returns.map((r) => ({
      id: num(r.id), unitId: num(r.unitId), unitName: org.unit(num(r.unitId))?.name ?? null, reason: r.reason, returnedAt: r.returnedAt,
      arbitrationDue: r.arbitrationDue, rule: r.arbitrationRule, basis: r.arbitrationBasis, beyondSchedule: num(r.beyondSchedule) === 1,
      overdue: r.decision === null && isPastDue(r.arbitrationDue, now), decision: r.decision, decidedAt: r.decidedAt,
      decidedOnTime: r.decidedOnTime === null ? null : num(r.decidedOnTime) === 1, newLeadUnitId: r.newLeadUnitId === null ? null : num(r.newLeadUnitId), note: r.decisionNote,
    })),
  };
}

export async function listJointHandlings(ctx: Ctx, actor: StaffActor) {
  const db = ctx.store.db;
  const rows = await db.selectFrom('jointHandlings').select('id')
    .where((eb) => eb.or([eb('unitId', 'in', scopeOf(ctx, actor)), eb('id', 'in', db.selectFrom('jointUnits').select('jointId').where('unitId', '=', actor.unitId))]))
    .orderBy('id', 'desc').limit(200).execute();
  const out = [];
  for (const r of rows) out.push(await getJointHandling(ctx, actor, num(r.id)));
  return out;
}
