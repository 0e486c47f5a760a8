/** The resolution figures (issue 6) for a period and region: what the annual report's section 二 counts. */
import { Type } from '@sinclair/typebox';
import { matterResolution } from '../../services/matter-resolution.ts';
import { resolutionFigures } from '../../services/resolution-figures.ts';
import type { App } from '../app.ts';
import { DateString, errors, Id, RateSchema, validDates } from '../schemas.ts';
import { Nullable } from '../resolution-schemas.ts';
import { actorOf } from './matters.routes.ts';

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

  app.get('/matters/:id/resolution', {
    preHandler: app.need(),
    schema: {
      tags: ['resolution'], summary: '事项的多元化解记录 Hearings, mediations, callbacks, joint handling, social work, legal activities (and clues, if you may see them) of one matter',
      params: Type.Object({ id: Id }),
      response: {
        200: Type.Object({
          hearings: Type.Array(Type.Object({ id: I, kind: Type.String(), status: Type.String(), scheduledFor: Type.String(), heldAt: Nullable(Type.String()), conclusion: Nullable(Type.String()), stoppedPetitioning: Nullable(Type.Boolean()), clockPaused: Type.Boolean() })),
          mediations: Type.Array(Type.Object({ id: I, at: Type.String(), mediator: Type.String(), status: Type.String(), agreementAt: Nullable(Type.String()), fulfilledAt: Nullable(Type.String()), failedAt: Nullable(Type.String()), matterClosed: Type.Boolean(), closeNote: Nullable(Type.String()) })),
          callbacks: Type.Array(Type.Object({ id: I, at: Type.String(), status: Type.String(), attempts: I, completedAt: Nullable(Type.String()), satisfaction: Nullable(Type.String()) })),
          jointHandlings: Type.Array(Type.Object({ id: I, leadUnitId: I, source: Type.String(), units: Type.Array(Type.Object({ unitId: I, unitName: Nullable(Type.String()), role: Type.String(), status: Type.String() })) })),
          socialWork: Type.Array(Type.Object({ id: I, at: Type.String(), personTimes: I, soothed: I, resolved: Type.Boolean(), followUp: Nullable(Type.String()) })),
          legalActivities: Type.Array(Type.Object({ id: I, at: Type.String(), kind: Type.String(), title: Type.String() })),
          clues: Type.Array(Type.Object({ id: I, at: Type.String(), status: Type.String(), recipient: Nullable(Type.String()) })),
        }),
        ...errors(400, 401, 404),
      },
    },
  }, async (req) => matterResolution(app.fq.ctx, actorOf(req.user!), req.params.id));
}
