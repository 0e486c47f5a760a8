/**
 * The lifecycle of a matter (信访事项), DOMAIN.md §5, as data plus one pure function.
 *
 * TRANSITIONS says, for every action, from which states it may be taken, the state it leads to, which roles may
 * take it and which unit must be holding the matter. `decide()` applies the table and the guards (limits,
 * one extension, evaluation window …) and returns the change to store and the event to append — or throws a
 * DomainError. It reads no clock and no database: the service passes `at`, the organisation and the calendar.
 * The workbench asks `allowedActions()` — the same table — which buttons to show.
 */
import { DomainError } from './errors.ts';
import type { HolidayCalendar } from './calendar.ts';
import { shanghaiDate } from './calendar.ts';
import { computeDue, computeDueFromDate, daysBetween, isPastDue, shiftDue, type LimitRule } from './deadlines.ts';
import type { OrgView } from './org.ts';
import type {
  Action, Deadline, DeadlineName, Deadlines, Evaluation, MatterState, MatterStatus, Outcome, ReviewDecision, Role,
} from './types.ts';

/** Who acts for the petitioner on the public site. */
export type ActorRole = Role | 'citizen';
export interface LifecycleActor {
  userId: number | null;
  unitId: number | null;
  roles: readonly ActorRole[];
}

/**
 * Which unit must hold the matter for the actor to act:
 * holder — the actor's unit holds it; holderBureau — the holder, and it is a petition bureau (routing is the
 * bureau's); reviewer — the actor's unit is the reviewing organ recorded on the matter; closer — the holder or the
 * bureau that registered or routed it; petitioner — anyone acting for the petitioner (registrar, evaluator, citizen);
 * supervisingBureau — a petition bureau other than the holder whose scope takes in the holder (督办, §5 last row).
 */
export type Who = 'holder' | 'holderBureau' | 'reviewer' | 'closer' | 'petitioner' | 'holderOrReviewer' | 'supervisingBureau';

export interface Transition {
  action: Action;
  from: readonly MatterStatus[];
  to: MatterStatus | 'same';
  roles: readonly ActorRole[];
  who: Who;
  /** 中文 label for the workbench and the timeline. */
  label: string;
}

const PETITIONER_SIDE: readonly ActorRole[] = ['citizen', 'registrar', 'handler', 'evaluator'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'transfer', from: ['registered'], to: 'routed', roles: ['handler'], who: 'holderBureau', label: '转送' },
  { action: 'assign', from: ['registered'], to: 'routed', roles: ['handler'], who: 'holderBureau', label: '交办' },
  { action: 'decline', from: ['registered', 'routed'], to: 'declined', roles: ['handler'], who: 'holder', label: '不予受理' },
  { action: 'accept', from: ['registered', 'routed'], to: 'accepted', roles: ['handler'], who: 'holder', label: '受理' },
  { action: 'object', from: ['routed'], to: 'registered', roles: ['handler'], who: 'holder', label: '异议退回' },
  { action: 'extend', from: ['accepted'], to: 'same', roles: ['handler', 'leader'], who: 'holder', label: '延期' },
  { action: 'reply', from: ['accepted'], to: 'replied', roles: ['handler'], who: 'holder', label: '答复' },
  { action: 'evaluate', from: ['replied'], to: 'same', roles: PETITIONER_SIDE, who: 'petitioner', label: '满意度评价' },
  { action: 'requestReview', from: ['replied'], to: 'underReview', roles: PETITIONER_SIDE, who: 'petitioner', label: '申请复查' },
  { action: 'decideReview', from: ['underReview'], to: 'reviewed', roles: ['handler', 'leader'], who: 'reviewer', label: '复查决定' },
  { action: 'requestReReview', from: ['reviewed'], to: 'underReReview', roles: PETITIONER_SIDE, who: 'petitioner', label: '申请复核' },
  { action: 'decideReReview', from: ['underReReview'], to: 'terminated', roles: ['handler', 'leader'], who: 'reviewer', label: '复核决定' },
  { action: 'pauseClock', from: ['routed', 'accepted', 'underReview', 'underReReview'], to: 'same', roles: ['handler', 'leader'], who: 'holderOrReviewer', label: '暂停计时' },
  { action: 'resumeClock', from: ['routed', 'accepted', 'underReview', 'underReReview'], to: 'same', roles: ['handler', 'leader'], who: 'holderOrReviewer', label: '恢复计时' },
  { action: 'close', from: ['replied', 'reviewed', 'declined'], to: 'closed', roles: ['handler'], who: 'closer', label: '办结' },
  { action: 'sendBack', from: ['replied'], to: 'accepted', roles: ['supervisor', 'leader'], who: 'supervisingBureau', label: '退回重办' },
];

