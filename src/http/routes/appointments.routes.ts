/** Appointments with a leader's reception (issue 8): citizens on the portal (public, rate-limited) and staff. */
import { Type } from '@sinclair/typebox';
import { bookAppointment, cancelAppointment, listAppointments, markAppointment } from '../../services/reception-appointments.ts';
import { listReceptions } from '../../services/reception-schedule.ts';
import type { App } from '../app.ts';
import { Nullable, Ok, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, StringEnum, publicLimit } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';
import { ReceptionDaySchema } from './reception.routes.ts';

const STAFF = ['handler', 'leader', 'registrar'] as const;
const Booking = { slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), name: Str(50), phone: Type.String({ minLength: 5, maxLength: 20 }), description: Str(500) };
const Booked = Type.Object({ id: Type.Integer(), code: Type.String({ description: '预约码：取消时使用' }), date: Type.String(), slot: Type.String() });

export default async function appointmentRoutes(app: App) {
  const ctx = app.fq.ctx;

  app.get('/public/receptions', {
    config: publicLimit,
    schema: { tags: ['public'], security: [], summary: '已发布的领导接访安排（可预约时段）', querystring: Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }), response: { 200: Type.Array(ReceptionDaySchema), ...errors(400, 429) } },
  }, async (req) => listReceptions(ctx, null, req.query));

  app.post('/public/appointments', {
    config: publicLimit,
    schema: {
      tags: ['public'], security: [], summary: '群众预约领导接访（免登录）',
      body: Type.Object({ receptionDayId: Id, ...Booking }, { additionalProperties: false }),
      response: { 201: Booked, ...errors(400, 404, 409, 422, 429) },
    },
  }, async (req, reply) => reply.code(201).send(await bookAppointment(ctx, null, req.body)));

  app.post('/public/appointments/cancel', {
    config: publicLimit,
    schema: { tags: ['public'], security: [], summary: '群众取消预约（预约码 + 手机号）', body: Type.Object({ code: Type.String({ minLength: 4, maxLength: 40 }), phone: Type.String({ minLength: 5, maxLength: 20 }) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 404, 409, 429) } },
  }, async (req) => { await cancelAppointment(ctx, req.body); return { ok: true }; });

  app.post('/receptions/:id/appointments', {
    preHandler: app.need(...STAFF),
    schema: {
      tags: ['reception'], summary: '工作人员代为预约', params: Type.Object({ id: Id }),
      body: Type.Object({ ...Booking, matterId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 201: Booked, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await bookAppointment(ctx, actorOf(req.user!), { ...req.body, receptionDayId: req.params.id })));

  app.get('/receptions/:id/appointments', {
    preHandler: app.need(...STAFF),
    schema: {
      tags: ['reception'], summary: '预约名单（手机号脱敏）', params: Type.Object({ id: Id }),
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), slot: Type.String(), name: Type.String(), phoneMask: Type.String(), description: Type.String(), source: Type.String(), matterId: Nullable(Type.Integer()), status: Type.String(), createdAt: Type.String() })), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => listAppointments(ctx, actorOf(req.user!), req.params.id));

  app.post('/appointments/:id/outcome', {
    preHandler: app.need(...STAFF),
    schema: { tags: ['reception'], summary: '登记到场（attended）或爽约（noShow）', params: Type.Object({ id: Id }), body: Type.Object({ outcome: StringEnum(['attended', 'noShow'] as const) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409, 422) } },
  }, async (req) => { await markAppointment(ctx, actorOf(req.user!), req.params.id, req.body.outcome); return { ok: true }; });

  app.post('/appointments/:id/cancel', {
    preHandler: app.need(...STAFF),
    schema: { tags: ['reception'], summary: '工作人员取消预约', params: Type.Object({ id: Id }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await cancelAppointment(ctx, { actor: actorOf(req.user!), id: req.params.id }); return { ok: true }; });
}
