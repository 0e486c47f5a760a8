/**
 * The figures of section 二 of the seed report (多元化解), computed from the records of the resolution mechanisms for
 * a period [from, to] (Shanghai dates, both included) and optionally a region (GB/T 2260: 440600 is the whole city,
 * 440606 顺德区). The annual report (issue 5) reads this. Nothing is typed in: every figure is a count or sum of rows.
 *
 * What each figure counts (decisions written down here, once):
 * - legalOffice: visitors and diverted are person-times (人次: a screening's headcount); registrationForms, the
 *   screenings with a 登记表; consultations / trainings / discussions, the activities of each kind; opinionLetters,
 *   the letters written. Counted by the recording unit's region and the record's time.
 * - socialWork: one batch per log; personTimes and soothed are sums; resolved, the batches marked resolved.
 * - volunteers: active, on the roster at some time in the period and not refused at review (pending ones count);
 *   qualified, those of them qualified by `to`;
 *   trainings, the sessions held in the period.
 * - callbacks: by sampling time and the evaluated unit's region; attempts, the calls made on those callbacks;
 *   validRate = valid ÷ sampled; satisfaction = (满意 + 基本满意 on the satisfaction indicator) ÷ valid.
 * - hearings: held in the period (both kinds), by the matter's region; ended, those after which the petitioner
 *   stopped petitioning (息诉息访); endedRate = ended ÷ held; byDistrict counts hearings (听证会, not 评议会) held,
 *   by district name (a city-level matter counts under 佛山市本级).
 * - mediation: each figure by the time of its own step (referred, session, agreement, fulfilled, failed).
 * - clues: flagged and transferred by the time of each step.
 *
 * Which service call makes which figure (for a scenario generator; all `(ctx, actor, input)`, `at` to date back):
 *   legalOffice.visitors/diverted/registrationForms  legal-screening.ts recordScreening {headcount, finding, registrationForm}
 *   legalOffice.consultations/trainings/discussions  legal-screening.ts recordLegalActivity {kind}
 *   legalOffice.opinionLetters                        legal-screening.ts recordLegalOpinion
 *   socialWork.*                                      social-work.ts recordSocialWorkBatch {personTimes, soothed, resolved + matterId}
 *   volunteers.*                                      volunteers.ts addVolunteer, reviewVolunteer {qualified}, recordVolunteerTraining
 *   callbacks.*                                       callbacks.ts sampleCallbacks {matterIds of replied matters}, recordCallbackAttempt
 *   hearings.*                                        hearings.ts scheduleHearing, recordHearingHeld, recordStoppedPetitioning
 *   mediation.*                                       mediation.ts referToMediation, recordMediationSession, recordAgreement, recordFulfilled / recordMediationFailed
 *   clues.*                                           clues.ts flagClue, transferClue (actor: a bureau handler, leader or supervisor)
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { callbackSatisfaction, hearingEndedRate, validResponseRate } from '../domain/resolution.ts';
import type { Rate } from '../domain/rates.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import '../store/schema-resolution.ts';

export interface ResolutionFigures {
  legalOffice: { visitors: number; registrationForms: number; diverted: number; consultations: number; trainings: number; discussions: number; opinionLetters: number };
  socialWork: { batches: number; personTimes: number; soothed: number; resolved: number };
  volunteers: { active: number; qualified: number; trainings: number };
  callbacks: { sampled: number; attempts: number; valid: number; unreachable: number; refused: number; validRate: Rate; satisfaction: Rate; suggestions: number };
  hearings: { held: number; hearings: number; reviews: number; ended: number; endedRate: Rate; byDistrict: Record<string, number> /* district name → count */ };
  mediation: { referred: number; sessions: number; agreements: number; fulfilled: number; failed: number };
  clues: { flagged: number; transferred: number };
}

