/**
 * The resolution mechanisms (issue 6) through their services, on SQLite and PostgreSQL: each main path, one bad
 * input each, and the figures the annual report reads — computed from the records just made.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { DomainError } from '../../src/domain/errors.ts';
import { DEFAULT_CALLBACK_INDICATORS } from '../../src/domain/resolution.ts';
import { actOnMatter } from '../../src/services/act-on-matter.ts';
import { callbackReport, recordCallbackAttempt, sampleCallbacks, setCallbackIndicators, callbackIndicators } from '../../src/services/callbacks.ts';
import { flagClue, listClues, transferClue } from '../../src/services/clues.ts';
import { applyHearingConclusion, recordHearingHeld, recordStoppedPetitioning, scheduleHearing } from '../../src/services/hearings.ts';
import { arbitrateReturn, getJointHandling, returnJointCase, startJointHandling } from '../../src/services/joint-handling.ts';
import { legalOpinionDocx, recordLegalActivity, recordLegalOpinion, recordScreening } from '../../src/services/legal-screening.ts';
import { mediationAgreementDocx, recordAgreement, recordFulfilled, recordMediationSession, referToMediation } from '../../src/services/mediation.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { resolutionFigures } from '../../src/services/resolution-figures.ts';
import { recordSocialWorkBatch } from '../../src/services/social-work.ts';
import { addVolunteer, recordVolunteerTraining, reviewVolunteer } from '../../src/services/volunteers.ts';
import type { StaffActor } from '../../src/services/resolution-support.ts';
import { DIALECTS } from '../helpers/db.ts';
import { idNumber, platform, type Platform } from '../helpers/fixtures.ts';

const codeOf = async (p: Promise<unknown>) => {
  try { await p; return 'OK'; } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
};
const docText = async (buf: Buffer) => (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');

for (const dialect of DIALECTS) {
  describe(`resolution mechanisms on ${dialect}`, () => {
    let p: Platform;
    const who = (username: string, unitKey: string, roles: StaffActor['roles']): StaffActor => ({ userId: p.userId(username), unitId: p.unitId(unitKey), roles });
    let lawyer: StaffActor, registrar: StaffActor, cityHandler: StaffActor, evaluator: StaffActor, shundeHandler: StaffActor, housing: StaffActor, cityLeader: StaffActor;
    let seq = 100;
    before(async () => {
      p = await platform(dialect, { now: '2019-06-03T02:00:00Z' });
      lawyer = who('city.lawyer', 'city.bureau', ['lawyer']);
      registrar = who('city.registrar', 'city.bureau', ['registrar']);
      cityHandler = who('city.handler', 'city.bureau', ['handler']);
      cityLeader = who('city.leader', 'city.bureau', ['leader']);
      evaluator = who('city.evaluator', 'city.bureau', ['evaluator']);
      shundeHandler = who('shunde.handler', 'shunde.bureau', ['handler', 'registrar']);
      housing = who('shunde.housing.handler', 'shunde.housing', ['handler']);
    });
    after(async () => { await p.close(); });

    /** A matter registered at the city hall, assigned to Shunde's housing bureau and accepted there. */
    async function acceptedMatter(title = '小区业主维修基金使用纠纷') {
      const r = await registerPetition(p.ctx, registrar, {
        channel: 'visit', receivedAt: p.ctx.now(), title, content: `${title}，要求相关部门依法处理。`, regionCode: '440606',
        petitioners: [{ name: '陈志强', idNumber: idNumber('440606', '19750505', String(seq++)), phone: '13800138000' }],
      });
      await actOnMatter(p.ctx, cityHandler, r.matterId, 'assign', { unitId: p.unitId('shunde.housing') });
      await actOnMatter(p.ctx, housing, r.matterId, 'accept', {});
      return r;
    }

    test('pre-visit legal office: screening, diversion, activities, opinion letter (.docx); a bad finding is refused', async () => {
      const s = await recordScreening(p.ctx, lawyer, { visitorName: '李伟', headcount: 3, question: '公司拖欠工资三个月', finding: 'laborArbitration', registrationForm: true, lawyerName: '张律师' });
      assert.equal(s.diverted, true);
      const s2 = await recordScreening(p.ctx, lawyer, { visitorName: '王芳', question: '对征收补偿不服', finding: 'petition' });
      assert.equal(s2.diverted, false);
      await recordLegalActivity(p.ctx, lawyer, { kind: 'consultation', title: '重大疑难案件会商', participants: ['张律师', '市信访局办信接访科'] });
      await recordLegalActivity(p.ctx, lawyer, { kind: 'training', title: '劳动争议法律适用培训', participants: ['全体接访人员'] });
      const o = await recordLegalOpinion(p.ctx, lawyer, { title: '关于李伟劳动报酬争议的法律意见', addressee: '李伟', facts: '来访人称公司拖欠工资三个月。', opinion: '建议向劳动人事争议仲裁委员会申请仲裁。', lawyerName: '张律师', screeningId: s.id });
      const doc = await legalOpinionDocx(p.ctx, lawyer, o.id);
      assert.match(await docText(doc.body), /法律意见书/);
      assert.match(await docText(doc.body), /劳动人事争议仲裁委员会/);
      assert.equal(await codeOf(recordScreening(p.ctx, lawyer, { visitorName: '赵六', question: '问题', finding: 'magic' as never })), 'BAD_INPUT');
      assert.equal(await codeOf(legalOpinionDocx(p.ctx, housing, o.id)), 'NOT_FOUND');
    });

    test('social workers and volunteers: batches with person-times; roster, qualification, training; bad input refused', async () => {
      const m = await acceptedMatter('邻里噪音纠纷');
      await recordSocialWorkBatch(p.ctx, registrar, { workers: ['社工甲', '社工乙'], personTimes: 4, soothed: 3 });
      await recordSocialWorkBatch(p.ctx, registrar, { workers: ['社工甲'], personTimes: 2, soothed: 2, resolved: true, matterId: m.matterId, followUp: '一周后电话回访' });
      assert.equal(await codeOf(recordSocialWorkBatch(p.ctx, registrar, { workers: ['社工甲'], personTimes: 2, soothed: 5 })), 'BAD_INPUT');
      const v1 = await addVolunteer(p.ctx, shundeHandler, { name: '志愿者一', joinedOn: '2019-01-10' });
      const v2 = await addVolunteer(p.ctx, shundeHandler, { name: '志愿者二', joinedOn: '2019-02-10' });
      await reviewVolunteer(p.ctx, shundeHandler, v1.id, { qualified: true });
      await reviewVolunteer(p.ctx, shundeHandler, v2.id, { qualified: false, note: '材料不全' });
      assert.equal(await codeOf(reviewVolunteer(p.ctx, shundeHandler, v1.id, { qualified: true })), 'INVALID_STATE');
      await recordVolunteerTraining(p.ctx, shundeHandler, { title: '依法信访引导培训', volunteerIds: [v1.id, v2.id] });
      assert.equal(await codeOf(recordVolunteerTraining(p.ctx, housing, { title: 'x', volunteerIds: [v1.id] })), 'NOT_FOUND');
    });

    test('callbacks: sampling replied matters, attempts, the eight indicators, per-unit report; unanswered indicators refused', async () => {
      assert.equal((await callbackIndicators(p.ctx)).length, 8);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const m = await acceptedMatter(`回访样本事项${i}`);
        await actOnMatter(p.ctx, housing, m.matterId, 'reply', { outcome: 'support', text: '经核查，已督促物业整改。' });
        ids.push(m.matterId);
      }
      const notReplied = await acceptedMatter('尚未答复的事项');
      assert.equal(await codeOf(sampleCallbacks(p.ctx, evaluator, { matterIds: [notReplied.matterId] })), 'RULE_VIOLATION');
      const { ids: cb } = await sampleCallbacks(p.ctx, evaluator, { matterIds: ids });
      assert.equal(cb.length, 3);
      const all = (a: string) => Object.fromEntries(DEFAULT_CALLBACK_INDICATORS.map((i) => [i.key, i.kind === 'yesNo' ? 'no' : a]));
      const partial = { satisfaction: 'satisfied' };
      assert.equal(await codeOf(recordCallbackAttempt(p.ctx, evaluator, cb[0]!, { outcome: 'answered', answers: partial })), 'BAD_INPUT');
      assert.deepEqual(await recordCallbackAttempt(p.ctx, evaluator, cb[0]!, { outcome: 'answered', answers: all('satisfied'), suggestion: '希望加快办理进度' }), { status: 'valid', attempts: 1 });
      assert.equal((await recordCallbackAttempt(p.ctx, evaluator, cb[1]!, { outcome: 'unreachable' })).status, 'pending');
      await recordCallbackAttempt(p.ctx, evaluator, cb[1]!, { outcome: 'unreachable' });
      assert.equal((await recordCallbackAttempt(p.ctx, evaluator, cb[1]!, { outcome: 'unreachable' })).status, 'unreachable');
      await recordCallbackAttempt(p.ctx, evaluator, cb[2]!, { outcome: 'answered', answers: all('dissatisfied') });
      const rep = await callbackReport(p.ctx, evaluator, { from: '2019-01-01', to: '2019-12-31' });
      const unit = rep.units.find((u) => u.unitId === p.unitId('shunde.housing'))!;
      assert.equal(unit.sampled, 3);
      assert.deepEqual(unit.validRate, { rate: 66.67, numerator: 2, denominator: 3 });
      assert.deepEqual(unit.satisfaction, { rate: 50, numerator: 1, denominator: 2 });
      // a random sample of the period takes only replied matters not yet sampled
      const more = await acceptedMatter('随机抽样事项');
      await actOnMatter(p.ctx, housing, more.matterId, 'reply', { outcome: 'explain', text: '已解释。' });
      const rnd = await sampleCallbacks(p.ctx, evaluator, { from: '2019-01-01', to: '2019-12-31', size: 5 });
      assert.equal(rnd.ids.length, 1);
      assert.equal(await codeOf(setCallbackIndicators(p.ctx, [{ key: 'x', label: '', kind: 'rating' }])), 'BAD_INPUT');
    });

    test('hearings: the clock pauses, the conclusion feeds the review decision, 息诉息访 is recorded; a bad kind is refused', async () => {
      const m = await acceptedMatter('房屋征收补偿复查事项');
      await actOnMatter(p.ctx, housing, m.matterId, 'reply', { outcome: 'reject', text: '补偿标准符合规定，不予支持。' });
      await actOnMatter(p.ctx, registrar, m.matterId, 'requestReview', {});
      assert.equal(await codeOf(scheduleHearing(p.ctx, shundeHandler, { matterId: m.matterId, kind: 'party' as never, scheduledFor: '2019-06-10T02:00:00Z' })), 'BAD_INPUT');
      const h = await scheduleHearing(p.ctx, shundeHandler, {
        matterId: m.matterId, kind: 'hearing', scheduledFor: '2019-06-10T02:00:00Z', place: '顺德区信访局听证室',
        participants: [{ name: '刘律师', role: 'lawyer' }, { name: '黄代表', role: 'deputy' }, { name: '周委员', role: 'cppccMember' }, { name: '住建局业务骨干', role: 'expert' }],
      });
      assert.equal(h.clockPaused, true);
      const paused = await p.store.db.selectFrom('matters').select(['pausedAt', 'deadlines']).where('id', '=', m.matterId).executeTakeFirstOrThrow();
      assert.ok(paused.pausedAt);
      const dueBefore = JSON.parse(paused.deadlines).review.due as string;
      p.clock.set('2019-06-10T08:00:00Z');
      await recordHearingHeld(p.ctx, shundeHandler, h.id, { record: '各方陈述意见，律师发表法律意见。', conclusion: '原处理意见认定事实清楚，适用法律正确。', recommendation: 'uphold' });
      const resumed = await p.store.db.selectFrom('matters').select(['pausedAt', 'deadlines']).where('id', '=', m.matterId).executeTakeFirstOrThrow();
      assert.equal(resumed.pausedAt, null);
      assert.ok((JSON.parse(resumed.deadlines).review.due as string) > dueBefore, 'the review limit moves by the paused days');
      const applied = await applyHearingConclusion(p.ctx, shundeHandler, h.id);
      assert.equal(applied.action, 'decideReview');
      const after = await p.store.db.selectFrom('matters').select('status').where('id', '=', m.matterId).executeTakeFirstOrThrow();
      assert.equal(after.status, 'reviewed');
      const ev = await p.store.db.selectFrom('events').select('data').where('matterId', '=', m.matterId).where('action', '=', 'decideReview').executeTakeFirstOrThrow();
      assert.match(ev.data, /认定事实清楚/);
      await recordStoppedPetitioning(p.ctx, shundeHandler, h.id, { stopped: true });
      // a review meeting (评议会) on a matter in a state without a running clock: recorded, clock not paused
      const r2 = await scheduleHearing(p.ctx, shundeHandler, { matterId: m.matterId, kind: 'review', scheduledFor: '2019-06-12T02:00:00Z', participants: [{ name: '刘律师', role: 'lawyer' }] });
      assert.equal(r2.clockPaused, false);
      await recordHearingHeld(p.ctx, shundeHandler, r2.id, { record: '评议记录', conclusion: '建议维持' });
      await recordStoppedPetitioning(p.ctx, shundeHandler, r2.id, { stopped: false });
      p.clock.set('2019-06-15T02:00:00Z');
    });

    test('mediation: referral, session, agreement (.docx), fulfilled; the matter closes only where the lifecycle allows', async () => {
      const m = await acceptedMatter('租赁押金返还纠纷');
      assert.equal(await codeOf(referToMediation(p.ctx, cityHandler, { matterId: m.matterId, mediator: '调解员甲', parties: [{ name: '陈志强', side: 'applicant' }] })), 'BAD_INPUT');
      const med = await referToMediation(p.ctx, cityHandler, { matterId: m.matterId, mediator: '调解员甲', parties: [{ name: '陈志强', side: 'applicant' }, { name: '某物业公司', side: 'respondent' }] });
      await recordMediationSession(p.ctx, cityHandler, med.id, { note: '双方陈述，初步同意分期返还。' });
      await recordAgreement(p.ctx, cityHandler, med.id, { terms: '被申请人于2019年6月30日前返还押金人民币3000元。' });
      const doc = await mediationAgreementDocx(p.ctx, cityHandler, med.id);
      const xml = await docText(doc.body);
      assert.match(xml, /人民调解协议书/);
      assert.match(xml, /返还押金人民币3000元/);
      const res = await recordFulfilled(p.ctx, cityHandler, med.id);
      // the matter is still `accepted`: close is not allowed there, so the outcome is recorded and said so
      assert.equal(res.matterClosed, false);
      assert.match(res.closeNote ?? '', /未能自动办结/);

      // a declined matter (no review window) closes when its agreement is fulfilled
      const r = await registerPetition(p.ctx, registrar, { channel: 'visit', receivedAt: p.ctx.now(), title: '民间借贷纠纷', content: '借款不还', petitioners: [{ name: '何敏' }] });
      await actOnMatter(p.ctx, cityHandler, r.matterId, 'decline', { reason: '属民事纠纷', channelGuidance: '可申请人民调解或向人民法院起诉' });
      const med2 = await referToMediation(p.ctx, cityHandler, { matterId: r.matterId, mediator: '调解员乙', parties: [{ name: '何敏', side: 'applicant' }, { name: '林某', side: 'respondent' }] });
      await recordAgreement(p.ctx, cityHandler, med2.id, { terms: '林某分三期归还借款。' });
      assert.equal((await recordFulfilled(p.ctx, cityHandler, med2.id)).matterClosed, true);
      const closed = await p.store.db.selectFrom('matters').select('status').where('id', '=', r.matterId).executeTakeFirstOrThrow();
      assert.equal(closed.status, 'closed');
    });

    test('clues: flag and transfer by a bureau handler; invisible to a responsible unit and to registrars', async () => {
      const m = await acceptedMatter('反映村霸强揽工程');
      const c = await flagClue(p.ctx, cityHandler, { petitionId: m.id, description: '反映某村有人以暴力手段强揽工程，涉嫌黑恶势力。' });
      assert.equal(await codeOf(flagClue(p.ctx, housing, { petitionId: m.id, description: 'x' })), 'NOT_FOUND');
      assert.equal(await codeOf(listClues(p.ctx, registrar)), 'NOT_FOUND');
      assert.equal(await codeOf(transferClue(p.ctx, cityHandler, c.id, { recipient: '', record: '移交函' })), 'BAD_INPUT');
      await transferClue(p.ctx, cityHandler, c.id, { recipient: '佛山市扫黑除恶专项斗争领导小组办公室', record: '移交函〔2019〕5号，附信访材料3页' });
      const list = await listClues(p.ctx, cityLeader);
      assert.equal(list.find((x) => x.id === c.id)?.status, 'transferred');
      assert.equal(await codeOf(transferClue(p.ctx, cityHandler, c.id, { recipient: 'x', record: 'y' })), 'INVALID_STATE');
    });

    test('joint handling: lead and co-units, 退单 with an arbitration limit from the deadline engine; a duplicate unit is refused', async () => {
      const r = await registerPetition(p.ctx, registrar, { channel: 'hotline', receivedAt: p.ctx.now(), title: '道路积水影响出行', content: '12345 转来：某路段积水严重。', petitioners: [{ name: '吴亮' }] });
      assert.equal(await codeOf(startJointHandling(p.ctx, cityHandler, { matterId: r.matterId, leadUnitId: p.unitId('city.housing'), coUnitIds: [p.unitId('city.housing')] })), 'BAD_INPUT');
      const j = await startJointHandling(p.ctx, cityHandler, { matterId: r.matterId, leadUnitId: p.unitId('city.housing'), coUnitIds: [p.unitId('shunde.housing')], source: 'hotline', hotlineRef: '12345-2019-000123' });
      assert.equal(j.assigned, true);
      // Friday 2019-06-14 (Shanghai) + 3 working days, the Dragon Boat Festival (6-7 June) already past → Wed 6-19
      p.clock.set('2019-06-14T02:00:00Z');
      const ret = await returnJointCase(p.ctx, housing, j.id, { reason: '积水路段不属顺德区住建局管养范围' });
      assert.equal(ret.arbitrationDue, '2019-06-19');
      assert.equal(await codeOf(returnJointCase(p.ctx, housing, j.id, { reason: '重复退单' })), 'INVALID_STATE');
      assert.equal(await codeOf(arbitrateReturn(p.ctx, housing, ret.id, { decision: 'upheld' })), 'FORBIDDEN');
      assert.deepEqual(await arbitrateReturn(p.ctx, cityHandler, ret.id, { decision: 'upheld', note: '退单成立' }), { onTime: true });
      const v = await getJointHandling(p.ctx, cityHandler, j.id);
      assert.equal(v.units.find((u) => u.unitId === p.unitId('shunde.housing'))?.status, 'released');
      assert.equal(v.returns[0]?.decidedOnTime, true);
      p.clock.set('2019-06-15T02:00:00Z');
    });

    test('figures for the annual report are computed from the records above', async () => {
      const f = await resolutionFigures(p.ctx, { from: '2019-01-01', to: '2019-12-31' });
      assert.deepEqual(f.legalOffice, { visitors: 4, registrationForms: 1, diverted: 3, consultations: 1, trainings: 1, discussions: 0, opinionLetters: 1 });
      assert.deepEqual(f.socialWork, { batches: 2, personTimes: 6, soothed: 5, resolved: 1 });
      assert.deepEqual(f.volunteers, { active: 1, qualified: 1, trainings: 1 }, 'the volunteer refused at review is not counted');
      assert.equal(f.callbacks.sampled, 4, 'three chosen, one drawn at random');
      assert.equal(f.callbacks.attempts, 5);
      assert.deepEqual([f.callbacks.valid, f.callbacks.unreachable, f.callbacks.refused, f.callbacks.suggestions], [2, 1, 0, 1]);
      assert.deepEqual(f.callbacks.validRate, { rate: 50, numerator: 2, denominator: 4 });
      assert.equal(f.callbacks.satisfaction.rate, 50);
      assert.deepEqual({ ...f.hearings, endedRate: f.hearings.endedRate.rate }, { held: 2, hearings: 1, reviews: 1, ended: 1, endedRate: 50, byDistrict: { 顺德区: 1 } });
      assert.deepEqual(f.mediation, { referred: 2, sessions: 1, agreements: 2, fulfilled: 2, failed: 0 });
      assert.deepEqual(f.clues, { flagged: 1, transferred: 1 });
      const shunde = await resolutionFigures(p.ctx, { from: '2019-01-01', to: '2019-12-31', regionCode: '440606' });
      assert.equal(shunde.legalOffice.visitors, 0);
      assert.equal(shunde.volunteers.active, 1);
      assert.equal(shunde.hearings.held, 2);
      const before = await resolutionFigures(p.ctx, { from: '2018-01-01', to: '2018-12-31' });
      assert.equal(before.socialWork.batches, 0);
    });
  });
}
