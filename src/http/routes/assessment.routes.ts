/** 考核 (issue 5): the rates from the event log per unit / district, as of a date; drill-down; objections. */
import { Type } from '@sinclair/typebox';
import { assessment, assessmentCases, decideObjection, fileObjection, listObjections, METRICS } from '../../services/assessment.ts';
import type { App } from '../app.ts';
import { Nullable, Ok, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, RateSchema, StringEnum, validDates } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const READ = ['handler', 'leader', 'supervisor', 'auditor'] as const;
const Row = Type.Object({
  key: Type.String(), name: Type.String(), matters: Type.Integer(), timelyAcceptance: RateSchema, onTimeCompletion: RateSchema, participation: RateSchema,
  satisfaction: RateSchema, repeatRate: RateSchema, firstTimeResolution: RateSchema, overdue: Type.Integer(), sentBack: Type.Integer({ description: '退回重办 matters sent back by the date' }),
});
const Query = Type.Object({ from: DateString, to: DateString, asOf: Type.Optional(DateString), unitId: Type.Optional(Id), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })) });
const BUCKETS = ['decidedOnTime', 'decidedLate', 'undecidedOverdue', 'repliedOnTime', 'repliedLate', 'unrepliedOverdue', 'evaluated', 'evaluationLapsed', 'satisfied', 'dissatisfied'] as const;

export default async function assessmentRoutes(app: App) {
  app.get('/assessment', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['assessment'], summary: '考核指标（事件日志计算，可回溯任一日期）：按单位排名 / 按区 / 合计',
      querystring: Type.Intersect([Query, Type.Object({ by: Type.Optional(StringEnum(['unit', 'district', 'all'] as const)) })]),
      response: { 200: Type.Object({ asOf: Type.String(), from: Type.String(), to: Type.String(), rows: Type.Array(Type.Intersect([Row, Type.Object({ rank: Type.Integer() })])), total: Row }), ...errors(400, 401, 403) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to, asOf: req.query.asOf }); return assessment(app.fq.ctx, req.user!, { ...req.query, by: req.query.by ?? 'unit' }); });

  app.get('/assessment/cases', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['assessment'], summary: '指标下钻：某一口径的事项清单', querystring: Type.Intersect([Query, Type.Object({ bucket: StringEnum(BUCKETS) })]),
      response: { 200: Type.Object({ asOf: Type.String(), items: Type.Array(Type.Object({ matterId: Type.Integer(), code: Type.String(), title: Type.String(), unitId: Type.Integer() })) }), ...errors(400, 401, 403) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to, asOf: req.query.asOf }); return assessmentCases(app.fq.ctx, req.user!, req.query); });

  const Objection = Type.Object({ id: Type.Integer(), matterId: Type.Integer(), unitId: Type.Integer(), metric: Type.String(), reason: Type.String(), filedAt: Type.String(), status: Type.String(), decidedAt: Nullable(Type.String()), decisionNote: Nullable(Type.String()) });
  app.post('/assessment/objections', {
    preHandler: app.need('handler', 'leader'),
    schema: { tags: ['assessment'], summary: '考核异议 A unit objects to a counted case', body: Type.Object({ matterId: Id, metric: StringEnum(METRICS), reason: Str(4000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404, 422) } },
  }, async (req, reply) => reply.code(201).send(await fileObjection(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/assessment/objections', {
    preHandler: app.need('handler', 'leader', 'supervisor'),
    schema: { tags: ['assessment'], summary: '考核异议列表', querystring: Type.Object({ status: Type.Optional(StringEnum(['pending', 'upheld', 'rejected'] as const)) }), response: { 200: Type.Array(Objection), ...errors(400, 401, 403) } },
  }, async (req) => listObjections(app.fq.ctx, actorOf(req.user!), req.query));

  app.post('/assessment/objections/:id/decision', {
    preHandler: app.need('supervisor'),
    schema: { tags: ['assessment'], summary: '督查专员裁决考核异议', params: Type.Object({ id: Id }), body: Type.Object({ uphold: Type.Boolean(), note: Str(4000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await decideObjection(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });
}
