/** 人民调解室 (issue 6): referral, sessions, agreement (调解协议书 .docx), fulfilment or failure. */
import { Type } from '@sinclair/typebox';
import { getMediation, listMediations, mediationAgreementDocx, recordAgreement, recordFulfilled, recordMediationFailed, recordMediationSession, referToMediation } from '../../services/mediation.ts';
import type { App } from '../app.ts';
import { Created, Docx, DOCX_TYPE, Nullable, Ok, OptStr, sendDocx, Str } from '../resolution-schemas.ts';
import { errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const WRITE = ['handler', 'lawyer'] as const;
const READ = ['handler', 'lawyer', 'leader', 'supervisor'] as const;
const Party = Type.Object({ name: Str(100), side: StringEnum(['applicant', 'respondent'] as const), address: OptStr(200) }, { additionalProperties: false });
const MediationSchema = Type.Object({
  id: Type.Integer(), at: Type.String(), matterId: Type.Integer(), unitId: Type.Integer(), mediator: Type.String(), parties: Type.Array(Party),
  dispute: Nullable(Type.String()), status: Type.String(), agreementAt: Nullable(Type.String()), agreementTerms: Nullable(Type.String()),
  fulfilledAt: Nullable(Type.String()), failedAt: Nullable(Type.String()), failureReason: Nullable(Type.String()), matterClosed: Type.Boolean(),
  closeNote: Nullable(Type.String()), sessions: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), note: Type.String() })),
});
const AtOnly = Type.Optional(Type.Object({ at: Type.Optional(Instant) }, { additionalProperties: false }));

export default async function mediationRoutes(app: App) {
  app.post('/mediations', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '转人民调解 Refer a matter to mediation',
      body: Type.Object({ matterId: Id, mediator: Str(100), parties: Type.Array(Party, { minItems: 2, maxItems: 50 }), dispute: OptStr(20000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Created, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await referToMediation(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/mediations', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '调解案件列表', querystring: Type.Object({ matterId: Type.Optional(Id) }), response: { 200: Type.Array(MediationSchema), ...errors(400, 401, 403) } },
  }, async (req) => listMediations(app.fq.ctx, actorOf(req.user!), req.query));

  app.get('/mediations/:id', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '调解案件', params: Type.Object({ id: Id }), response: { 200: MediationSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => getMediation(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.post('/mediations/:id/sessions', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '登记调解过程', params: Type.Object({ id: Id }), body: Type.Object({ note: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 201: Created, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(await recordMediationSession(app.fq.ctx, actorOf(req.user!), req.params.id, req.body)));

  app.post('/mediations/:id/agreement', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '达成调解协议', params: Type.Object({ id: Id }), body: Type.Object({ terms: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: MediationSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { const a = actorOf(req.user!); await recordAgreement(app.fq.ctx, a, req.params.id, req.body); return getMediation(app.fq.ctx, a, req.params.id); });

  app.post('/mediations/:id/fulfilled', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '协议履行完毕（事项按流程办结） Agreement fulfilled; the matter closes where the lifecycle allows', params: Type.Object({ id: Id }), body: AtOnly, response: { 200: MediationSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { const a = actorOf(req.user!); await recordFulfilled(app.fq.ctx, a, req.params.id, req.body ?? {}); return getMediation(app.fq.ctx, a, req.params.id); });

  app.post('/mediations/:id/failed', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '调解不成', params: Type.Object({ id: Id }), body: Type.Object({ reason: Str(4000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await recordMediationFailed(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.get('/mediations/:id/agreement.docx', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '调解协议书 (.docx)', params: Type.Object({ id: Id }), produces: [DOCX_TYPE], response: { 200: Docx, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => sendDocx(reply, await mediationAgreementDocx(app.fq.ctx, actorOf(req.user!), req.params.id)));
}