export const TRANSITION_BY_ACTION: ReadonlyMap<Action, Transition> = new Map(TRANSITIONS.map((t) => [t.action, t]));

export interface LimitSpec extends LimitRule {
  basis: string;
}

/** The time limits of DOMAIN.md §5, with their legal basis. Defaults; an administrator may change them. */
export interface LimitConfig {
  route: LimitSpec;
  accept: LimitSpec;
  objection: LimitSpec;
  handle: LimitSpec;
  maxExtensionDays: number;
  evaluation: LimitSpec;
  reviewRequest: LimitSpec;
  review: LimitSpec;
  reReviewRequest: LimitSpec;
  reReview: LimitSpec;
  /** 退回重办: the new limit for the unit's second reply */
  redo: LimitSpec;
}

export const DEFAULT_LIMITS: LimitConfig = Object.freeze({
  route: { unit: 'calendarDays', days: 15, basis: '《信访工作条例》第二十一条、第二十二条：信访部门收到信访事项后15日内分别处理' },
  accept: { unit: 'calendarDays', days: 15, basis: '《信访工作条例》第三十一条：有权处理的机关自收到之日起15日内书面告知是否受理' },
  objection: { unit: 'workingDays', days: 5, basis: '（本平台规则）收到交转办件5个工作日内可提出异议退回' },
  handle: { unit: 'calendarDays', days: 60, basis: '《信访工作条例》第三十二条：自受理之日起60日内办结' },
  maxExtensionDays: 30,
  evaluation: { unit: 'calendarDays', days: 30, basis: '（本平台规则）答复后30日内评价，逾期未评价不计为满意' },
  reviewRequest: { unit: 'calendarDays', days: 30, basis: '《信访工作条例》第三十五条：收到处理意见之日起30日内请求复查' },
  review: { unit: 'calendarDays', days: 30, basis: '《信访工作条例》第三十五条：收到复查请求之日起30日内提出复查意见' },
  reReviewRequest: { unit: 'calendarDays', days: 30, basis: '《信访工作条例》第三十六条：收到复查意见之日起30日内请求复核' },
  reReview: { unit: 'calendarDays', days: 30, basis: '《信访工作条例》第三十六条：收到复核请求之日起30日内提出复核意见' },
  redo: { unit: 'calendarDays', days: 30, basis: '《信访工作条例》第四十一条：退回重办（答复质量不高），被督办单位30日内重新办理并答复' },
} satisfies LimitConfig);

/** The limits that bind an organ (they pause with a hearing); the others are the petitioner's windows. */
const RUNNING_LIMITS: readonly DeadlineName[] = ['accept', 'objection', 'handle', 'review', 'reReview', 'reportBack'];

export interface DecideContext {
  at: string; // ISO instant the action happened
  org: OrgView;
  calendar: HolidayCalendar;
  limits: LimitConfig;
}

/** Parameters each action may carry; validated at the HTTP edge by schema, checked for meaning here. */
export interface ActionParams {
  unitId?: number;
  reportBy?: string;
  reason?: string;
  channelGuidance?: string;
  days?: number;
  outcome?: Outcome;
  text?: string;
  result?: Evaluation;
  decision?: ReviewDecision;
}

export type MatterPatch = Partial<Omit<MatterState, 'id' | 'version'>>;

export interface Decision {
  from: MatterStatus;
  to: MatterStatus;
  patch: MatterPatch;
  /** What the audit event records beside the action: parameters and the resulting deadlines. */
  data: Record<string, unknown>;
}

export function deadline(cal: HolidayCalendar, from: string, spec: LimitSpec): Deadline {
  const r = computeDue(cal, from, spec);
  const d: Deadline = { due: r.due, rule: `${spec.days} ${spec.unit}`, basis: spec.basis, start: shanghaiDate(from), unit: spec.unit, days: spec.days };
  if (r.beyondSchedule) d.beyondSchedule = true;
  return d;
}

/**
 * Lengthens a running limit by n calendar days (an extension, or days the clock stood still). The count is redone
 * from its start — 60 + 30 days from acceptance, not 30 days after a due date that had already been moved off a
 * holiday. A working-day limit, or one without its count recorded, moves its due date instead.
 */
