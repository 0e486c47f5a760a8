import { Type } from '@sinclair/typebox';
import { registerPetition } from '../../services/register-petition.ts';
import { getPetitionView, listPetitionsView } from '../../services/matter-views.ts';
import type { App } from '../app.ts';
import { Channel, DeadlinesSchema, errors, Id, Instant, ListOf, PetitionListItem, PetitionSchema, Purpose } from '../schemas.ts';
import { KeysetListQuery, keysetOf, toFilter } from './matters.routes.ts';

export const PetitionerIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  idNumber: Type.Optional(Type.String({ maxLength: 18, description: 'GB 11643 居民身份证号码 (18 or old 15)' })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  isRepresentative: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const RegisterBody = Type.Object({
  channel: Channel,
  receivedAt: Instant,
  petitioners: Type.Array(PetitionerIn, { minItems: 1, maxItems: 200 }),
  headcount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  purpose: Type.Optional(Purpose),
  categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?$' })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  respondent: Type.Optional(Type.Object({ unitId: Type.Optional(Id), name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false })),
  attachments: Type.Optional(Type.Array(Type.String({ minLength: 10, maxLength: 64 }), { maxItems: 5, description: 'tokens from POST /attachments' })),
}, { additionalProperties: false });

export const Registered = Type.Object({
  id: Type.Integer(), code: Type.String(), queryCode: Type.String(), matterId: Type.Integer(), isRepeat: Type.Boolean(),
  status: Type.String(), deadlines: DeadlinesSchema, flags: Type.Array(Type.String()),
});

export default async function petitionRoutes(app: App) {
  app.post('/petitions', {
    preHandler: app.need('registrar', 'handler'),
    schema: {
      tags: ['petitions'], summary: '登记信访件 Register a petition (letter, visit, phone …)',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 100 })) }),
      body: RegisterBody,
      response: { 201: Registered, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const u = req.user!;
    const r = await registerPetition(app.fq.ctx, { userId: u.id, unitId: u.unitId, roles: u.roles }, { ...req.body, idempotencyKey: req.headers['idempotency-key'] });
    return reply.status(201).send(r);
  });

  app.get('/petitions', {
    preHandler: app.need(),
    schema: { tags: ['petitions'], summary: '信访件列表 List petitions', querystring: KeysetListQuery, response: { 200: ListOf(PetitionListItem), ...errors(400, 401) } },
  }, async (req) => listPetitionsView(app.fq.ctx, req.user!, { ...toFilter(app, req.query), after: keysetOf(req.query) }));

  app.get('/petitions/:id', {
    preHandler: app.need(),
    schema: { tags: ['petitions'], summary: '信访件详情 One petition with its timeline', params: Type.Object({ id: Id }), response: { 200: PetitionSchema, ...errors(400, 401, 404) } },
  }, async (req) => getPetitionView(app.fq.ctx, req.user!, req.params.id));
}
