/** 人民来访接待厅 queue (issue 8): take a number, call to a window, lawyer's screening, register; the board at /hall/board. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { callNext, hallQueue, leaveTicket, registerTicket, screenTicket, takeTicket } from '../../services/reception-queue.ts';
import { notFound } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { rootOf, serveStatic } from '../reception-static.ts';
import { Nullable, Ok, OptStr } from '../resolution-schemas.ts';
import { errors, Id } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const DESK = ['registrar', 'handler'] as const;
const Ticket = Type.Object({
  id: Type.Integer(), code: Type.String(), number: Type.Integer(), priority: Type.Boolean(), status: Type.String(), statusLabel: Type.String(),
  window: Nullable(Type.String()), headcount: Type.Integer(), calledAt: Nullable(Type.String()), visitorName: Nullable(Type.String()),
});
const Queue = Type.Object({ date: Type.String(), unitId: Type.Integer(), unitName: Nullable(Type.String()), waiting: Type.Array(Ticket), called: Type.Array(Ticket), done: Type.Integer() });
const IdParam = Type.Object({ id: Id });
const boardLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

export default async function hallQueueRoutes(app: App) {
  const ctx = app.fq.ctx;
  app.post('/hall/tickets', {
    preHandler: app.need(...DESK),
    schema: {
      tags: ['reception'], summary: '取号 Take a number (Y = 优先：老人、残疾人、孕妇)',
      body: Type.Object({ priority: Type.Optional(Type.Boolean()), headcount: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), visitorName: OptStr(50), appointmentId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), code: Type.String(), number: Type.Integer(), waitingAhead: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await takeTicket(ctx, actorOf(req.user!), req.body)));

  app.post('/hall/call-next', {
    preHandler: app.need(...DESK),
    schema: { tags: ['reception'], summary: '叫号到窗口 Call the next visitor', body: Type.Object({ window: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer(), code: Type.String(), window: Type.String() }), ...errors(400, 401, 403, 409) } },
  }, async (req) => callNext(ctx, actorOf(req.user!), req.body.window));

  app.post('/hall/tickets/:id/screen', {
    preHandler: app.need('lawyer', 'registrar'),
    schema: { tags: ['reception'], summary: '转访前律师评估（诉访分离）', params: IdParam, body: Type.Optional(Type.Object({ note: OptStr(2000) }, { additionalProperties: false })), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await screenTicket(ctx, actorOf(req.user!), req.params.id, req.body?.note ?? ''); return { ok: true }; });

  app.post('/hall/tickets/:id/register', {
    preHandler: app.need(...DESK),
    schema: { tags: ['reception'], summary: '登记完毕', params: IdParam, body: Type.Optional(Type.Object({ petitionId: Type.Optional(Id) }, { additionalProperties: false })), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await registerTicket(ctx, actorOf(req.user!), req.params.id, req.body?.petitionId); return { ok: true }; });

  app.post('/hall/tickets/:id/leave', {
    preHandler: app.need(...DESK, 'lawyer'),
    schema: { tags: ['reception'], summary: '来访人离开（过号）', params: IdParam, response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await leaveTicket(ctx, actorOf(req.user!), req.params.id); return { ok: true }; });

  app.get('/hall/queue', {
    preHandler: app.need(...DESK, 'lawyer'),
    schema: { tags: ['reception'], summary: '本接待厅今日队列（含姓名）', response: { 200: Queue, ...errors(401, 403) } },
  }, async (req) => hallQueue(ctx, req.user!.unitId, { names: true }));

  app.get('/public/hall/board', {
    config: boardLimit,
    schema: { tags: ['public'], security: [], summary: '大屏叫号（只有号码和窗口，无个人信息）', querystring: Type.Object({ unitId: Id }), response: { 200: Queue, ...errors(400, 404, 429) } },
  }, async (req) => {
    if (!ctx.org().unit(req.query.unitId)) throw notFound('接待厅');
    return hallQueue(ctx, req.query.unitId, { names: false });
  });

  const root = rootOf(app as unknown as FastifyInstance);
  serveStatic(root, '/hall/board', 'hall-board.html');
  serveStatic(root, '/hall/board.js', 'hall-board.js');
}
