/**
 * Pure rules of the resolution mechanisms (DOMAIN.md §7.5, §7.7–§7.12): the vocabularies, the callback indicator
 * set and its formulas, the hearing resolution rate, who may see organised-crime clues, the 退单 arbitration limit.
 */
import { rate, type Rate } from './rates.ts';
import type { LimitSpec } from './lifecycle.ts';
import type { Role, UnitKind } from './types.ts';
import { DomainError } from './errors.ts';

/** 访前甄别 finding: the legal channel a visitor is pointed to (诉访分离), or `petition` (ordinary petition). */
export const LEGAL_FINDINGS = ['litigation', 'arbitration', 'laborArbitration', 'administrativeReconsideration', 'police', 'procuratorate', 'petition'] as const;
export type LegalFinding = (typeof LEGAL_FINDINGS)[number];
export const LEGAL_FINDING_LABELS: Record<LegalFinding, string> = {
  litigation: '诉讼', arbitration: '仲裁', laborArbitration: '劳动人事争议仲裁', administrativeReconsideration: '行政复议',
  police: '公安机关处理', procuratorate: '检察机关', petition: '按信访程序办理',
};
/** A screening is a diversion (诉访分离) when the lawyer points the visitor to a legal channel. */
export const isDiversion = (f: LegalFinding): boolean => f !== 'petition';

/** 会商 (major-case consultation), 培训 (internal training), 案件讨论 (case discussion). */
export const LEGAL_ACTIVITY_KINDS = ['consultation', 'training', 'discussion'] as const;
export type LegalActivityKind = (typeof LEGAL_ACTIVITY_KINDS)[number];

/** Hearing participants by role: 律师, 职能部门业务骨干, 人大代表, 政协委员 (两代表一委员 with party representatives). */
export const HEARING_ROLES = ['lawyer', 'expert', 'deputy', 'partyRepresentative', 'cppccMember', 'petitioner', 'unit', 'host', 'other'] as const;
export type HearingRole = (typeof HEARING_ROLES)[number];
export const HEARING_KINDS = ['hearing', 'review'] as const; // 听证会, 评议会
export type HearingKind = (typeof HEARING_KINDS)[number];

/** 息诉息访率: of the hearings and reviews held, the share after which the petitioner stopped petitioning. An
 * outcome not yet known counts in the denominator (held) but not the numerator, as the report does. */
export function hearingEndedRate(ended: number, held: number): Rate {
  return rate(ended, held);
}

// ---- Third-party callbacks 第三方满意度回访 ----

/** One survey question. `rating` answers satisfied / basicallySatisfied / dissatisfied; `yesNo` answers yes / no. */
export interface CallbackIndicator { key: string; label: string; kind: 'rating' | 'yesNo' }

/**
 * The report names seven of its eight indicators; the eighth here (办理结果认可度) is a product decision, which is why
 * the set is configurable (setting `callbackIndicators`, JSON). `satisfaction` is the one the overall satisfaction
 * rate reads.
 */
export const DEFAULT_CALLBACK_INDICATORS: readonly CallbackIndicator[] = [
  { key: 'timeliness', label: '承办单位受理的及时性', kind: 'rating' },
  { key: 'attitude', label: '服务态度', kind: 'rating' },
  { key: 'efficiency', label: '工作效率', kind: 'rating' },
  { key: 'satisfaction', label: '满意程度', kind: 'rating' },
  { key: 'misconduct', label: '是否存在“不作为、慢作为、乱作为”现象', kind: 'yesNo' },
  { key: 'bureauCoordination', label: '信访局的协调工作评价', kind: 'rating' },
  { key: 'willingness', label: '支持信访工作的意愿程度', kind: 'rating' },
  { key: 'resultAcceptance', label: '对办理结果的认可程度（本平台补充）', kind: 'rating' },
];
export const RATING_ANSWERS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export const YES_NO_ANSWERS = ['yes', 'no'] as const;
/** After this many unanswered calls a sampled matter counts as unreachable (decision, configurable). */
export const DEFAULT_MAX_CALLBACK_ATTEMPTS = 3;

