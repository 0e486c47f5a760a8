import { Type } from '@sinclair/typebox';
import { revealPetitioner } from '../../services/personal-data.ts';
import type { App } from '../app.ts';
import { errors, Id } from '../schemas.ts';

export default async function personalDataRoutes(app: App) {
  app.post('/petitions/:id/petitioners/:position/reveal', {
    preHandler: app.need('registrar', 'handler', 'leader'),
    schema: {
      tags: ['petitions'], summary: '查看完整个人信息 Reveal a petitioner\'s ID number and phone (audited, with a reason)',
      params: Type.Object({ id: Id, position: Type.Integer({ minimum: 1, maximum: 1000 }) }),
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ name: Type.String(), idNumber: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const u = req.user!;
    return revealPetitioner(app.fq.ctx, { userId: u.id, unitId: u.unitId, roles: u.roles }, req.params.id, req.params.position, req.body.reason);
  });
}
