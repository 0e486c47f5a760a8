/**
 * The figures of section 二 of the seed report (多元化解), computed from records for a period and, optionally, a
 * region (GB/T 2260 prefix match on the recording unit's region). The annual report (issue 5) reads this.
 * Placeholder while the records grow: every figure is zero until its mechanism's tables exist.
 */
import { rate, type Rate } from '../domain/rates.ts';
import type { Ctx } from './context.ts';

export interface ResolutionFigures {
  legalOffice: { visitors: number; registrationForms: number; diverted: number; consultations: number; trainings: number; discussions: number; opinionLetters: number };
  socialWork: { batches: number; personTimes: number; soothed: number; resolved: number };
  volunteers: { active: number; qualified: number; trainings: number };
  callbacks: { sampled: number; attempts: number; valid: number; unreachable: number; refused: number; validRate: Rate; satisfaction: Rate; suggestions: number };
  hearings: { held: number; hearings: number; reviews: number; ended: number; endedRate: Rate; byDistrict: Record<string, number> /* district name → count */ };
  mediation: { referred: number; sessions: number; agreements: number; fulfilled: number; failed: number };
  clues: { flagged: number; transferred: number };
}

export async function resolutionFigures(_ctx: Ctx, _q: { from: string; to: string; regionCode?: string }): Promise<ResolutionFigures> {
  return {
    legalOffice: { visitors: 0, registrationForms: 0, diverted: 0, consultations: 0, trainings: 0, discussions: 0, opinionLetters: 0 },
    socialWork: { batches: 0, personTimes: 0, soothed: 0, resolved: 0 },
    volunteers: { active: 0, qualified: 0, trainings: 0 },
    callbacks: { sampled: 0, attempts: 0, valid: 0, unreachable: 0, refused: 0, validRate: rate(0, 0), satisfaction: rate(0, 0), suggestions: 0 },
    hearings: { held: 0, hearings: 0, reviews: 0, ended: 0, endedRate: rate(0, 0), byDistrict: {} },
    mediation: { referred: 0, sessions: 0, agreements: 0, fulfilled: 0, failed: 0 },
    clues: { flagged: 0, transferred: 0 },
  };
}
