/** 信访社工 and 信访志愿者 (issue 6): batch logs, the volunteer roster, qualification review, trainings. */
import { Type } from '@sinclair/typebox';
import { listSocialWork, recordSocialWorkBatch } from '../../services/social-work.ts';
import { addVolunteer, listVolunteers, recordVolunteerTraining, reviewVolunteer, volunteerLeaves } from '../../services/volunteers.ts';
import type { App } from '../app.ts';
import { Created, Nullable, Ok, OptStr, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, validDates } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const READ = ['registrar', 'handler', 'leader', 'supervisor'] as const;
const WRITE = ['registrar', 'handler'] as const;
const Count = Type.Integer({ minimum: 0, maximum: 100000 });

export default async function socialWorkRoutes(app: App) {
  app.post('/social-work/batches', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '社工参与接待登记 Log a visit batch served by social workers',
      body: Type.Object({
        at: Type.Optional(Instant), workers: Type.Array(Str(100), { minItems: 1, maxItems: 50 }), personTimes: Type.Integer({ minimum: 1, maximum: 100000 }),
        soothed: Type.Optional(Count), followUp: OptStr(4000), resolved: Type.Optional(Type.Boolean()), matterId: Type.Optional(Id), note: OptStr(4000),
      }, { additionalProperties: false }),
      response: { 201: Created, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send(await recordSocialWorkBatch(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/social-work/batches', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '社工参与记录',
      response: {
        200: Type.Array(Type.Object({
          id: Type.Integer(), at: Type.String(), unitId: Type.Integer(), workers: Type.Array(Type.String()), personTimes: Type.Integer(), soothed: Type.Integer(),
          followUp: Nullable(Type.String()), resolved: Type.Boolean(), matterId: Nullable(Type.Integer()), note: Nullable(Type.String()),
        })), ...errors(401, 403),
      },
    },
  }, async (req) => listSocialWork(app.fq.ctx, actorOf(req.user!)));

  app.get('/volunteers', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '信访志愿者名册与培训',
      response: {
        200: Type.Object({
          volunteers: Type.Array(Type.Object({ id: Type.Integer(), unitId: Type.Integer(), name: Type.String(), joinedOn: Type.String(), leftOn: Nullable(Type.String()), qualification: Type.String(), reviewedAt: Nullable(Type.String()), reviewNote: Nullable(Type.String()) })),
          trainings: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), title: Type.String(), volunteerIds: Type.Array(Type.Integer()) })),
        }), ...errors(401, 403),
      },
    },
  }, async (req) => listVolunteers(app.fq.ctx, actorOf(req.user!)));

  app.post('/volunteers', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '登记志愿者 Add a volunteer (qualification pending)', body: Type.Object({ name: Str(100), joinedOn: Type.Optional(DateString) }, { additionalProperties: false }), response: { 201: Created, ...errors(400, 401, 403) } },
  }, async (req, reply) => {
    validDates({ joinedOn: req.body.joinedOn });
    return reply.code(201).send(await addVolunteer(app.fq.ctx, actorOf(req.user!), req.body));
  });

  app.post('/volunteers/:id/review', {
    preHandler: app.need('handler', 'leader'),
    schema: { tags: ['resolution'], summary: '资格审核 Qualification review', params: Type.Object({ id: Id }), body: Type.Object({ qualified: Type.Boolean(), note: OptStr(2000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await reviewVolunteer(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.post('/volunteers/:id/leave', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '志愿者退出', params: Type.Object({ id: Id }), body: Type.Object({ leftOn: Type.Optional(DateString) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { validDates({ leftOn: req.body.leftOn }); await volunteerLeaves(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.post('/volunteers/trainings', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['resolution'], summary: '志愿者业务培训', body: Type.Object({ at: Type.Optional(Instant), title: Str(200), volunteerIds: Type.Array(Id, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }), response: { 201: Created, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.code(201).send(await recordVolunteerTraining(app.fq.ctx, actorOf(req.user!), req.body)));
}