export function parseIndicators(json: string | null | undefined): CallbackIndicator[] {
  if (!json) return [...DEFAULT_CALLBACK_INDICATORS];
  const v = JSON.parse(json) as unknown;
  validateIndicators(v);
  return v;
}

export function validateIndicators(v: unknown): asserts v is CallbackIndicator[] {
  if (!Array.isArray(v) || v.length === 0) throw new DomainError('BAD_INPUT', '回访指标不能为空');
  const keys = new Set<string>();
  for (const i of v as CallbackIndicator[]) {
    if (typeof i?.key !== 'string' || !/^[a-zA-Z][a-zA-Z0-9]{0,39}$/.test(i.key) || typeof i.label !== 'string' || !i.label.trim() || (i.kind !== 'rating' && i.kind !== 'yesNo')) {
      throw new DomainError('BAD_INPUT', '回访指标格式不正确：需要 key、label、kind（rating 或 yesNo）');
    }
    if (keys.has(i.key)) throw new DomainError('BAD_INPUT', `回访指标重复：${i.key}`);
    keys.add(i.key);
  }
}

/** Every indicator must be answered with an answer of its kind; unknown keys are refused. */
export function checkAnswers(indicators: readonly CallbackIndicator[], answers: Record<string, string>): void {
  for (const k of Object.keys(answers)) {
    if (!indicators.some((i) => i.key === k)) throw new DomainError('BAD_INPUT', `未知的回访指标：${k}`, { field: k });
  }
  for (const i of indicators) {
    const a = answers[i.key];
    const allowed: readonly string[] = i.kind === 'rating' ? RATING_ANSWERS : YES_NO_ANSWERS;
    if (a === undefined) throw new DomainError('BAD_INPUT', `回访指标未作答：${i.label}`, { field: i.key });
    if (!allowed.includes(a)) throw new DomainError('BAD_INPUT', `“${i.label}”的回答应为 ${allowed.join(' / ')}`, { field: i.key });
  }
}

/** 回收有效率 = valid responses ÷ matters sampled for callback (pending ones count as not (yet) valid). */
export function validResponseRate(valid: number, sampled: number): Rate {
  return rate(valid, sampled);
}

/** 整体满意度 = (满意 + 基本满意) on the `satisfaction` indicator ÷ valid responses. */
export function callbackSatisfaction(satisfiedOrBasically: number, valid: number): Rate {
  return rate(satisfiedOrBasically, valid);
}

// ---- Clue transfer 涉黑恶线索移交 ----

/**
 * Who may see, flag and transfer organised-crime clues (decision): a handler at a petition bureau, a leader, a
 * supervisor — and only for petitions whose matter is in their scope. Responsible units, registrars, lawyers,
 * evaluators and auditors do not see them: a clue may name people in the units that handle the matter.
 */
export function canSeeClues(roles: readonly string[], unitKind: UnitKind | undefined): boolean {
  if (roles.includes('leader') || roles.includes('supervisor')) return true;
  return roles.includes('handler') && unitKind === 'bureau';
}
export const CLUE_ROLES: readonly Role[] = ['handler', 'leader', 'supervisor'];

// ---- 12345 joint handling 联合办理 / 退单 ----

/** The bureau arbitrates a unit's return (退单) within this limit (decision: 3 working days, configurable). */
export const RETURN_ARBITRATION_LIMIT: LimitSpec = {
  unit: 'workingDays', days: 3, basis: '（本平台规则）承办单位退单后，信访部门3个工作日内作出裁定',
};
export const ARBITRATION_DECISIONS = ['upheld', 'rejected'] as const; // 退单成立（改派） / 退单不成立（继续承办）
export type ArbitrationDecision = (typeof ARBITRATION_DECISIONS)[number];

// ---- Mediation 人民调解 ----
export const MEDIATION_STATUSES = ['referred', 'agreed', 'fulfilled', 'failed'] as const;
export type MediationStatus = (typeof MEDIATION_STATUSES)[number];
