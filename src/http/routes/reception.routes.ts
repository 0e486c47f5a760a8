/** 领导接访下访 (issue 8): reception days and visits down to towns, publish, matters, what happened, instructions 批示. */
import { Type } from '@sinclair/typebox';
import { RECEPTION_KINDS, REST_DAY_POLICIES } from '../../domain/reception.ts';
import {
  assignMatterToReception, cancelReception, getReception, issueInstruction, listInstructions, listReceptions, planReception, planRota,
  publishReception, recordReceptionHeld, reportInstruction,
} from '../../services/reception-schedule.ts';
import type { App } from '../app.ts';
import { Nullable, Ok, OptStr, Str } from '../resolution-schemas.ts';
import { DateString, errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const WRITE = ['handler', 'leader'] as const;
const READ = ['handler', 'leader', 'supervisor', 'registrar'] as const;
const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
const Plan = {
  kind: StringEnum(RECEPTION_KINDS, 'reception 接访（接待厅）, visitDown 下访（到镇街）'), leaderName: Str(100), leaderTitle: OptStr(100),
  start: Type.Optional(Hhmm), end: Type.Optional(Hhmm), slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480 })),
  perSlot: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), place: Str(200), townRegionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })), topic: OptStr(500),
};
const Slot = Type.Object({ start: Type.String(), booked: Type.Integer(), free: Type.Integer() });
export const ReceptionDaySchema = Type.Object({
  id: Type.Integer(), unitId: Type.Integer(), unitName: Nullable(Type.String()), regionCode: Type.String(), kind: Type.String(), leaderName: Type.String(),
  leaderTitle: Nullable(Type.String()), date: Type.String(), movedFrom: Nullable(Type.String()), start: Type.String(), end: Type.String(), place: Type.String(),
  townRegionCode: Nullable(Type.String()), topic: Nullable(Type.String()), status: Type.String(), perSlot: Type.Integer(), slots: Type.Array(Slot), capacity: Type.Integer(),
});
const InstructionSchema = Type.Object({
  id: Type.Integer(), receptionDayId: Type.Integer(), matterId: Nullable(Type.Integer()), text: Type.String(), leaderName: Type.String(), assigneeUnitId: Type.Integer(),
  assigneeUnitName: Nullable(Type.String()), issuedAt: Type.String(), due: Type.String(), rule: Type.String(), basis: Type.String(), beyondSchedule: Type.Boolean(),
  reportedAt: Nullable(Type.String()), report: Nullable(Type.String()), state: Type.String(),
});
const DetailSchema = Type.Intersect([ReceptionDaySchema, Type.Object({
  heldAt: Nullable(Type.String()), attendees: Type.Array(Type.String()), summary: Nullable(Type.String()),
  matters: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String(), status: Type.String() })), instructions: Type.Array(InstructionSchema),
})]);
const IdParam = Type.Object({ id: Id });

export default async function receptionRoutes(app: App) {
  const ctx = app.fq.ctx;
  app.post('/receptions', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['reception'], summary: '安排领导接访/下访 Plan a reception day (workdays only; onRestDay: refuse 默认拒绝 | moveToNextWorkday 顺延到下一个工作日)',
      body: Type.Object({ ...Plan, date: DateString, onRestDay: Type.Optional(StringEnum(REST_DAY_POLICIES)) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), date: Type.String(), movedFrom: Nullable(Type.String()) }), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await planReception(ctx, actorOf(req.user!), req.body)));

  app.post('/receptions/rota', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['reception'], summary: '按工作日批量安排（节假日跳过，调休上班日计入）',
      body: Type.Object({ ...Plan, from: DateString, to: DateString }, { additionalProperties: false }),
      response: { 201: Type.Array(Type.Object({ id: Type.Integer(), date: Type.String(), movedFrom: Nullable(Type.String()) })), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await planRota(ctx, actorOf(req.user!), req.body)));

  app.get('/receptions', {
    preHandler: app.need(...READ),
    schema: { tags: ['reception'], summary: '接访安排列表', querystring: Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }), response: { 200: Type.Array(ReceptionDaySchema), ...errors(400, 401, 403) } },
  }, async (req) => listReceptions(ctx, actorOf(req.user!), req.query));

  app.get('/receptions/:id', {
    preHandler: app.need(...READ),
    schema: { tags: ['reception'], summary: '接访安排详情（事项、接访情况、批示）', params: IdParam, response: { 200: DetailSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => getReception(ctx, actorOf(req.user!), req.params.id));

  app.post('/receptions/:id/publish', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['reception'], summary: '发布（门户可预约）', params: IdParam, response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await publishReception(ctx, actorOf(req.user!), req.params.id); return { ok: true }; });

  app.post('/receptions/:id/cancel', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['reception'], summary: '取消（已有预约一并取消）', params: IdParam, response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await cancelReception(ctx, actorOf(req.user!), req.params.id); return { ok: true }; });

  app.post('/receptions/:id/matters', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['reception'], summary: '安排信访事项到本次接访', params: IdParam, body: Type.Object({ matterId: Id }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await assignMatterToReception(ctx, actorOf(req.user!), req.params.id, req.body.matterId); return { ok: true }; });

  app.post('/receptions/:id/held', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['reception'], summary: '登记接访情况（参加人员、情况摘要）；未到的预约记为爽约', params: IdParam,
      body: Type.Object({ attendees: Type.Array(Str(100), { minItems: 1, maxItems: 100 }), summary: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 200: Ok, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => { await recordReceptionHeld(ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });

  app.post('/receptions/:id/instructions', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['reception'], summary: '登记领导批示，交承办单位限期办理（默认 15 日，最长 60 日）', params: IdParam,
      body: Type.Object({ text: Str(5000), assigneeUnitId: Id, matterId: Type.Optional(Id), days: Type.Optional(Type.Integer()), workingDays: Type.Optional(Type.Boolean()), at: Type.Optional(Instant) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), due: Type.String(), rule: Type.String(), beyondSchedule: Type.Boolean() }), ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await issueInstruction(ctx, actorOf(req.user!), req.params.id, req.body)));

  app.get('/reception-instructions', {
    preHandler: app.need(...READ),
    schema: { tags: ['reception'], summary: '批示件跟踪（open 办理中 / overdue 逾期 / reported 已报告 / reportedLate 逾期报告）', querystring: Type.Object({ state: Type.Optional(StringEnum(['open', 'overdue', 'reported', 'reportedLate'] as const)) }), response: { 200: Type.Array(InstructionSchema), ...errors(400, 401, 403) } },
  }, async (req) => listInstructions(ctx, actorOf(req.user!), req.query));

  app.post('/reception-instructions/:id/report', {
    preHandler: app.need(...WRITE),
    schema: { tags: ['reception'], summary: '报告批示办理情况', params: IdParam, body: Type.Object({ report: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Type.Object({ state: Type.String() }), ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => reportInstruction(ctx, actorOf(req.user!), req.params.id, req.body));
}