function prolong(cal: HolidayCalendar, d: Deadline, n: number, note: string): Deadline {
  const r = d.unit === 'calendarDays' && d.days !== undefined
    ? computeDueFromDate(cal, d.start, { unit: 'calendarDays', days: d.days + n })
    : shiftDue(cal, d.due, n);
  const next: Deadline = { ...d, due: r.due, rule: `${d.rule} + ${n} ${note}` };
  if (d.days !== undefined) next.days = d.days + n;
  delete next.paused;
  if (r.beyondSchedule) next.beyondSchedule = true;
  return next;
}

/** The deadlines a newly registered matter starts with. */
export function initialDeadlines(cal: HolidayCalendar, limits: LimitConfig, receivedAt: string): Deadlines {
  return { accept: deadline(cal, receivedAt, limits.route) };
}

function who(t: Transition, m: MatterState, actor: LifecycleActor, org: OrgView): boolean {
  const unitId = actor.unitId;
  switch (t.who) {
    case 'petitioner':
      return true;
    case 'holder':
      return unitId === m.unitId;
    case 'holderBureau':
      return unitId === m.unitId && org.unit(unitId)?.kind === 'bureau';
    case 'reviewer':
      return unitId !== null && unitId === m.reviewUnitId;
    case 'holderOrReviewer':
      return unitId !== null && (unitId === m.unitId || unitId === m.reviewUnitId);
    case 'closer':
      return unitId !== null && (unitId === m.unitId || unitId === m.registeringUnitId || unitId === m.routedByUnitId);
    case 'supervisingBureau':
      return unitId !== null && unitId !== m.unitId && org.unit(unitId)?.kind === 'bureau' && org.scopeUnitIds(unitId).includes(m.unitId);
  }
}

/** The actions this actor may take on this matter now: the workbench's buttons. */
export function allowedActions(m: MatterState, actor: LifecycleActor, org: OrgView): Action[] {
  return TRANSITIONS.filter(
    (t) =>
      t.from.includes(m.status) &&
      t.roles.some((r) => actor.roles.includes(r)) &&
      who(t, m, actor, org) &&
      !(t.action === 'pauseClock' && m.pausedAt) &&
      !(t.action === 'resumeClock' && !m.pausedAt) &&
      !(t.action === 'extend' && m.extendedDays > 0) &&
      !(t.action === 'evaluate' && m.evaluation),
  ).map((t) => t.action);
}

function refuseIfPast(d: Deadline | undefined, at: string, what: string): void {
  if (d && isPastDue(d.due, at)) {
    throw new DomainError('LIMIT_PASSED', `${what}期限已于 ${d.due} 届满`, { due: d.due });
  }
}

function need<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null || value === '') {
    throw new DomainError('BAD_INPUT', `缺少参数 ${field}`, { field });
  }
  return value;
}

function without(d: Deadlines, ...names: DeadlineName[]): Deadlines {
  const out: Deadlines = { ...d };
  for (const n of names) delete out[n];
  return out;
}

/**
 * Decides one action. Throws DomainError: INVALID_STATE (409) when the state does not allow it, FORBIDDEN (403)
 * when the role lacks the right or another unit holds it, 422 codes when a rule refuses it.
 */
