/** 专项行动 (issue 5): campaigns, batches, cases, reporting nodes and the status board. */
import { Type } from '@sinclair/typebox';
import { addCampaignCase, BATCH_SOURCES, campaignBoard, completeCampaignCase, createCampaign, listCampaigns, reportCampaignNode } from '../../services/campaigns.ts';
import type { App } from '../app.ts';
import { Ok, OptStr, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const WRITE = ['handler', 'leader', 'supervisor'] as const;
const Node = Type.Object({ id: Type.Integer(), name: Type.String(), dueDate: Type.String(), reportedOnTime: Type.Integer(), reportedLate: Type.Integer(), missing: Type.Integer(), overdue: Type.Boolean() });
const Board = Type.Object({
  id: Type.Integer(), name: Type.String(), startedOn: Type.String(), cases: Type.Integer(), completed: Type.Integer(),
  batches: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), source: Type.String(), cases: Type.Integer(), completed: Type.Integer(), nodes: Type.Array(Node) })),
});

export default async function campaignRoutes(app: App) {
  app.post('/campaigns', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['campaigns'], summary: '新建专项行动（批次与上报节点）',
      body: Type.Object({
        name: Str(200), startedOn: DateString,
        batches: Type.Array(Type.Object({ name: Str(200), source: StringEnum(BATCH_SOURCES, 'state 国专件, province 省专件'), nodes: Type.Array(Type.Object({ name: Str(200), dueDate: DateString }), { maxItems: 20 }) }), { minItems: 1, maxItems: 20 }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), batches: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), nodeIds: Type.Array(Type.Integer()) })) }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createCampaign(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/campaigns', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['campaigns'], summary: '专项行动列表', response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), startedOn: Type.String(), unitId: Type.Integer() })), ...errors(401, 403) } },
  }, async (req) => listCampaigns(app.fq.ctx, actorOf(req.user!)));

  app.get('/campaigns/:id/board', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['campaigns'], summary: '专项行动进度看板', params: Type.Object({ id: Id }), querystring: Type.Object({ asOf: Type.Optional(DateString) }), response: { 200: Board, ...errors(400, 401, 403, 404) } },
  }, async (req) => campaignBoard(app.fq.ctx, actorOf(req.user!), req.params.id, req.query.asOf));

  app.post('/campaigns/batches/:batchId/cases', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['campaigns'], summary: '将信访事项纳入批次', params: Type.Object({ batchId: Id }), body: Type.Object({ matterId: Id, at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404, 422) } },
  }, async (req, reply) => reply.code(201).send(await addCampaignCase(app.fq.ctx, actorOf(req.user!), req.params.batchId, req.body)));

  app.post('/campaigns/cases/:id/reports', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['campaigns'], summary: '节点材料上报', params: Type.Object({ id: Id }), body: Type.Object({ nodeId: Id, at: Type.Optional(Instant), note: OptStr(4000) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 422) } },
  }, async (req) => { await reportCampaignNode(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.post('/campaigns/cases/:id/complete', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['campaigns'], summary: '申报办结', params: Type.Object({ id: Id }), body: Type.Optional(Type.Object({ at: Type.Optional(Instant) }, { additionalProperties: false })), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await completeCampaignCase(app.fq.ctx, actorOf(req.user!), req.params.id, req.body ?? {}); return { ok: true }; });
}
