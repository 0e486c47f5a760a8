/** 12345 热线与联合办理 (issue 6): lead unit + co-units; 退单 returns arbitrated by the bureau within a limit. */
import { Type } from '@sinclair/typebox';
import { arbitrateReturn, getJointHandling, listJointHandlings, returnJointCase, startJointHandling } from '../../services/joint-handling.ts';
import type { App } from '../app.ts';
import { Nullable, OptStr, Str } from '../resolution-schemas.ts';
import { errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const ROLES = ['handler', 'leader', 'supervisor'] as const;
const JointSchema = Type.Object({
  id: Type.Integer(), at: Type.String(), matterId: Type.Integer(), matterCode: Nullable(Type.String()), matterTitle: Nullable(Type.String()), source: Type.String(),
  hotlineRef: Nullable(Type.String()), unitId: Type.Integer(), leadUnitId: Type.Integer(), note: Nullable(Type.String()),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Nullable(Type.String()), role: Type.String(), status: Type.String() })),
  returns: Type.Array(Type.Object({
    id: Type.Integer(), unitId: Type.Integer(), unitName: Nullable(Type.String()), reason: Type.String(), returnedAt: Type.String(), arbitrationDue: Type.String(),
    rule: Type.String(), basis: Type.String(), beyondSchedule: Type.Boolean(), overdue: Type.Boolean(), decision: Nullable(Type.String()), decidedAt: Nullable(Type.String()),
    decidedOnTime: Nullable(Type.Boolean()), newLeadUnitId: Nullable(Type.Integer()), note: Nullable(Type.String()),
  })),
});

export default async function jointHandlingRoutes(app: App) {
  app.post('/joint-handlings', {
    preHandler: app.need('handler'),
    schema: {
      tags: ['resolution'], summary: '联合办理 Start joint handling: a lead unit and co-units (a registered matter held by the bureau is assigned to the lead)',
      body: Type.Object({ matterId: Id, leadUnitId: Id, coUnitIds: Type.Array(Id, { minItems: 1, maxItems: 30 }), source: Type.Optional(StringEnum(['hotline', 'bureau'] as const)), hotlineRef: OptStr(100), note: OptStr(4000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), assigned: Type.Boolean() }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await startJointHandling(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/joint-handlings', {
    preHandler: app.need(...ROLES),
    schema: { tags: ['resolution'], summary: '联合办理列表（组织的和参与的）', response: { 200: Type.Array(JointSchema), ...errors(401, 403) } },
  }, async (req) => listJointHandlings(app.fq.ctx, actorOf(req.user!)));

  app.get('/joint-handlings/:id', {
    preHandler: app.need(...ROLES),
    schema: { tags: ['resolution'], summary: '联合办理', params: Type.Object({ id: Id }), response: { 200: JointSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => getJointHandling(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.post('/joint-handlings/:id/returns', {
    preHandler: app.need('handler'),
    schema: {
      tags: ['resolution'], summary: '退单 Return a wrongly sent case with a reason; the bureau must arbitrate by arbitrationDue', params: Type.Object({ id: Id }),
      body: Type.Object({ reason: Str(2000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), arbitrationDue: Type.String(), beyondSchedule: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await returnJointCase(app.fq.ctx, actorOf(req.user!), req.params.id, req.body)));

  app.post('/joint-returns/:id/arbitration', {
    preHandler: app.need('handler', 'leader'),
    schema: {
      tags: ['resolution'], summary: '退单裁定 Arbitrate a return: upheld (release; a lead names its successor) or rejected (keep handling)', params: Type.Object({ id: Id }),
      body: Type.Object({ decision: StringEnum(['upheld', 'rejected'] as const), newLeadUnitId: Type.Optional(Id), note: OptStr(2000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 200: Type.Object({ onTime: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => arbitrateReturn(app.fq.ctx, actorOf(req.user!), req.params.id, req.body));
}
