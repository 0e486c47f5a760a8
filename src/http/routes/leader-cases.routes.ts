/** 领导包案 (issue 5): assign, progress notes, resolve; counts and rates by level for a period. */
import { Type } from '@sinclair/typebox';
import { addLeaderCaseNote, assignLeaderCase, getLeaderCase, LEADER_LEVELS, leaderCaseStats, listLeaderCases, resolveLeaderCase } from '../../services/leader-cases.ts';
import type { App } from '../app.ts';
import { Nullable, Ok, OptStr, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, RateSchema, StringEnum, validDates } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const Case = Type.Object({
  id: Type.Integer(), matterId: Type.Integer(), unitId: Type.Integer(), regionCode: Type.String(), leaderName: Type.String(), leaderTitle: Type.String(),
  level: Type.String(), levelLabel: Type.String(), assignedAt: Type.String(), targetDate: Type.String(), resolved: Type.Boolean(), resolvedAt: Nullable(Type.String()),
});
const Level = StringEnum(LEADER_LEVELS, 'city 市领导, districtOrCityDept 区领导、市直部门主要负责人, districtDept 区直部门主要负责人');
const Period = Type.Object({ from: DateString, to: DateString, asOf: Type.Optional(DateString), level: Type.Optional(Level), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })) });
const WRITE = ['handler', 'leader', 'supervisor'] as const;

export default async function leaderCaseRoutes(app: App) {
  app.post('/leader-cases', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['leader-cases'], summary: '领导包案 Assign a matter to a leader',
      body: Type.Object({ matterId: Id, leaderName: Str(100), leaderTitle: Str(200), level: Level, targetDate: DateString, at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => { validDates({ targetDate: req.body.targetDate }); return reply.code(201).send(await assignLeaderCase(app.fq.ctx, actorOf(req.user!), req.body)); });

  app.get('/leader-cases', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['leader-cases'], summary: '包案列表（按包案时间）', querystring: Type.Intersect([Period, Type.Object({ resolved: Type.Optional(Type.Boolean()) })]), response: { 200: Type.Array(Case), ...errors(400, 401, 403) } },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to, asOf: req.query.asOf }); return listLeaderCases(app.fq.ctx, actorOf(req.user!), req.query); });

  app.get('/leader-cases/stats', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['leader-cases'], summary: '包案数、化解数、化解率（按层级）', querystring: Period,
      response: { 200: Type.Object({ total: RateSchema, byLevel: Type.Array(Type.Object({ level: Type.String(), label: Type.String(), cases: Type.Integer(), resolved: Type.Integer(), rate: RateSchema })) }), ...errors(400, 401, 403) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to, asOf: req.query.asOf }); return leaderCaseStats(app.fq.ctx, actorOf(req.user!), req.query); });

  app.get('/leader-cases/:id', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['leader-cases'], summary: '包案详情与进展', params: Type.Object({ id: Id }), response: { 200: Type.Intersect([Case, Type.Object({ notes: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), note: Type.String() })) })]), ...errors(400, 401, 403, 404) } },
  }, async (req) => getLeaderCase(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.post('/leader-cases/:id/notes', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['leader-cases'], summary: '登记进展', params: Type.Object({ id: Id }), body: Type.Object({ note: Str(4000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.Integer() }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.code(201).send(await addLeaderCaseNote(app.fq.ctx, actorOf(req.user!), req.params.id, req.body)));

  app.post('/leader-cases/:id/resolve', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['leader-cases'], summary: '登记化解', params: Type.Object({ id: Id }), body: Type.Object({ at: Type.Optional(Instant), note: OptStr(4000) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await resolveLeaderCase(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });
}
