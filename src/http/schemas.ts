/** TypeBox schemas shared by routes; the OpenAPI document is generated from them. */
import { Type, type TSchema } from '@sinclair/typebox';
import { isValidDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { ACTIONS, CHANNELS, MATTER_STATUSES, PURPOSES } from '../domain/types.ts';

export const StringEnum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) }),
});

export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
export const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const DeadlineSchema = Type.Object({
  due: Type.String(), rule: Type.String(), basis: Type.String(), start: Type.String(),
  paused: Type.Optional(Type.Boolean()), beyondSchedule: Type.Optional(Type.Boolean()),
});
export const DeadlinesSchema = Type.Record(Type.String(), DeadlineSchema);

export const Channel = StringEnum(CHANNELS, 'letter 来信, visit 来访, online 网上, phone 电话, video 视频, hotline 12345');
export const Purpose = StringEnum(PURPOSES, 'demand 求决, appeal 申诉, accusation 揭发控告, suggestion 意见建议, consultation 咨询, other');
export const Status = StringEnum(MATTER_STATUSES);
export const ActionName = StringEnum(ACTIONS);

export const EventSchema = Type.Object({
  seq: Type.Integer(), action: Type.String(), label: Type.String(), at: Type.String(), recordedAt: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]), toStatus: Type.String(),
  actorUserId: Type.Union([Type.Integer(), Type.Null()]), actorUnitId: Type.Union([Type.Integer(), Type.Null()]),
  actorUnitName: Type.Union([Type.String(), Type.Null()]), data: Type.Record(Type.String(), Type.Any()), hash: Type.String(),
});

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const MatterSummarySchema = Type.Object({
  id: Type.Integer(), code: Type.String(), title: Type.String(), status: Type.String(), statusLabel: Type.String(),
  unitId: Type.Integer(), unitName: Nullable(Type.String()), channel: Type.String(), purpose: Type.String(),
  handlingClass: Type.String(), categoryCode: Nullable(Type.String()), regionCode: Nullable(Type.String()),
  receivedAt: Type.String(), registeredAt: Type.String(), nextDue: Nullable(Type.String()), petitionCount: Type.Integer(),
  evaluation: Nullable(Type.String()), outcome: Nullable(Type.String()),
});

export const MatterSchema = Type.Intersect([
  MatterSummarySchema,
  Type.Object({
    version: Type.Integer(), registeringUnitId: Type.Integer(), routedByUnitId: Nullable(Type.Integer()),
    reviewUnitId: Nullable(Type.Integer()), accusedUnitId: Nullable(Type.Integer()), deadlines: DeadlinesSchema,
    paused: Type.Boolean(), extendedDays: Type.Integer(), petitionIds: Type.Array(Type.Integer()),
    events: Type.Array(EventSchema), allowedActions: Type.Array(Type.String()),
  }),
]);

export const PetitionerOut = Type.Object({
  name: Type.String(), idNumber: Nullable(Type.String({ description: 'masked' })), phone: Nullable(Type.String({ description: 'masked' })),
  address: Nullable(Type.String()), isRepresentative: Type.Boolean(),
  phoneVerified: Type.Optional(Type.Boolean({ description: '手机已验证: the phone was proved with an SMS code (online petitions)' })),
});

export const PetitionSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), queryCode: Type.String(), matterId: Type.Integer(), status: Type.String(),
  channel: Type.String(), receivedAt: Type.String(), registeredAt: Type.String(), title: Type.String(), content: Type.String(),
  purpose: Type.String(), handlingClass: Type.String(), categoryCode: Nullable(Type.String()), regionCode: Nullable(Type.String()),
  address: Nullable(Type.String()), headcount: Type.Integer(), isGroup: Type.Boolean(), isRepeat: Type.Boolean(),
  flags: Type.Array(Type.String()), respondentUnitId: Nullable(Type.Integer()), respondentName: Nullable(Type.String()),
  petitioners: Type.Array(PetitionerOut), deadlines: DeadlinesSchema, events: Type.Array(EventSchema),
});

export const PetitionListItem = Type.Object({
  id: Type.Integer(), code: Type.String(), matterId: Type.Integer(), title: Type.String(), channel: Type.String(),
  receivedAt: Type.String(), registeredAt: Type.String(), status: Type.String(), unitId: Type.Integer(),
  headcount: Type.Integer(), isRepeat: Type.Boolean(), flags: Type.Array(Type.String()),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  unitId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  channel: Type.Optional(Channel),
  categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,9}$' })),
  overdue: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

/**
 * A page of a list: `{items, total}` (API.md). Past some ten thousand matching rows on PostgreSQL `total` is the
 * planner's estimate and `totalEstimated` is true (store/db.ts countRows); otherwise the field is absent.
 */
export const ListOf = <T extends TSchema>(item: T) => Type.Object({
  items: Type.Array(item),
  total: Type.Integer(),
  totalEstimated: Type.Optional(Type.Boolean({ description: 'true when total is an estimate (a list of more than some ten thousand rows)' })),
});

export const RateSchema = Type.Object({ rate: Nullable(Type.Number()), numerator: Type.Integer(), denominator: Type.Integer() });

/** A pattern cannot tell 2019-02-30 from a date: the routes check the dates they take with this. */
export function validDates(fields: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined && !isValidDate(value)) throw new DomainError('BAD_INPUT', `${field} 不是有效日期：${value}`, { field });
  }
}

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorSchema]));

/** Public (no login) routes: per client address and minute; FENGQIAO_PUBLIC_RATE_PER_MIN raises it where a proxy or a
 * load test shares one address (behind nginx set FENGQIAO_TRUST_PROXY so the client's address counts). */
export const publicLimit = { rateLimit: { max: Number(process.env.FENGQIAO_PUBLIC_RATE_PER_MIN ?? 30), timeWindow: '1 minute' } };
