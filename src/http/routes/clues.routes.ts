/**
 * 涉黑恶线索移交 (issue 6). Only a bureau handler, a leader or a supervisor sees clues (domain/resolution.ts
 * `canSeeClues`); for anyone else every clue route answers 404, as if there were none.
 */
import { Type } from '@sinclair/typebox';
import { flagClue, listClues, transferClue } from '../../services/clues.ts';
import type { App } from '../app.ts';
import { Created, Nullable, Ok, Str } from '../resolution-schemas.ts';
import { errors, Id, Instant } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const ROLES = ['handler', 'leader', 'supervisor'] as const;

export default async function clueRoutes(app: App) {
  app.post('/clues', {
    preHandler: app.need(...ROLES),
    schema: { tags: ['resolution'], summary: '标记涉黑恶线索 Flag a petition as carrying an organised-crime clue', body: Type.Object({ petitionId: Id, description: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 201: Created, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.code(201).send(await flagClue(app.fq.ctx, actorOf(req.user!), req.body)));

  app.get('/clues', {
    preHandler: app.need(...ROLES),
    schema: {
      tags: ['resolution'], summary: '线索列表',
      response: {
        200: Type.Array(Type.Object({
          id: Type.Integer(), at: Type.String(), unitId: Type.Integer(), petitionId: Type.Integer(), matterId: Type.Integer(), description: Type.String(), status: Type.String(),
          transferredAt: Nullable(Type.String()), recipient: Nullable(Type.String()), transferRecord: Nullable(Type.String()),
        })), ...errors(401, 403, 404),
      },
    },
  }, async (req) => listClues(app.fq.ctx, actorOf(req.user!)));

  app.post('/clues/:id/transfer', {
    preHandler: app.need(...ROLES),
    schema: { tags: ['resolution'], summary: '线索移交 Transfer the clue to the competent office', params: Type.Object({ id: Id }), body: Type.Object({ recipient: Str(200), record: Str(20000), at: Type.Optional(Instant) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => { await transferClue(app.fq.ctx, actorOf(req.user!), req.params.id, req.body); return { ok: true }; });
}
