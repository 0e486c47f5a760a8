/** 听证评议 (issue 6): schedule (pauses the matter's clock), hold, 息诉息访, apply the conclusion to the (re-)review. */
import { Type } from '@sinclair/typebox';
import { HEARING_KINDS, HEARING_ROLES } from '../../domain/resolution.ts';
import { applyHearingConclusion, cancelHearing, getHearing, listHearings, recordHearingHeld, recordStoppedPetitioning, scheduleHearing } from '../../services/hearings.ts';
import type { App } from '../app.ts';
import { Nullable, Ok, OptStr, Str } from '../resolution-schemas.ts';
import { errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const WRITE = ['handler', 'leader'] as const;
const READ = ['handler', 'leader', 'supervisor'] as const;
const Participant = Type.Object({ name: Str(100), role: StringEnum(HEARING_ROLES, 'lawyer 律师, expert 职能部门业务骨干, deputy 人大代表, partyRepresentative 党代表, cppccMember 政协委员, petitioner, unit, host, other'), organisation: OptStr(200) }, { additionalProperties: false });
const Decision = StringEnum(['uphold', 'revise', 'revoke'] as const);
const HearingSchema = Type.Object({
  id: Type.Integer(), matterId: Type.Integer(), unitId: Type.Integer(), unitName: Nullable(Type.String()), regionCode: Type.String(), kind: Type.String(),
  scheduledFor: Type.String(), place: Nullable(Type.String()), status: Type.String(), clockPaused: Type.Boolean(), participants: Type.Array(Participant),
  heldAt: Nullable(Type.String()), record: Nullable(Type.String()), conclusion: Nullable(Type.String()), recommendation: Nullable(Type.String()),
  stoppedPetitioning: Nullable(Type.Boolean()), appliedAt: Nullable(Type.String()),
});

export default async function hearingRoutes(app: App) {
  app.post('/hearings', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '安排听证评议 Schedule a hearing (听证) or review meeting (评议); the matter clock pauses',
      body: Type.Object({ matterId: Id, kind: StringEnum(HEARING_KINDS, 'hearing 听证会, review 评议会'), scheduledFor: Instant, place: OptStr(200), participants: Type.Optional(Type.Array(Participant, { maxItems: 100 })), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), clockPaused: Type.Boolean() }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await scheduleHearing(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/hearings', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '听证评议列表（本单位辖区，或某一事项）', querystring: Type.Object({ matterId: Type.Optional(Id) }), response: { 200: Type.Array(HearingSchema), ...errors(400, 401, 403, 404) } },
  }, async (req) => listHearings(app.fq.ctx, actorOf(req.user!), req.query));

  app.get('/hearings/:id', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '听证评议', params: Type.Object({ id: Id }), response: { 200: HearingSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => getHearing(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.post('/hearings/:id/held', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '登记召开情况与结论 Record the meeting, its conclusion; the clock resumes', params: Type.Object({ id: Id }),
      body: Type.Object({ heldAt: Type.Optional(Instant), participants: Type.Optional(Type.Array(Participant, { minItems: 1, maxItems: 100 })), record: Str(20000), conclusion: Str(20000), recommendation: Type.Optional(Decision) }, { additionalProperties: false }),
      response: { 200: HearingSchema, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => { const a = actorOf(req.user!); await recordHearingHeld(app.fq.ctx, a, req.params.id, req.body); return getHearing(app.fq.ctx, a, req.params.id); });

  app.post('/hearings/:id/cancel', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '取消听证评议（恢复计时）', params: Type.Object({ id: Id }), body: Type.Optional(Type.Object({ at: Type.Optional(Instant) }, { additionalProperties: false })), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await cancelHearing(app.fq.ctx, actorOf(req.user!), req.params.id, req.body ?? {}); return { ok: true }; });

  app.post('/hearings/:id/outcome', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '息诉息访登记 Whether the petitioner stopped petitioning', params: Type.Object({ id: Id }), body: Type.Object({ stopped: Type.Boolean(), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await recordStoppedPetitioning(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.post('/hearings/:id/apply', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '以听证评议结论作出复查/复核决定 Take the (re-)review decision with the conclusion', params: Type.Object({ id: Id }),
      body: Type.Optional(Type.Object({ decision: Type.Optional(Decision), text: OptStr(20000), at: Type.Optional(Instant) }, { additionalProperties: false })),
      response: { 200: Type.Object({ matterId: Type.Integer(), action: Type.String() }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => applyHearingConclusion(app.fq.ctx, actorOf(req.user!), req.params.id, req.body ?? {}));
}
