/**
 * 听证评议 (DOMAIN.md §7.10): a hearing (听证会) or review meeting (评议会) for an old or complex matter, with
 * lawyers, department experts and deputies / CPPCC members (两代表一委员). Scheduling pauses the matter's clock
 * through the lifecycle's `pauseClock` (hearing time does not count, §5) where the state allows it; holding it
 * (or cancelling it) resumes the clock. The conclusion is recorded and offered to the review / re-review decision
 * (`applyHearingConclusion` takes `decideReview` / `decideReReview` with it). Whether the petitioner then stopped
 * petitioning (息诉息访) is recorded later and gives the resolution rate.
 *
 * For scenario generators: `scheduleHearing(ctx, actor, input)` → { id, clockPaused }, `recordHearingHeld(ctx,
 * actor, id, input)`, `recordStoppedPetitioning(ctx, actor, id, { stopped })`. The actor must be a handler or
 * leader of the unit holding or reviewing the matter when its clock is to be paused.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { HEARING_KINDS, HEARING_ROLES, type HearingKind, type HearingRole } from '../domain/resolution.ts';
import type { ReviewDecision } from '../domain/types.ts';
import { num } from '../store/db.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { instant, json, parse, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface HearingParticipant { name: string; role: HearingRole; organisation?: string }

const PAUSABLE = ['routed', 'accepted', 'underReview', 'underReReview'];

function participantsOf(list: HearingParticipant[] | undefined): HearingParticipant[] {
  const out = (list ?? []).map((p) => ({ name: (p.name ?? '').trim(), role: p.role, ...(p.organisation?.trim() ? { organisation: p.organisation.trim() } : {}) }));
  for (const p of out) {
    if (!p.name) throw new DomainError('BAD_INPUT', '参加人员姓名不能为空', { field: 'participants' });
    if (!(HEARING_ROLES as readonly string[]).includes(p.role)) throw new DomainError('BAD_INPUT', `参加人员身份不正确：${p.role}`, { field: 'participants' });
  }
  return out;
}

export interface ScheduleHearingInput {
  matterId: number;
  kind: HearingKind;
  scheduledFor: string;
  place?: string;
  participants?: HearingParticipant[];
  /** when the decision to hold it was taken (the clock pauses from here); default now */
  at?: string;
}