export function decide(m: MatterState, action: Action, params: ActionParams, actor: LifecycleActor, ctx: DecideContext): Decision {
  const t = TRANSITION_BY_ACTION.get(action);
  if (!t) throw new DomainError('BAD_INPUT', `未知操作 ${String(action)}`);
  if (!t.roles.some((r) => actor.roles.includes(r))) {
    throw new DomainError('FORBIDDEN', `当前角色无权执行「${t.label}」`);
  }
  if (!t.from.includes(m.status)) {
    throw new DomainError('INVALID_STATE', `事项当前状态为 ${m.status}，不能执行「${t.label}」`, { status: m.status, action });
  }
  if (!who(t, m, actor, ctx.org)) {
    throw new DomainError('FORBIDDEN', `本单位不是该事项的${t.who === 'reviewer' ? '复查（复核）机关' : '承办单位'}，不能执行「${t.label}」`);
  }
  const { at, calendar: cal, limits, org } = ctx;
  const to: MatterStatus = t.to === 'same' ? m.status : t.to;
  const D = m.deadlines;
  const data: Record<string, unknown> = {};
  let patch: MatterPatch = {};

  switch (action) {
    case 'transfer':
    case 'assign': {
      const unitId = need(params.unitId, 'unitId');
      const target = org.unit(unitId);
      if (!target) throw new DomainError('BAD_INPUT', `目标单位 ${unitId} 不存在`, { field: 'unitId' });
      if (unitId === m.unitId) throw new DomainError('RULE_VIOLATION', '不能转送或交办给本单位');
      // DOMAIN.md §8: never route an accusation to the unit it accuses, nor to a unit below it.
      if (m.handlingClass === 'accusation' && org.isAccused(unitId, m.accusedUnitId)) {
        throw new DomainError('ACCUSED_UNIT', '检举控告类事项不得转送或交办给被检举控告的单位');
      }
      const deadlines: Deadlines = {
        accept: deadline(cal, at, limits.accept),
        objection: deadline(cal, at, limits.objection),
      };
      if (action === 'assign' && params.reportBy) {
        deadlines.reportBack = { due: params.reportBy, rule: 'reportBy', basis: '交办单位要求的报送期限', start: shanghaiDate(at) };
      }
      Object.assign(data, { unitId, unitName: target.name, reportBy: params.reportBy ?? null });
      patch = { unitId, routedByUnitId: m.unitId, routedAt: at, deadlines };
      break;
    }
    case 'decline': {
      const reason = need(params.reason, 'reason');
      const channelGuidance = need(params.channelGuidance, 'channelGuidance');
      const onTime = !D.accept || !isPastDue(D.accept.due, at);
      Object.assign(data, { reason, channelGuidance, onTime });
      patch = { decidedAt: at, decidedOnTime: onTime, deadlines: {} };
      break;
    }
    case 'accept': {
      const onTime = !D.accept || !isPastDue(D.accept.due, at);
      data.onTime = onTime;
      patch = { acceptedAt: at, decidedAt: at, decidedOnTime: onTime, deadlines: { handle: deadline(cal, at, limits.handle) } };
      break;
    }
    case 'object': {
      const reason = need(params.reason, 'reason');
      refuseIfPast(D.objection, at, '异议');
      const back = m.routedByUnitId ?? m.registeringUnitId;
      Object.assign(data, { reason, returnedTo: back });
      patch = {
        unitId: back,
        routedByUnitId: null,
        routedAt: null,
        deadlines: { accept: deadline(cal, m.receivedAt, limits.route) },
      };
      break;
    }
    case 'extend': {
      const days = need(params.days, 'days');
      const reason = need(params.reason, 'reason');
      if (!Number.isInteger(days) || days < 1) throw new DomainError('BAD_INPUT', '延期天数须为正整数', { field: 'days' });
      if (m.extendedDays > 0) throw new DomainError('ALREADY_EXTENDED', '办理期限只能延长一次');
      if (days > limits.maxExtensionDays) {
        throw new DomainError('EXTENSION_TOO_LONG', `延长期限不得超过 ${limits.maxExtensionDays} 日`, { max: limits.maxExtensionDays });
      }
      const handle = need(D.handle, 'deadlines.handle');
      refuseIfPast(handle, at, '办理');
      const next = prolong(cal, handle, days, 'days extension');
      Object.assign(data, { days, reason, previousDue: handle.due, due: next.due });
      patch = { extendedDays: days, deadlines: { ...D, handle: next } };
      break;
    }
    case 'reply': {
      const outcome = need(params.outcome, 'outcome');
      const text = need(params.text, 'text');
      const onTime = !D.handle || !isPastDue(D.handle.due, at);
      Object.assign(data, { outcome, text, onTime });
      patch = {
        repliedAt: at,
        repliedOnTime: onTime,
        outcome,
        deadlines: {
          evaluation: deadline(cal, at, limits.evaluation),
          reviewRequest: deadline(cal, at, limits.reviewRequest),
        },
      };
      break;
    }
    case 'evaluate': {
      const result = need(params.result, 'result');
      if (m.evaluation) throw new DomainError('ALREADY_EVALUATED', '该事项已评价');
      refuseIfPast(D.evaluation, at, '评价');
      data.result = result;
      patch = { evaluation: result, evaluatedAt: at, deadlines: without(D, 'evaluation') };
      break;
    }
    case 'requestReview': {
      refuseIfPast(D.reviewRequest, at, '申请复查');
      const reviewer = org.reviewerFor(m.unitId);
      if (!reviewer) throw new DomainError('RULE_VIOLATION', '找不到复查机关');
      Object.assign(data, { reviewUnitId: reviewer.id, reviewUnitName: reviewer.name });
      if (params.reason) data.reason = params.reason; // the petitioner's grounds, for the reviewing organ
      patch = { reviewUnitId: reviewer.id, deadlines: { ...without(D, 'reviewRequest'), review: deadline(cal, at, limits.review) } };
      break;
    }
    case 'decideReview': {
      const decision = need(params.decision, 'decision');
      const text = need(params.text, 'text');
      Object.assign(data, { decision, text });
      patch = {
        reviewDecidedAt: at,
        deadlines: { ...without(D, 'review'), reReviewRequest: deadline(cal, at, limits.reReviewRequest) },
      };
      break;
    }
    case 'requestReReview': {
      refuseIfPast(D.reReviewRequest, at, '申请复核');
      const current = m.reviewUnitId ?? m.unitId;
      const reviewer = org.reviewerFor(current);
      if (!reviewer) throw new DomainError('RULE_VIOLATION', '找不到复核机关');
      Object.assign(data, { reReviewUnitId: reviewer.id, reReviewUnitName: reviewer.name });
      if (params.reason) data.reason = params.reason;
      patch = {
        reviewUnitId: reviewer.id,
        deadlines: { ...without(D, 'reReviewRequest', 'evaluation'), reReview: deadline(cal, at, limits.reReview) },
      };
      break;
    }
    case 'decideReReview': {
      const decision = need(params.decision, 'decision');
      const text = need(params.text, 'text');
      Object.assign(data, { decision, text });
      patch = { closedAt: at, deadlines: {} };
      break;
    }
    case 'pauseClock': {
      const reason = need(params.reason, 'reason');
      if (m.pausedAt) throw new DomainError('RULE_VIOLATION', '计时已暂停');
      const deadlines: Deadlines = { ...D };
      for (const n of RUNNING_LIMITS) {
        const d = deadlines[n];
        if (d) deadlines[n] = { ...d, paused: true };
      }
      data.reason = reason;
      patch = { pausedAt: at, deadlines };
      break;
    }
    case 'resumeClock': {
      if (!m.pausedAt) throw new DomainError('RULE_VIOLATION', '计时未暂停');
      // Hearing and appraisal time does not count (DOMAIN.md §5): every running limit moves by the paused days.
      const days = Math.max(0, daysBetween(shanghaiDate(m.pausedAt), shanghaiDate(at)));
      const deadlines: Deadlines = { ...D };
      for (const n of RUNNING_LIMITS) {
        const d = deadlines[n];
        if (!d) continue;
        if (days === 0) {
          const next: Deadline = { ...d };
          delete next.paused;
          deadlines[n] = next;
        } else {
          deadlines[n] = prolong(cal, d, days, 'days paused');
        }
      }
      data.pausedDays = days;
      patch = { pausedAt: null, pausedDays: m.pausedDays + days, deadlines };
      break;
    }
    case 'sendBack': {
      // 退回重办 (§5, 督办): the reply is withdrawn — with the evaluation of it and the petitioner's windows that ran
      // from it — and the unit must reply again within a new limit counted from today.
      const reason = need(params.reason, 'reason');
      const handle = deadline(cal, at, limits.redo);
      Object.assign(data, { reason, withdrawnReplyAt: m.repliedAt, withdrawnOutcome: m.outcome, withdrawnEvaluation: m.evaluation, due: handle.due });
      patch = { repliedAt: null, repliedOnTime: null, outcome: null, evaluation: null, evaluatedAt: null, deadlines: { handle } };
      break;
    }
    case 'close': {
      // 办结 after a reply or review only when the petitioner's window to ask for (re-)review has passed.
      const window = m.status === 'replied' ? D.reviewRequest : m.status === 'reviewed' ? D.reReviewRequest : undefined;
      if (window && !isPastDue(window.due, at)) {
        throw new DomainError('RULE_VIOLATION', `信访人申请复查（复核）的期限至 ${window.due} 届满前不能办结`, { due: window.due });
      }
      patch = { closedAt: at, deadlines: {} };
      break;
    }
  }
  return { from: m.status, to, patch, data };
}

export type { Action, Evaluation, MatterStatus, Outcome, ReviewDecision };
