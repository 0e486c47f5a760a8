/** 访前法律工作室 (issue 6): screenings, activities, opinion letters (.docx). */
import { Type } from '@sinclair/typebox';
import { LEGAL_ACTIVITY_KINDS, LEGAL_FINDINGS } from '../../domain/resolution.ts';
import { legalOpinionDocx, listLegalActivities, listScreenings, recordLegalActivity, recordLegalOpinion, recordScreening } from '../../services/legal-screening.ts';
import type { App } from '../app.ts';
import { errors, Id, Instant, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';
import { Created, Docx, DOCX_TYPE, Nullable, sendDocx, Str } from '../resolution-schemas.ts';

const READ = ['lawyer', 'registrar', 'handler', 'leader', 'supervisor'] as const;
const WRITE = ['lawyer', 'handler'] as const;

const Screening = Type.Object({
  id: Type.Integer(), at: Type.String(), unitId: Type.Integer(), visitorName: Type.String(), headcount: Type.Integer(), question: Type.String(),
  finding: Type.String(), findingLabel: Type.String(), diverted: Type.Boolean(), advice: Nullable(Type.String()), registrationForm: Type.Boolean(),
  lawyerName: Nullable(Type.String()), petitionId: Nullable(Type.Integer()),
});

export default async function legalOfficeRoutes(app: App) {
  app.post('/legal-office/screenings', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '访前甄别登记 Record a pre-visit legal screening (诉访分离)',
      body: Type.Object({
        at: Type.Optional(Instant), visitorName: Str(100), headcount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), question: Str(20000),
        finding: StringEnum(LEGAL_FINDINGS, 'the legal channel the visitor is pointed to, or petition'), advice: Type.Optional(Type.String({ maxLength: 20000 })),
        registrationForm: Type.Optional(Type.Boolean()), lawyerName: Type.Optional(Type.String({ maxLength: 100 })), petitionId: Type.Optional(Id),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), diverted: Type.Boolean() }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await recordScreening(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/legal-office/screenings', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '访前甄别记录 Screenings in your scope',
      querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      response: { 200: Type.Object({ items: Type.Array(Screening), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req) => listScreenings(app.fq.ctx, actorOf(req.user!), req.query));

  app.post('/legal-office/activities', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '会商、培训、案件讨论 Log a consultation, training or case discussion',
      body: Type.Object({
        at: Type.Optional(Instant), kind: StringEnum(LEGAL_ACTIVITY_KINDS, 'consultation 会商, training 培训, discussion 案件讨论'), title: Str(200),
        participants: Type.Array(Str(200), { minItems: 1, maxItems: 200 }), matterId: Type.Optional(Id), summary: Type.Optional(Type.String({ maxLength: 20000 })),
      }, { additionalProperties: false }),
      response: { 201: Created, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send(await recordLegalActivity(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/legal-office/activities', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['resolution'], summary: '会商、培训、案件讨论记录',
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), kind: Type.String(), title: Type.String(), participants: Type.Array(Type.String()), matterId: Nullable(Type.Integer()), summary: Nullable(Type.String()) })), ...errors(401, 403) },
    },
  }, async (req) => listLegalActivities(app.fq.ctx, actorOf(req.user!)));

  app.post('/legal-office/opinions', {
    preHandler: app.need(...WRITE),
    schema: {
      tags: ['resolution'], summary: '出具法律意见书 Record a legal opinion letter',
      body: Type.Object({
        at: Type.Optional(Instant), title: Str(200), addressee: Str(200), facts: Str(20000), opinion: Str(20000), lawyerName: Str(100),
        screeningId: Type.Optional(Id), matterId: Type.Optional(Id),
      }, { additionalProperties: false }),
      response: { 201: Created, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send(await recordLegalOpinion(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/legal-office/opinions/:id/letter.docx', {
    preHandler: app.need(...READ),
    schema: { tags: ['resolution'], summary: '法律意见书 (.docx)', params: Type.Object({ id: Id }), produces: [DOCX_TYPE], response: { 200: Docx, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const doc = await legalOpinionDocx(app.fq.ctx, actorOf(req.user!), req.params.id);
    return sendDocx(reply, doc);
  });
}