export async function scheduleHearing(ctx: Ctx, actor: StaffActor, input: ScheduleHearingInput): Promise<{ id: number; clockPaused: boolean }> {
  if (!(HEARING_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('BAD_INPUT', '类型应为听证（hearing）或评议（review）', { field: 'kind' });
  if (Number.isNaN(Date.parse(input.scheduledFor))) throw new DomainError('BAD_INPUT', 'scheduledFor 不是有效时间', { field: 'scheduledFor' });
  const at = instant(ctx, input.at);
  const participants = participantsOf(input.participants);
  const m = await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const open = await ctx.store.db.selectFrom('hearings').select('id').where('matterId', '=', input.matterId).where('status', '=', 'scheduled').executeTakeFirst();
  if (open) throw new DomainError('RULE_VIOLATION', '该事项已有待召开的听证评议');
  let clockPaused = false;
  if (PAUSABLE.includes(m.status) && m.pausedAt === null) {
    const label = input.kind === 'hearing' ? '听证' : '评议';
    await actOnMatter(ctx, actor, input.matterId, 'pauseClock', { reason: `召开${label}会，听证评议时间不计入办理期限`, at });
    clockPaused = true;
  }
  const r = await ctx.store.db.insertInto('hearings').values({
    unitId: actor.unitId, regionCode: m.regionCode ?? regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(),
    matterId: input.matterId, kind: input.kind, scheduledFor: new Date(input.scheduledFor).toISOString(), place: input.place?.trim() || null,
    status: 'scheduled', clockPaused: clockPaused ? 1 : 0, participants: json(participants), heldAt: null, record: null, conclusion: null,
    recommendation: null, stoppedPetitioning: null, stoppedRecordedAt: null, appliedAt: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id), clockPaused };
}

async function ownHearing(ctx: Ctx, actor: StaffActor, id: number) {
  const h = await ctx.store.db.selectFrom('hearings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('听证评议');
  // visible to whoever sees the matter, or to the organising unit's scope
  if (!scopeOf(ctx, actor).includes(num(h.unitId))) await visibleMatter(ctx, ctx.store.db, actor, num(h.matterId)).catch(() => { throw notFound('听证评议'); });
  return h;
}

async function resumeIfPaused(ctx: Ctx, actor: StaffActor, h: { clockPaused: number; matterId: number }, at: string): Promise<void> {
  if (num(h.clockPaused) !== 1) return;
  const m = await visibleMatter(ctx, ctx.store.db, actor, num(h.matterId));
  if (m.pausedAt !== null && PAUSABLE.includes(m.status)) await actOnMatter(ctx, actor, num(h.matterId), 'resumeClock', { at });
}

export interface HearingHeldInput {
  heldAt?: string;
  participants?: HearingParticipant[];
  record: string;
  conclusion: string;
  /** what the conclusion recommends for the (re-)review decision */
  recommendation?: ReviewDecision;
}

/** The meeting took place: record, conclusion, recommendation; the matter's clock resumes. */
export async function recordHearingHeld(ctx: Ctx, actor: StaffActor, id: number, input: HearingHeldInput): Promise<void> {
  const h = await ownHearing(ctx, actor, id);
  if (h.status !== 'scheduled') throw new DomainError('INVALID_STATE', '该听证评议不是待召开状态');
  if (input.recommendation && !['uphold', 'revise', 'revoke'].includes(input.recommendation)) throw new DomainError('BAD_INPUT', '建议应为 uphold / revise / revoke', { field: 'recommendation' });
  const heldAt = instant(ctx, input.heldAt, 'heldAt');
  const participants = input.participants ? participantsOf(input.participants) : parse<HearingParticipant[]>(h.participants) ?? [];
  if (!participants.length) throw new DomainError('BAD_INPUT', '请登记参加人员', { field: 'participants' });
  const record = text(input.record, 'record', '会议记录');
  const conclusion = text(input.conclusion, 'conclusion', '听证评议结论');
  await resumeIfPaused(ctx, actor, h, heldAt);
  const upd = await ctx.store.db.updateTable('hearings').set({ status: 'held', heldAt, participants: json(participants), record, conclusion, recommendation: input.recommendation ?? null })
    .where('id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
  if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该听证评议刚被他人更新，请刷新');
}

export async function cancelHearing(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string } = {}): Promise<void> {
  const h = await ownHearing(ctx, actor, id);
  if (h.status !== 'scheduled') throw new DomainError('INVALID_STATE', '该听证评议不是待召开状态');
  await resumeIfPaused(ctx, actor, h, instant(ctx, input.at));
  await ctx.store.db.updateTable('hearings').set({ status: 'cancelled' }).where('id', '=', id).where('status', '=', 'scheduled').execute();
}

/** 息诉息访: whether the petitioner stopped petitioning after the hearing (known some time later). */
export async function recordStoppedPetitioning(ctx: Ctx, actor: StaffActor, id: number, input: { stopped: boolean; at?: string }): Promise<void> {
  const h = await ownHearing(ctx, actor, id);
  if (h.status !== 'held') throw new DomainError('INVALID_STATE', '听证评议召开后才能登记息诉息访情况');
  await ctx.store.db.updateTable('hearings').set({ stoppedPetitioning: input.stopped ? 1 : 0, stoppedRecordedAt: instant(ctx, input.at) }).where('id', '=', id).execute();
}

/**
 * Takes the review (复查) or re-review (复核) decision of the hearing's matter with the hearing's conclusion: the
 * decision is the one given (or the hearing's recommendation) and the text quotes the conclusion. The lifecycle
 * checks that the actor's unit is the reviewing organ and the matter is under (re-)review.
 */
export async function applyHearingConclusion(ctx: Ctx, actor: StaffActor, id: number, input: { decision?: ReviewDecision; text?: string; at?: string } = {}): Promise<{ matterId: number; action: string }> {
  const h = await ownHearing(ctx, actor, id);
  if (h.status !== 'held' || !h.conclusion) throw new DomainError('INVALID_STATE', '听证评议尚未形成结论');
  const decision = input.decision ?? (h.recommendation as ReviewDecision | null);
  if (!decision) throw new DomainError('BAD_INPUT', '请选择复查（复核）决定', { field: 'decision' });
  const m = await visibleMatter(ctx, ctx.store.db, actor, num(h.matterId));
  const action = m.status === 'underReview' ? 'decideReview' : m.status === 'underReReview' ? 'decideReReview' : null;
  if (!action) throw new DomainError('INVALID_STATE', '信访事项不在复查或复核阶段');
  const label = h.kind === 'hearing' ? '听证' : '评议';
  const t = input.text?.trim() || `经${label}会评议（${h.heldAt?.slice(0, 10) ?? ''}），结论如下：${h.conclusion}`;
  await actOnMatter(ctx, actor, num(h.matterId), action, { decision, text: t, at: input.at });
  await ctx.store.db.updateTable('hearings').set({ appliedAt: ctx.now() }).where('id', '=', id).execute();
  return { matterId: num(h.matterId), action };
}

function view(ctx: Ctx, h: Awaited<ReturnType<typeof ownHearing>>) {
  return {
    id: num(h.id), matterId: num(h.matterId), unitId: num(h.unitId), unitName: ctx.org().unit(num(h.unitId))?.name ?? null, regionCode: h.regionCode,
    kind: h.kind, scheduledFor: h.scheduledFor, place: h.place, status: h.status, clockPaused: num(h.clockPaused) === 1,
    participants: parse<HearingParticipant[]>(h.participants) ?? [], heldAt: h.heldAt, record: h.record, conclusion: h.conclusion,
    recommendation: h.recommendation, stoppedPetitioning: h.stoppedPetitioning === null ? null : num(h.stoppedPetitioning) === 1, appliedAt: h.appliedAt,
  };
}
export type HearingView = ReturnType<typeof view>;

export async function getHearing(ctx: Ctx, actor: StaffActor, id: number): Promise<HearingView> {
  return view(ctx, await ownHearing(ctx, actor, id));
}

/** The hearings the actor's units organised, or those of one matter the actor can see (the matter page). */
export async function listHearings(ctx: Ctx, actor: StaffActor, q: { matterId?: number } = {}): Promise<HearingView[]> {
  let query = ctx.store.db.selectFrom('hearings').selectAll();
  if (q.matterId !== undefined) {
    await visibleMatter(ctx, ctx.store.db, actor, q.matterId);
    query = query.where('matterId', '=', q.matterId);
  } else query = query.where('unitId', 'in', scopeOf(ctx, actor));
  const rows = await query.orderBy('scheduledFor', 'desc').limit(500).execute();
  return rows.map((h) => view(ctx, h));
}
