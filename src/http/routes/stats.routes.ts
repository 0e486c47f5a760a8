import { Type } from '@sinclair/typebox';
import { computeRates } from '../../services/rates.ts';
import type { App } from '../app.ts';
import { DateString, errors, Id, RateSchema, validDates } from '../schemas.ts';

export default async function statsRoutes(app: App) {
  app.get('/stats/rates', {
    preHandler: app.need(),
    schema: {
      tags: ['stats'], summary: '三率 The assessment rates: timely acceptance, on-time completion, participation, satisfaction',
      querystring: Type.Object({ from: DateString, to: DateString, unitId: Type.Optional(Id), asOf: Type.Optional(DateString) }),
      response: {
        200: Type.Object({ timelyAcceptance: RateSchema, onTimeCompletion: RateSchema, participation: RateSchema, satisfaction: RateSchema, asOf: Type.String(), from: Type.String(), to: Type.String() }),
        ...errors(400, 401),
      },
    },
  }, async (req) => {
    validDates({ from: req.query.from, to: req.query.to, asOf: req.query.asOf });
    return computeRates(app.fq.ctx, req.user!, req.query);
  });
}
