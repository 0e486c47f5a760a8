/**
 * The `foshan-2019` demo scenario: the year the seed report (佛山市信访局2019年度法治政府建设工作报告) describes,
 * recorded as the platform would have recorded it — matters registered, accepted and replied; leader-owned cases
 * assigned and resolved; campaign batches with their cases and node reports; hearings held; callbacks made;
 * social-work batches, volunteers and legal-office screenings logged — each through the services that record them.
 * The plan below (how many records of each kind) is this dataset; the report code reads only the records, so
 * changing one record changes the report. Dates are spread deterministically (no randomness).
 */
import { DISTRICTS } from '../org/foshan.ts';
import { demoPetition, seededRng } from '../demo/corpus.ts';
import type { ActorRole } from '../domain/lifecycle.ts';
import { addCalendarDays } from '../domain/calendar.ts';
import { actOnMatter } from './act-on-matter.ts';
import { addCampaignCase, completeCampaignCase, createCampaign, reportCampaignNode } from './campaigns.ts';
import { recordCallbackAttempt, sampleCallbacks } from './callbacks.ts';
import type { Ctx } from './context.ts';
import { recordHearingHeld, recordStoppedPetitioning, scheduleHearing } from './hearings.ts';
import { assignLeaderCase, resolveLeaderCase, type LeaderLevel } from './leader-cases.ts';
import { recordLegalActivity, recordLegalOpinion, recordScreening } from './legal-screening.ts';
import { registerPetition } from './register-petition.ts';
import { recordSocialWorkBatch } from './social-work.ts';
import { addVolunteer, reviewVolunteer } from './volunteers.ts';
import type { StaffActor } from './resolution-support.ts';

/** The dataset: counts of records of each kind (not totals the report prints — the report counts the rows). */
export const FOSHAN_2019 = {
  leaderCases: [
    { level: 'city', cases: 13, resolved: 11, title: '市委常委、副市长' },
    { level: 'districtOrCityDept', cases: 89, resolved: 76, title: '区委副书记、区长' },
    { level: 'districtDept', cases: 70, resolved: 54, title: '区住房城乡建设和水利局局长' },
  ] as { level: LeaderLevel; cases: number; resolved: number; title: string }[],
  campaignBatches: [
    { name: '国专件第一批', source: 'state', cases: 20 },
    { name: '国专件第二批', source: 'state', cases: 24 },
    { name: '省专件第一批', source: 'province', cases: 21 },
    { name: '省专件第二批', source: 'province', cases: 23 },
  ],
  /** callbacks Jan–Nov: sampled, answered (valid), satisfied on the satisfaction indicator, suggestions given */
  callbacks: { sampled: 182, valid: 137, satisfied: 114, suggestions: 130 },
  /** hearings (听证会) and reviews (评议会) since 2014, by year and district slug; ended = 息诉息访 */
  hearings2019: { chancheng: 2, nanhai: 2, shunde: 1, gaoming: 1, sanshui: 2 } as Record<string, number>,
  hearingsBefore: { hearings: 30, reviews: 18 },
  hearingsEnded: 36,
  socialWork: { batches: 766, personTimes: 2647, soothed: 474, resolved: 7, since: '2017-07-10' },
  volunteers: { sanshui: 35, since: '2018-07-15' },
  legalOffice: { screenings: 1000, visitors: 3000, diverted: 2200, consultations: 52, trainings: 73, discussions: 105, opinions: 12, since: '2016-02-15' },
};

const at = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
/** the i-th of n dates spread evenly over [from, to] */
function spread(from: string, to: string, i: number, n: number): string {
  const a = Date.parse(`${from}T00:00:00Z`), b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(((b - a) * i) / Math.max(1, n))).toISOString().slice(0, 10);
}

export interface ScenarioSummary { matters: number; leaderCases: number; campaignCases: number; hearings: number; callbacks: number; socialWorkBatches: number; volunteers: number; screenings: number }

