/** 第三方满意度回访 (issue 6): indicators, sampling, attempts, the per-unit data report. */
import { Type } from '@sinclair/typebox';
import { callbackIndicators, callbackReport, listCallbacks, recordCallbackAttempt, sampleCallbacks, setCallbackIndicators } from '../../services/callbacks.ts';
import type { App } from '../app.ts';
import { Nullable, OptStr, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, RateSchema, StringEnum, validDates } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const READ = ['evaluator', 'handler', 'leader', 'supervisor'] as const;
const Indicator = Type.Object({ key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,39}$' }), label: Str(200), kind: StringEnum(['rating', 'yesNo'] as const) }, { additionalProperties: false });
const Counts = {
  sampled: Type.Integer(), valid: Type.Integer(), unreachable: Type.Integer(), refused: Type.Integer(), pending: Type.Integer(),
  validRate: RateSchema, satisfaction: RateSchema, suggestions: Type.Integer(), indicators: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
};

export default async function callbackRoutes(app: App) {
  app.get('/callbacks/indicators', {
    preHandler: app.need(...READ, 'admin'),
    schema: { tags: ['resolution'], summary: '回访指标 The callback indicator set', response: { 200: Type.Array(Indicator), ...errors(401, 403) } },
  }, async () => callbackIndicators(app.fq.ctx));

  app.put('/callbacks/indicators', {
    preHandler: app.need('admin'),
    schema: { tags: ['resolution'], summary: '设置回访指标 Replace the indicator set (admin)', body: Type.Array(Indicator, { minItems: 1, maxItems: 30 }), response: { 200: Type.Array(Indicator), ...errors(400, 401, 403) } },
  }, async (req) => setCallbackIndicators(app.fq.ctx, req.body));

  app.post('/callbacks/samples', {
    preHandler: app.need('evaluator'),
    schema: {
      tags: ['resolution'], summary: '抽样回访 Sample replied matters for callback (explicit ids, or a random sample of a period)',
      body: Type.Object({ at: Type.Optional(Instant), matterIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })), from: Type.Optional(DateString), to: Type.Optional(DateString), size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ ids: Type.Array(Type.Integer()) }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => { validDates({ from: req.body.from, to: req.body.to }); return reply.code(201).send(await sampleCallbacks(app.fq.ctx, actorOf(req.user!), req.body)); });

  app.get('/callbacks', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '回访任务', querystring: Type.Object({ status: Type.Optional(StringEnum(['pending', 'valid', 'unreachable', 'refused'] as const)) }),
      response: {
        200: Type.Array(Type.Object({
          id: Type.Integer(), at: Type.String(), matterId: Type.Integer(), matterCode: Type.String(), matterTitle: Type.String(), unitId: Type.Integer(), unitName: Nullable(Type.String()),
          status: Type.String(), attempts: Type.Integer(), completedAt: Nullable(Type.String()), answers: Nullable(Type.Record(Type.String(), Type.String())), suggestion: Nullable(Type.String()),
          indicators: Type.Array(Indicator),
        })), ...errors(400, 401, 403),
      },
    },
  }, async (req) => listCallbacks(app.fq.ctx, actorOf(req.user!), req.query));

  app.post('/callbacks/:id/attempts', {
    preHandler: app.need('evaluator'),
    schema: {
      tags: ['resolution'], summary: '记录一次电话回访 Record a call: answered (with every indicator), unreachable, refused',
      params: Type.Object({ id: Id }),
      body: Type.Object({ at: Type.Optional(Instant), outcome: StringEnum(['answered', 'unreachable', 'refused'] as const), answers: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 40 }))), suggestion: OptStr(4000) }, { additionalProperties: false }),
      response: { 200: Type.Object({ status: Type.String(), attempts: Type.Integer() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => recordCallbackAttempt(app.fq.ctx, actorOf(req.user!), req.params.id, req.body));

  app.get('/callbacks/report', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '回访数据报告（按责任单位） Per-unit data report', querystring: Type.Object({ from: DateString, to: DateString }),
      response: { 200: Type.Object({ units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...Counts })), total: Type.Object(Counts) }), ...errors(400, 401, 403) },
    },
  }, async (req) => { validDates(req.query); return callbackReport(app.fq.ctx, actorOf(req.user!), req.query); });
}
