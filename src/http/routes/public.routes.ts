import { Type } from '@sinclair/typebox';
import { publicEvaluate, publicProgress, submitOnline } from '../../services/public-petitions.ts';
import type { App } from '../app.ts';
import { challengeGate, publicProtection } from '../plugins/public-challenge.ts';
import { errors, Purpose, StringEnum, publicLimit } from '../schemas.ts';

export const Progress = Type.Object({
  queryCode: Type.String(), title: Type.String(), channel: Type.String(), receivedAt: Type.String(), status: Type.String(),
  statusLabel: Type.String(), evaluation: Type.Union([Type.String(), Type.Null()]), windows: Type.Record(Type.String(), Type.String()),
  timeline: Type.Array(Type.Object({ action: Type.String(), label: Type.String(), at: Type.String(), details: Type.Record(Type.String(), Type.Any()) })),
  documents: Type.Array(Type.Object({
    id: Type.Optional(Type.Integer({ description: 'set when staff published the document' })), type: Type.String(), title: Type.String(), date: Type.String(),
    url: Type.Optional(Type.String({ description: 'download of a published document (.docx)' })),
  })),
});
export const QueryCode = Type.String({ minLength: 6, maxLength: 20, pattern: '^[A-Za-z0-9]+$' });

/** `X-Challenge: <id>:<nonce>` (docs/PORTAL.md): optional until the adaptive limit or strict mode asks for it. */
export const ChallengeHeader = Type.Optional(Type.String({ maxLength: 120, description: 'solved challenge <id>:<nonce> from GET /public/challenge' }));

export default async function publicRoutes(app: App) {
  const protection = publicProtection(app);
  app.post('/public/petitions', {
    config: publicLimit,
    preHandler: challengeGate(app, 'petitions', protection),
    schema: {
      tags: ['public'], summary: '网上信访 Submit a petition online (real name)',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 100 })), 'x-challenge': ChallengeHeader }),
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 50 }),
        idNumber: Type.String({ minLength: 15, maxLength: 18 }),
        phone: Type.String({ minLength: 7, maxLength: 20 }),
        address: Type.Optional(Type.String({ maxLength: 200 })),
        title: Type.String({ minLength: 1, maxLength: 200 }),
        content: Type.String({ minLength: 1, maxLength: 20000 }),
        purpose: Type.Optional(Purpose),
        categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
        regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?$' })),
        smsCode: Type.Optional(Type.String({ maxLength: 10, description: 'code from POST /public/sms-codes; required in strict mode' })),
        attachments: Type.Optional(Type.Array(Type.String({ minLength: 10, maxLength: 64 }), { maxItems: 5, description: 'tokens from POST /public/attachments' })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ queryCode: Type.String() }), ...errors(400, 409, 422, 429) },
    },
  }, async (req, reply) => reply.status(201).send(await submitOnline(app.fq.ctx, { ...req.body, idempotencyKey: req.headers['idempotency-key'] }, { strict: protection.strict })));

  app.get('/public/petitions/:queryCode', {
    config: publicLimit,
    preHandler: challengeGate(app, 'progress', protection),
    schema: {
      tags: ['public'], summary: '办理进度查询 Progress by query code and phone',
      headers: Type.Object({ 'x-challenge': ChallengeHeader }),
      params: Type.Object({ queryCode: QueryCode }), querystring: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20 }) }),
      response: { 200: Progress, ...errors(400, 404, 429) },
    },
  }, async (req) => publicProgress(app.fq.ctx, req.params.queryCode, req.query.phone));

  app.post('/public/petitions/:queryCode/evaluation', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '满意度评价 Evaluate the reply',
      params: Type.Object({ queryCode: QueryCode }),
      body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20 }), result: StringEnum(['satisfied', 'basicallySatisfied', 'dissatisfied'] as const) }, { additionalProperties: false }),
      response: { 200: Progress, ...errors(400, 404, 409, 422, 429) },
    },
  }, async (req) => publicEvaluate(app.fq.ctx, req.params.queryCode, req.body.phone, req.body.result));
}
