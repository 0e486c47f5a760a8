/** 督办 (issue 5): 催办, 督办单 (30-day written answer), 退回重办; the unit's written answer; notifications. */
import { Type } from '@sinclair/typebox';
import { answerSupervision, issueSupervision, listSupervision, SUPERVISION_KINDS } from '../../services/supervision.ts';
import type { App } from '../app.ts';
import { Nullable, Str } from '../resolution-schemas.ts';
import { errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';
import { num } from '../../store/db.ts';

const Item = Type.Object({
  id: Type.Integer(), matterId: Type.Integer(), kind: Type.String(), kindLabel: Type.String(), targetUnitId: Type.Integer(), issuedByUnitId: Type.Integer(),
  at: Type.String(), reason: Type.String(), number: Nullable(Type.String()), answerDue: Nullable(Type.String()), answeredAt: Nullable(Type.String()),
  answer: Nullable(Type.String()), overdue: Type.Boolean(),
});

export default async function supervisionRoutes(app: App) {
  app.post('/supervision', {
    preHandler: app.need('supervisor', 'handler', 'leader'),
    schema: {
      tags: ['supervision'], summary: '催办 reminder / 督办单 supervision order / 退回重办 send back',
      body: Type.Object({ matterId: Id, kind: StringEnum(SUPERVISION_KINDS, 'reminder 催办, order 督办单, sendBack 退回重办'), reason: Str(4000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), number: Nullable(Type.String()), answerDue: Nullable(Type.String()) }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await issueSupervision(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/supervision', {
    preHandler: app.need('supervisor', 'handler', 'leader'),
    schema: { tags: ['supervision'], summary: '督办件列表', querystring: Type.Object({ matterId: Type.Optional(Id), open: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(Item), ...errors(400, 401, 403) } },
  }, async (req) => listSupervision(app.fq.ctx, actorOf(req.user!), req.query));

  app.post('/supervision/:id/answer', {
    preHandler: app.need('handler', 'leader'),
    schema: {
      tags: ['supervision'], summary: '被督办单位书面反馈 The supervised unit answers in writing', params: Type.Object({ id: Id }),
      body: Type.Object({ answer: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 200: Type.Object({ onTime: Nullable(Type.Boolean()) }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => answerSupervision(app.fq.ctx, actorOf(req.user!), req.params.id, req.body));

  app.get('/notifications', {
    preHandler: app.need(),
    schema: {
      tags: ['supervision'], summary: '本单位的通知（期限预警、超期、督办）',
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), topic: Type.String(), text: Type.String(), at: Type.String() })), ...errors(401) },
    },
  }, async (req) => {
    const rows = await app.fq.ctx.store.db.selectFrom('notifications').select(['id', 'topic', 'text', 'at']).where('unitId', '=', req.user!.unitId).orderBy('id', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...r, id: num(r.id) }));
  });
}