export async function loadFoshan2019(ctx: Ctx, opts: { scale?: 'full' } = {}): Promise<ScenarioSummary> {
  void opts;
  const org = ctx.org();
  const unitByKey = async (key: string) => {
    const r = await ctx.store.db.selectFrom('units').select('id').where('key', '=', key).executeTakeFirstOrThrow();
    return Number(r.id);
  };
  const cityBureau = await unitByKey('city.bureau');
  const user = await ctx.store.db.selectFrom('users').select('id').where('username', '=', 'city.handler').executeTakeFirst();
  const roles: ActorRole[] = ['handler', 'registrar', 'leader', 'supervisor', 'evaluator', 'lawyer'];
  const city: StaffActor = { userId: user ? Number(user.id) : null, unitId: cityBureau, roles };
  const rng = seededRng(2019);
  const S = FOSHAN_2019;
  let matters = 0;

  /** One 2019 matter: registered at the city bureau for a district, accepted on day 3, replied on day 40. */
  const yearMatter = async (received: string, i: number, evaluate: boolean) => {
    const d = demoPetition(rng);
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const r = await registerPetition(ctx, city, {
      channel: d.channel, receivedAt: at(received, 9), petitioners: [{ name: d.petitioners[0]?.name ?? '信访人' }],
      title: d.title, content: d.content, purpose: 'demand', categoryCode: d.categoryCode, regionCode: district.code,
    });
    matters++;
    await actOnMatter(ctx, city, r.matterId, 'accept', { at: at(addCalendarDays(received, 3)) });
    const replied = addCalendarDays(received, 40);
    await actOnMatter(ctx, city, r.matterId, 'reply', { outcome: 'support', text: '经调查核实，已协调有关部门依法依规解决。', at: at(replied) });
    if (evaluate) await actOnMatter(ctx, city, r.matterId, 'evaluate', { result: i % 9 === 0 ? 'dissatisfied' : i % 3 === 0 ? 'basicallySatisfied' : 'satisfied', at: at(addCalendarDays(replied, 5)) });
    return { matterId: r.matterId, received };
  };

  // 领导包案: matters received Mar–Aug, assigned in the theme-education period (Sep–Oct), resolved by Nov 20
  const leaderMatters: number[] = [];
  let k = 0;
  const totalLeader = S.leaderCases.reduce((s, l) => s + l.cases, 0);
  for (const l of S.leaderCases) {
    for (let i = 0; i < l.cases; i++, k++) {
      const m = await yearMatter(spread('2019-03-01', '2019-07-31', k, totalLeader), k, k % 4 !== 0);
      leaderMatters.push(m.matterId);
      const assigned = spread('2019-09-02', '2019-10-15', k, totalLeader);
      const { id } = await assignLeaderCase(ctx, city, { matterId: m.matterId, leaderName: `包案领导${k + 1}`, leaderTitle: l.title, level: l.level, targetDate: '2019-11-30', at: at(assigned, 15) });
      if (i < l.resolved) await resolveLeaderCase(ctx, city, id, { at: at(addCalendarDays(assigned, 30), 16), note: '矛盾已化解，信访人息诉罢访' });
    }
  }

  // 专项行动: four batches, 88 cases, materials reported before 30 Oct, completion declared by 28 Nov
  const camp = await createCampaign(ctx, city, {
    name: '信访矛盾化解攻坚专项行动', startedOn: '2019-06-01',
    batches: S.campaignBatches.map((b) => ({ name: b.name, source: b.source, nodes: [{ name: '材料上报', dueDate: '2019-10-30' }, { name: '办结申报', dueDate: '2019-11-30' }] })),
  });
  let c = 0;
  const campaignMatters: number[] = [];
  for (const [bi, b] of S.campaignBatches.entries()) {
    const batch = camp.batches[bi]!;
    for (let i = 0; i < b.cases; i++, c++) {
      const m = await yearMatter(spread('2019-04-01', '2019-08-31', c, 88), 1000 + c, c % 3 !== 0);
      campaignMatters.push(m.matterId);
      const { id } = await addCampaignCase(ctx, city, batch.id, { matterId: m.matterId, at: at(spread('2019-06-05', '2019-09-10', c, 88)) });
      await reportCampaignNode(ctx, city, id, { nodeId: batch.nodeIds[0]!, at: at(spread('2019-09-15', '2019-10-28', c, 88)) });
      await reportCampaignNode(ctx, city, id, { nodeId: batch.nodeIds[1]!, at: at(spread('2019-11-01', '2019-11-25', c, 88)) });
      await completeCampaignCase(ctx, city, id, { at: at(spread('2019-11-01', '2019-11-25', c, 88), 17) });
    }
  }

  // 第三方回访 (Jan–Nov sampling): the first `sampled` replied matters
  const pool = [...leaderMatters, ...campaignMatters].slice(0, S.callbacks.sampled);
  const sampled = await sampleCallbacks(ctx, city, { matterIds: pool, at: at('2019-11-20') });
  for (const [i, id] of sampled.ids.entries()) {
    if (i < S.callbacks.valid) {
      const sat = i < S.callbacks.satisfied ? (i % 4 === 0 ? 'basicallySatisfied' : 'satisfied') : 'dissatisfied';
      const answers = { timeliness: 'satisfied', attitude: 'satisfied', efficiency: 'basicallySatisfied', satisfaction: sat, misconduct: 'no', bureauCoordination: 'satisfied', willingness: 'satisfied', resultAcceptance: sat };
      await recordCallbackAttempt(ctx, city, id, { outcome: 'answered', answers, at: at('2019-11-25', 11), ...(i < S.callbacks.suggestions ? { suggestion: '建议进一步加强办理过程沟通。' } : {}) });
    } else {
      await recordCallbackAttempt(ctx, city, id, { outcome: 'refused', at: at('2019-11-25', 11) });
    }
  }

  // 听证评议 since 2014: matters of earlier years; 2019 hearings by district
  const hearingPlan: { kind: 'hearing' | 'review'; date: string; district: (typeof DISTRICTS)[number] }[] = [];
  for (const d of DISTRICTS) for (let i = 0; i < (S.hearings2019[d.slug] ?? 0); i++) hearingPlan.push({ kind: 'hearing', date: spread('2019-03-01', '2019-11-20', hearingPlan.length, 8), district: d });
  const before = S.hearingsBefore.hearings + S.hearingsBefore.reviews;
  for (let i = 0; i < before; i++) hearingPlan.push({ kind: i < S.hearingsBefore.hearings ? 'hearing' : 'review', date: spread('2014-05-01', '2018-12-15', i, before), district: DISTRICTS[i % DISTRICTS.length]! });
  for (const [i, h] of hearingPlan.entries()) {
    const d = demoPetition(rng);
    const received = addCalendarDays(h.date, -120);
    const r = await registerPetition(ctx, city, { channel: 'visit', receivedAt: at(received, 9), petitioners: [{ name: d.petitioners[0]?.name ?? '信访人' }], title: d.title, content: d.content, purpose: 'demand', categoryCode: d.categoryCode, regionCode: h.district.code });
    matters++;
    await actOnMatter(ctx, city, r.matterId, 'accept', { at: at(addCalendarDays(received, 5)) });
    const { id } = await scheduleHearing(ctx, city, { matterId: r.matterId, kind: h.kind, scheduledFor: at(h.date, 14), at: at(addCalendarDays(h.date, -10)), participants: [{ name: '驻厅律师', role: 'lawyer' }, { name: '人大代表', role: 'deputy' }] });
    await recordHearingHeld(ctx, city, id, { heldAt: at(h.date, 17), record: '听取信访人陈述及承办单位说明，评议员发表意见。', conclusion: '原处理意见认定事实清楚，适用依据正确。', recommendation: 'uphold' });
    await recordStoppedPetitioning(ctx, city, id, { stopped: i < S.hearingsEnded, at: at(addCalendarDays(h.date, 20)) });
  }

  // 信访社工 since July 2017: each batch 3 person-times, the first (2647 − 3×766) batches 4; soothed and resolved
  const sw = S.socialWork;
  const extra = sw.personTimes - 3 * sw.batches;
  for (let i = 0; i < sw.batches; i++) {
    const resolved = i < sw.resolved;
    await recordSocialWorkBatch(ctx, city, {
      at: at(spread(sw.since, '2019-11-25', i, sw.batches), 10), workers: ['社工甲', '社工乙'], personTimes: i < extra ? 4 : 3, soothed: i < sw.soothed ? 1 : 0,
      resolved, ...(resolved ? { matterId: leaderMatters[i]! } : {}),
    });
  }

  // 信访志愿者 (三水区, since July 2018)
  const sanshui = await unitByKey('sanshui.bureau');
  const sanshuiActor: StaffActor = { userId: null, unitId: sanshui, roles };
  for (let i = 0; i < S.volunteers.sanshui; i++) {
    const { id } = await addVolunteer(ctx, sanshuiActor, { name: `志愿者${i + 1}`, joinedOn: spread(S.volunteers.since, '2019-06-30', i, S.volunteers.sanshui) });
    await reviewVolunteer(ctx, sanshuiActor, id, { qualified: true, at: at('2019-07-01') });
  }

  // 访前法律工作室 since Feb 2016: 1000 screenings with a form, 3 visitors each (two adjusted), 2200 diverted
  const lo = S.legalOffice;
  const divertedShots = Math.floor(lo.diverted / 3); // 733 screenings of 3 → 2199, one of them takes 4
  for (let i = 0; i < lo.screenings; i++) {
    const diverted = i < divertedShots;
    const headcount = i === 0 ? 3 + (lo.diverted - 3 * divertedShots) : i === lo.screenings - 1 ? 3 - (lo.diverted - 3 * divertedShots) : 3;
    await recordScreening(ctx, city, { at: at(spread(lo.since, '2019-11-25', i, lo.screenings), 9), visitorName: `来访人${i + 1}`, headcount, question: '劳动报酬、征地补偿等问题咨询', finding: diverted ? (i % 2 ? 'litigation' : 'laborArbitration') : 'petition', registrationForm: true, lawyerName: '驻厅律师' });
  }
  const acts: [kind: 'consultation' | 'training' | 'discussion', n: number][] = [['consultation', lo.consultations], ['training', lo.trainings], ['discussion', lo.discussions]];
  for (const [kind, n] of acts) {
    for (let i = 0; i < n; i++) await recordLegalActivity(ctx, city, { at: at(spread(lo.since, '2019-11-25', i, n), 15), kind, title: kind === 'training' ? '信访法律业务培训' : '疑难信访案件会商', participants: ['驻厅律师', '办信接访科'] });
  }
  for (let i = 0; i < lo.opinions; i++) await recordLegalOpinion(ctx, city, { at: at(spread(lo.since, '2019-11-25', i, lo.opinions), 16), title: '法律意见书', addressee: '佛山市信访局', facts: '信访人反映征地补偿问题。', opinion: '属于行政复议或诉讼范围，建议通过法定途径解决。', lawyerName: '驻厅律师' });

  void org;
  return { matters, leaderCases: totalLeader, campaignCases: c, hearings: hearingPlan.length, callbacks: sampled.ids.length, socialWorkBatches: sw.batches, volunteers: S.volunteers.sanshui, screenings: lo.screenings };
}
