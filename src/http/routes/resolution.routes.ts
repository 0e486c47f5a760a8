/** The resolution figures (issue 6) for a period and region: what the annual report's section 二 counts. */
import { Type } from '@sinclair/typebox';
import { resolutionFigures } from '../../services/resolution-figures.ts';
import type { App } from '../app.ts';
import { DateString, errors, RateSchema, validDates } from '../schemas.ts';

const I = Type.Integer();
export const FiguresSchema = Type.Object({
  legalOffice: Type.Object({ visitors: I, registrationForms: I, diverted: I, consultations: I, trainings: I, discussions: I, opinionLetters: I }),
  socialWork: Type.Object({ batches: I, personTimes: I, soothed: I, resolved: I }),
  volunteers: Type.Object({ active: I, qualified: I, trainings: I }),
  callbacks: Type.Object({ sampled: I, attempts: I, valid: I, unreachable: I, refused: I, validRate: RateSchema, satisfaction: RateSchema, suggestions: I }),
  hearings: Type.Object({ held: I, hearings: I, reviews: I, ended: I, endedRate: RateSchema, byDistrict: Type.Record(Type.String(), I) }),
  mediation: Type.Object({ referred: I, sessions: I, agreements: I, fulfilled: I, failed: I }),
  clues: Type.Object({ flagged: I, transferred: I }),
});

export default async function resolutionRoutes(app: App) {
  app.get('/stats/resolution', {
    preHandler: app.need('handler', 'leader', 'supervisor', 'evaluator', 'lawyer', 'admin'),
    schema: {
      tags: ['resolution'], summary: '多元化解工作数据 Resolution figures from records',
      querystring: Type.Object({ from: DateString, to: DateString, regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,9}$' })) }),
      response: { 200: FiguresSchema, ...errors(400, 401, 403) },
    },
  }, async (req) => {
    validDates({ from: req.query.from, to: req.query.to });
    return resolutionFigures(app.fq.ctx, req.query);
  });
}
