/** The vocabulary of DOMAIN.md, as types. Names follow API.md (camelCase English, Chinese term in comments). */
import type { Role } from '../org/foshan.ts';
export type { Role };

export const CHANNELS = ['letter', 'visit', 'online', 'phone', 'video', 'hotline'] as const;
/** 来信 / 来访 / 网上 / 电话 / 视频 / 12345 热线 */
export type Channel = (typeof CHANNELS)[number];

export const PURPOSES = ['demand', 'appeal', 'accusation', 'suggestion', 'consultation', 'other'] as const;
/** 信访目的: 求决 / 申诉 / 揭发控告 / 意见建议 / 咨询 / 其他 */
export type Purpose = (typeof PURPOSES)[number];

/** 依法分类处理 (DOMAIN.md §4): 申诉求决类, 检举控告类, 建议意见类; consultations and others are handled as 'other'. */
export type HandlingClass = 'appealDemand' | 'accusation' | 'suggestion' | 'other';

export function classOfPurpose(purpose: Purpose): HandlingClass {
  switch (purpose) {
    case 'demand':
    case 'appeal':
      return 'appealDemand';
    case 'accusation':
      return 'accusation';
    case 'suggestion':
      return 'suggestion';
    case 'consultation':
    case 'other':
      return 'other';
  }
}

export const MATTER_STATUSES = [
  'registered', 'routed', 'accepted', 'declined', 'replied',
  'underReview', 'reviewed', 'underReReview', 'terminated', 'closed',
] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

export const ACTIONS = [
  'transfer', 'assign', 'decline', 'accept', 'object', 'extend', 'reply', 'evaluate',
  'requestReview', 'decideReview', 'requestReReview', 'decideReReview', 'pauseClock', 'resumeClock', 'close', 'sendBack',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Outcome = 'support' | 'explain' | 'reject';
export type Evaluation = 'satisfied' | 'basicallySatisfied' | 'dissatisfied';
export type ReviewDecision = 'uphold' | 'revise' | 'revoke';

/** Names of the limits a matter can carry (API.md `deadlines`). */
export type DeadlineName =
  | 'accept' | 'objection' | 'handle' | 'evaluation' | 'reviewRequest' | 'review' | 'reReviewRequest' | 'reReview' | 'reportBack';

export interface Deadline {
  due: string; // YYYY-MM-DD, Asia/Shanghai; the limit ends at 24:00 of that day
  rule: string; // e.g. '15 calendarDays from 2019-09-20'
  basis: string; // the legal basis or the product decision it came from
  start: string; // the Shanghai date the count started from
  unit?: 'calendarDays' | 'workingDays';
  days?: number; // the whole count from `start`, extensions and paused days included
  paused?: boolean;
  beyondSchedule?: boolean; // the count ran past the years the holiday schedule knows
}
export type Deadlines = Partial<Record<DeadlineName, Deadline>>;

export type UnitKind = 'bureau' | 'department' | 'town' | 'court' | 'procuratorate';

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string;
  parentId: number | null;
  dept: string | null;
}

export interface Actor {
  userId: number;
  unitId: number;
  roles: readonly Role[];
}

/** The state of a matter (信访事项) that the lifecycle rules read. */
export interface MatterState {
  id: number;
  status: MatterStatus;
  version: number;
  unitId: number; // the unit that holds the matter now
  registeringUnitId: number;
  routedByUnitId: number | null;
  reviewUnitId: number | null;
  handlingClass: HandlingClass;
  accusedUnitId: number | null;
  receivedAt: string;
  routedAt: string | null;
  acceptedAt: string | null;
  repliedAt: string | null;
  reviewDecidedAt: string | null;
  extendedDays: number;
  /** when the holder accepted or declined it (及时受理率), and whether that was within the limit */
  decidedAt: string | null;
  decidedOnTime: boolean | null;
  /** whether the reply came within the handling limit (按期办结率) */
  repliedOnTime: boolean | null;
  evaluation: Evaluation | null;
  evaluatedAt: string | null;
  outcome: Outcome | null;
  closedAt: string | null;
  pausedAt: string | null;
  pausedDays: number;
  deadlines: Deadlines;
}