/** sum(case when cond then 1 else 0 end): portable conditional count. */
const countIf = (cond: Expression<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
const sumIf = (cond: Expression<SqlBool>, col: string) => sql<number>`sum(case when ${cond} then ${sql.ref(col)} else 0 end)`;

export async function resolutionFigures(ctx: Ctx, q: { from: string; to: string; regionCode?: string }): Promise<ResolutionFigures> {
  const db = ctx.store.db;
  const lo = dayStartUtc(q.from);
  const hi = nextDayStartUtc(q.to);
  const prefix = `${(q.regionCode ?? '').replace(/(00)+$/, '').replace(/[%_\\]/g, '')}%`;
  const inPeriod = (col: string) => sql<SqlBool>`${sql.ref(col)} >= ${lo} and ${sql.ref(col)} < ${hi}`;

  const [screen, acts, opinions, social, vols, vtrain, cbs, attempts, hear, med, sessions, clues] = await Promise.all([
    db.selectFrom('legalScreenings').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select((eb) => [
        eb.fn.sum<number>('headcount').as('visitors'),
        countIf(sql`registration_form = 1`).as('forms'),
        sumIf(sql`finding <> 'petition'`, 'headcount').as('diverted'),
      ]).executeTakeFirstOrThrow(),
    db.selectFrom('legalActivities').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute(),
    db.selectFrom('legalOpinions').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('socialWorkLogs').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select((eb) => [eb.fn.countAll<number>().as('batches'), eb.fn.sum<number>('personTimes').as('personTimes'), eb.fn.sum<number>('soothed').as('soothed'), eb.fn.sum<number>('resolved').as('resolved')])
      .executeTakeFirstOrThrow(),
    db.selectFrom('volunteers').where('regionCode', 'like', prefix).where('joinedOn', '<=', q.to).where('qualification', '<>', 'rejected')
      .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>=', q.from)]))
      .select((eb) => [eb.fn.countAll<number>().as('active'), countIf(sql<SqlBool>`qualification = 'qualified' and reviewed_at < ${hi}`).as('qualified')])
      .executeTakeFirstOrThrow(),
    db.selectFrom('volunteerTrainings').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('callbacks').where('regionCode', 'like', prefix).where('at', '>=', lo).where('at', '<', hi)
      .select((eb) => [
        eb.fn.countAll<number>().as('sampled'),
        countIf(sql`status = 'valid'`).as('valid'),
        countIf(sql`status = 'unreachable'`).as('unreachable'),
        countIf(sql`status = 'refused'`).as('refused'),
        countIf(sql`suggestion is not null`).as('suggestions'),
        // answers is JSON text written by this service only ({"satisfaction":"satisfied",…}); a LIKE over it is
        // portable across SQLite and PostgreSQL where JSON operators are not
        countIf(sql`status = 'valid' and (answers like '%"satisfaction":"satisfied"%' or answers like '%"satisfaction":"basicallySatisfied"%')`).as('satisfied'),
      ]).executeTakeFirstOrThrow(),
    db.selectFrom('callbackAttempts').innerJoin('callbacks', 'callbacks.id', 'callbackAttempts.callbackId')
      .where('callbacks.regionCode', 'like', prefix).where('callbacks.at', '>=', lo).where('callbacks.at', '<', hi)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('hearings').where('regionCode', 'like', prefix).where('status', '=', 'held').where('heldAt', '>=', lo).where('heldAt', '<', hi)
      .select(['kind', 'regionCode', (eb) => eb.fn.countAll<number>().as('n'), countIf(sql`stopped_petitioning = 1`).as('ended')])
      .groupBy(['kind', 'regionCode']).execute(),
    db.selectFrom('mediations').where('regionCode', 'like', prefix)
      .select([
        countIf(inPeriod('at')).as('referred'), countIf(inPeriod('agreement_at')).as('agreements'),
        countIf(inPeriod('fulfilled_at')).as('fulfilled'), countIf(inPeriod('failed_at')).as('failed'),
      ]).executeTakeFirstOrThrow(),
    db.selectFrom('mediationSessions').innerJoin('mediations', 'mediations.id', 'mediationSessions.mediationId')
      .where('mediations.regionCode', 'like', prefix).where('mediationSessions.at', '>=', lo).where('mediationSessions.at', '<', hi)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('clues').where('regionCode', 'like', prefix)
      .select([countIf(inPeriod('at')).as('flagged'), countIf(inPeriod('transferred_at')).as('transferred')]).executeTakeFirstOrThrow(),
  ]);

  const kind = (k: string) => num(acts.find((a) => a.kind === k)?.n);
  const sampled = num(cbs.sampled);
  const valid = num(cbs.valid);
  let held = 0, hearings = 0, reviews = 0, ended = 0;
  const byDistrict: Record<string, number> = {};
  const names = new Map((await db.selectFrom('regions').select(['code', 'name']).execute()).map((r) => [r.code, r.name]));
  for (const h of hear) {
    const n = num(h.n);
    held += n;
    ended += num(h.ended);
    if (h.kind === 'review') reviews += n;
    else {
      hearings += n;
      const district = h.regionCode.slice(0, 6);
      const name = district.endsWith('00') ? `${names.get(district) ?? district}本级` : names.get(district) ?? district;
      byDistrict[name] = (byDistrict[name] ?? 0) + n;
    }
  }
  return {
    legalOffice: {
      visitors: num(screen.visitors), registrationForms: num(screen.forms), diverted: num(screen.diverted),
      consultations: kind('consultation'), trainings: kind('training'), discussions: kind('discussion'), opinionLetters: num(opinions.n),
    },
    socialWork: { batches: num(social.batches), personTimes: num(social.personTimes), soothed: num(social.soothed), resolved: num(social.resolved) },
    volunteers: { active: num(vols.active), qualified: num(vols.qualified), trainings: num(vtrain.n) },
    callbacks: {
      sampled, attempts: num(attempts.n), valid, unreachable: num(cbs.unreachable), refused: num(cbs.refused),
      validRate: validResponseRate(valid, sampled), satisfaction: callbackSatisfaction(num(cbs.satisfied), valid), suggestions: num(cbs.suggestions),
    },
    hearings: { held, hearings, reviews, ended, endedRate: hearingEndedRate(ended, held), byDistrict },
    mediation: { referred: num(med.referred), sessions: num(sessions.n), agreements: num(med.agreements), fulfilled: num(med.fulfilled), failed: num(med.failed) },
    clues: { flagged: num(clues.flagged), transferred: num(clues.transferred) },
  };
}
