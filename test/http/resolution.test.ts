/**
 * The resolution mechanisms through the HTTP API (issue 6), on SQLite and PostgreSQL: each mechanism's main path
 * and one bad input each (400 / 404 / 422, never 500), the .docx documents, and the figures endpoint.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { ERROR_STATUS } from '../../src/domain/errors.ts';
import { DEFAULT_CALLBACK_INDICATORS } from '../../src/domain/resolution.ts';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

type Caller = Awaited<ReturnType<typeof as>>;

/** A refusal as API.md has it: the code's status and `{error: {code, message}}`, a message to show. */
function refused(r: { status: number; body: any }, code: keyof typeof ERROR_STATUS) {
  assert.equal(r.status, ERROR_STATUS[code], JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['error']);
  assert.equal(r.body.error.code, code);
  assert.ok(typeof r.body.error.message === 'string' && r.body.error.message.length > 0);
}

for (const dialect of DIALECTS) {
  describe(`resolution API on ${dialect}`, () => {
    let p: Platform;
    let lawyer: Caller, registrar: Caller, handler: Caller, evaluator: Caller, shunde: Caller, housing: Caller, leader: Caller;
    let seq = 200;
    before(async () => {
      p = await platform(dialect, { now: '2019-06-03T02:00:00Z' });
      [lawyer, registrar, handler, evaluator, shunde, housing, leader] = await Promise.all(
        ['city.lawyer', 'city.registrar', 'city.handler', 'city.evaluator', 'shunde.handler', 'shunde.housing.handler', 'city.leader'].map((u) => as(p, u)),
      ) as [Caller, Caller, Caller, Caller, Caller, Caller, Caller];
    });
    after(async () => { await p.close(); });

    async function docx(username: string, url: string) {
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
      const res = await p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${(login.json() as { token: string }).token}` } });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /wordprocessingml/);
      return (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    }

    async function matter(state: 'registered' | 'accepted' | 'replied' | 'underReview', title = '物业维修基金纠纷') {
      const r = await registrar('POST', '/petitions', {
        channel: 'visit', receivedAt: p.ctx.now(), title, content: `${title}，请求处理。`, regionCode: '440606',
        petitioners: [{ name: '陈志强', idNumber: idNumber('440606', '19750505', String(seq++)), phone: '13800138000' }],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const id = r.body.matterId as number;
      if (state === 'registered') return { id, petitionId: r.body.id as number };
      const act = async (who: Caller, body: object) => { const x = await who('POST', `/matters/${id}/actions`, body); assert.equal(x.status, 200, JSON.stringify(x.body)); };
      await act(handler, { action: 'assign', unitId: p.unitId('shunde.housing') });
      await act(housing, { action: 'accept' });
      if (state !== 'accepted') await act(housing, { action: 'reply', outcome: 'explain', text: '已作解释说明。' });
      if (state === 'underReview') await act(registrar, { action: 'requestReview' });
      return { id, petitionId: r.body.id as number };
    }

    test('legal office: screening → diversion counted, opinion letter as .docx; a bad finding is 400', async () => {
      const s = await lawyer('POST', '/legal-office/screenings', { visitorName: '李伟', headcount: 2, question: '工伤赔偿争议', finding: 'laborArbitration', registrationForm: true });
      assert.equal(s.status, 201);
      assert.equal(s.body.diverted, true);
      refused(await lawyer('POST', '/legal-office/screenings', { visitorName: '李伟', question: 'x', finding: 'nonsense' }), 'BAD_INPUT');
      assert.equal((await lawyer('POST', '/legal-office/activities', { kind: 'discussion', title: '疑难案件讨论', participants: ['张律师', '王科长'] })).status, 201);
      const o = await lawyer('POST', '/legal-office/opinions', { title: '关于工伤赔偿争议的法律意见', addressee: '李伟', facts: '来访人称工伤未获赔偿。', opinion: '建议申请劳动人事争议仲裁。', lawyerName: '张律师', screeningId: s.body.id });
      assert.equal(o.status, 201);
      assert.match(await docx('city.lawyer', `/legal-office/opinions/${o.body.id}/letter.docx`), /建议申请劳动人事争议仲裁/);
      refused(await lawyer('POST', '/legal-office/opinions', { title: '无意见', addressee: '李伟', facts: '事实', opinion: '   ', lawyerName: '张律师' }), 'BAD_INPUT');
      refused(await housing('GET', `/legal-office/opinions/${o.body.id}/letter.docx`), 'NOT_FOUND');
      const list = await lawyer('GET', '/legal-office/screenings');
      assert.equal(list.body.items[0].findingLabel, '劳动人事争议仲裁');
      assert.equal((await housing('GET', '/legal-office/screenings')).body.total, 0, 'a responsible unit sees no screenings of the city hall');
      assert.equal((await evaluator('GET', '/legal-office/screenings')).status, 403);
    });

    test('social work and volunteers: a batch, a volunteer qualified and trained; person-times below soothed is 400', async () => {
      assert.equal((await registrar('POST', '/social-work/batches', { workers: ['社工甲'], personTimes: 3, soothed: 2 })).status, 201);
      refused(await registrar('POST', '/social-work/batches', { workers: ['社工甲'], personTimes: 1, soothed: 4 }), 'BAD_INPUT');
      // a batch dated after now (an out-of-window date) is refused
      refused(await registrar('POST', '/social-work/batches', { workers: ['社工甲'], personTimes: 1, at: '2019-06-04T02:00:00Z' }), 'BAD_INPUT');
      const v = await shunde('POST', '/volunteers', { name: '志愿者甲', joinedOn: '2019-02-01' });
      assert.equal(v.status, 201);
      assert.equal((await shunde('POST', `/volunteers/${v.body.id}/review`, { qualified: true })).status, 200);
      assert.equal((await shunde('POST', '/volunteers/trainings', { title: '依法信访引导', volunteerIds: [v.body.id] })).status, 201);
      refused(await shunde('POST', '/volunteers', { name: '志愿者乙', joinedOn: '2019-02-30' }), 'BAD_INPUT');
      refused(await registrar('POST', `/volunteers/${v.body.id}/review`, { qualified: true }), 'FORBIDDEN');
      const roster = await shunde('GET', '/volunteers');
      assert.equal(roster.body.volunteers[0].qualification, 'qualified');
    });

    test('callbacks: sample, answer the eight indicators, report per unit; an unknown indicator is 400', async () => {
      const m = await matter('replied', '回访事项');
      const s = await evaluator('POST', '/callbacks/samples', { matterIds: [m.id] });
      assert.equal(s.status, 201);
      const id = s.body.ids[0];
      refused(await evaluator('POST', `/callbacks/${id}/attempts`, { outcome: 'answered', answers: { foo: 'satisfied' } }), 'BAD_INPUT');
      const answers = Object.fromEntries(DEFAULT_CALLBACK_INDICATORS.map((i) => [i.key, i.kind === 'yesNo' ? 'no' : 'basicallySatisfied']));
      const a = await evaluator('POST', `/callbacks/${id}/attempts`, { outcome: 'answered', answers, suggestion: '建议公开办理进度' });
      assert.deepEqual(a.body, { status: 'valid', attempts: 1 });
      const rep = await evaluator('GET', '/callbacks/report?from=2019-01-01&to=2019-12-31');
      assert.equal(rep.status, 200);
      assert.equal(rep.body.units[0].unitId, p.unitId('shunde.housing'));
      assert.deepEqual(rep.body.total.satisfaction, { rate: 100, numerator: 1, denominator: 1 });
      assert.equal((await evaluator('GET', '/callbacks/indicators')).body.length, 8);
      const notReplied = await matter('accepted', '未答复事项');
      refused(await evaluator('POST', '/callbacks/samples', { matterIds: [notReplied.id] }), 'RULE_VIOLATION');
      // an unanswered call leaves the callback open; after the third it counts as unreachable
      const other = await matter('replied', '回访未接通事项');
      const [cb] = (await evaluator('POST', '/callbacks/samples', { matterIds: [other.id] })).body.ids;
      assert.deepEqual((await evaluator('POST', `/callbacks/${cb}/attempts`, { outcome: 'unreachable' })).body, { status: 'pending', attempts: 1 });
      await evaluator('POST', `/callbacks/${cb}/attempts`, { outcome: 'unreachable' });
      assert.deepEqual((await evaluator('POST', `/callbacks/${cb}/attempts`, { outcome: 'unreachable' })).body, { status: 'unreachable', attempts: 3 });
      refused(await evaluator('POST', `/callbacks/${cb}/attempts`, { outcome: 'answered', answers }), 'INVALID_STATE');
      const after = await evaluator('GET', '/callbacks/report?from=2019-01-01&to=2019-12-31');
      assert.deepEqual(after.body.total.validRate, { rate: 50, numerator: 1, denominator: 2 });
    });

    test('hearings: schedule pauses the clock, held resumes it, the conclusion decides the review; a bad participant role is 400', async () => {
      const m = await matter('underReview', '征收补偿复查');
      refused(await shunde('POST', '/hearings', { matterId: m.id, kind: 'hearing', scheduledFor: '2019-06-10T02:00:00Z', participants: [{ name: '某人', role: 'king' }] }), 'BAD_INPUT');
      const h = await shunde('POST', '/hearings', { matterId: m.id, kind: 'hearing', scheduledFor: '2019-06-10T02:00:00Z', participants: [{ name: '刘律师', role: 'lawyer' }, { name: '黄代表', role: 'deputy' }] });
      assert.equal(h.status, 201);
      assert.equal(h.body.clockPaused, true);
      refused(await shunde('POST', '/hearings', { matterId: m.id, kind: 'review', scheduledFor: '2019-06-11T02:00:00Z' }), 'RULE_VIOLATION');
      assert.equal((await shunde('GET', `/matters/${m.id}`)).body.paused, true);
      p.clock.set('2019-06-10T08:00:00Z');
      const held = await shunde('POST', `/hearings/${h.body.id}/held`, { record: '听证记录', conclusion: '原处理意见正确', recommendation: 'uphold' });
      assert.equal(held.status, 200);
      assert.equal(held.body.status, 'held');
      assert.equal((await shunde('GET', `/matters/${m.id}`)).body.paused, false);
      const ap = await shunde('POST', `/hearings/${h.body.id}/apply`, {});
      assert.deepEqual(ap.body, { matterId: m.id, action: 'decideReview' });
      assert.equal((await shunde('GET', `/matters/${m.id}`)).body.status, 'reviewed');
      assert.equal((await shunde('POST', `/hearings/${h.body.id}/outcome`, { stopped: true })).status, 200);
      assert.equal((await shunde('GET', `/hearings?matterId=${m.id}`)).body[0].stoppedPetitioning, true);
    });

    test('mediation: refer, agree (.docx), fulfil; a single party is 400', async () => {
      const m = await matter('accepted', '租赁押金纠纷');
      refused(await handler('POST', '/mediations', { matterId: m.id, mediator: '调解员甲', parties: [{ name: '陈志强', side: 'applicant' }] }), 'BAD_INPUT');
      const med = await handler('POST', '/mediations', { matterId: m.id, mediator: '调解员甲', parties: [{ name: '陈志强', side: 'applicant' }, { name: '某公司', side: 'respondent' }] });
      assert.equal(med.status, 201);
      assert.equal((await handler('POST', `/mediations/${med.body.id}/sessions`, { note: '首次调解' })).status, 201);
      assert.equal((await handler('POST', `/mediations/${med.body.id}/agreement`, { terms: '返还押金2000元' })).body.status, 'agreed');
      assert.match(await docx('city.handler', `/mediations/${med.body.id}/agreement.docx`), /返还押金2000元/);
      const f = await handler('POST', `/mediations/${med.body.id}/fulfilled`, {});
      assert.equal(f.body.status, 'fulfilled');
      assert.equal(f.body.matterClosed, false);
      assert.ok(f.body.closeNote);
    });

    test('clues: a bureau handler flags and transfers; a responsible unit gets 404 and the registrar 403', async () => {
      const m = await matter('accepted', '反映强揽工程');
      const c = await handler('POST', '/clues', { petitionId: m.petitionId, description: '涉嫌以暴力强揽工程' });
      assert.equal(c.status, 201);
      refused(await housing('GET', '/clues'), 'NOT_FOUND');
      refused(await housing('POST', `/clues/${c.body.id}/transfer`, { recipient: 'x', record: 'y' }), 'NOT_FOUND');
      refused(await registrar('GET', '/clues'), 'FORBIDDEN');
      refused(await handler('POST', `/clues/${c.body.id}/transfer`, { recipient: '', record: 'y' }), 'BAD_INPUT');
      assert.equal((await handler('POST', `/clues/${c.body.id}/transfer`, { recipient: '市扫黑办', record: '移交函1份' })).status, 200);
      assert.equal((await leader('GET', '/clues')).body[0].status, 'transferred');
    });

    test('joint handling: lead + co-unit, 退单 with a due date, arbitration; a return by a non-participant is 404', async () => {
      const m = await matter('registered', '12345 转办：道路积水');
      const j = await handler('POST', '/joint-handlings', { matterId: m.id, leadUnitId: p.unitId('shunde.housing'), coUnitIds: [p.unitId('city.housing')], source: 'hotline', hotlineRef: '12345-001' });
      assert.equal(j.status, 201);
      assert.equal(j.body.assigned, true);
      refused(await lawyer('POST', `/joint-handlings/${j.body.id}/returns`, { reason: 'x' }), 'FORBIDDEN');
      refused(await as(p, 'nanhai.housing.handler').then((c) => c('POST', `/joint-handlings/${j.body.id}/returns`, { reason: '不属本单位' })), 'NOT_FOUND');
      const r = await housing('POST', `/joint-handlings/${j.body.id}/returns`, { reason: '不属本单位管养范围' });
      assert.equal(r.status, 201);
      assert.match(r.body.arbitrationDue, /^2019-06-\d\d$/);
      refused(await handler('POST', `/joint-returns/${r.body.id}/arbitration`, { decision: 'upheld' }), 'BAD_INPUT'); // the lead returning needs a successor
      const a = await handler('POST', `/joint-returns/${r.body.id}/arbitration`, { decision: 'upheld', newLeadUnitId: p.unitId('city.housing') });
      assert.equal(a.status, 200);
      const v = await handler('GET', `/joint-handlings/${j.body.id}`);
      assert.equal(v.body.leadUnitId, p.unitId('city.housing'));
      assert.equal(v.body.returns[0].decision, 'upheld');
    });

    test('figures endpoint: counted from the records; a bad date is 400', async () => {
      const f = await leader('GET', '/stats/resolution?from=2019-01-01&to=2019-12-31');
      assert.equal(f.status, 200);
      assert.equal(f.body.legalOffice.visitors, 2);
      assert.equal(f.body.legalOffice.diverted, 2);
      assert.equal(f.body.socialWork.personTimes, 3);
      assert.equal(f.body.volunteers.qualified, 1);
      assert.equal(f.body.callbacks.valid, 1);
      assert.deepEqual(f.body.hearings.byDistrict, { 顺德区: 1 });
      assert.equal(f.body.mediation.fulfilled, 1);
      assert.deepEqual(f.body.clues, { flagged: 1, transferred: 1 });
      refused(await leader('GET', '/stats/resolution?from=2019-02-30&to=2019-12-31'), 'BAD_INPUT');
    });

    test('garbage in is 400 or 404 at every resolution endpoint, never 500', async () => {
      const posts = ['/legal-office/screenings', '/legal-office/activities', '/legal-office/opinions', '/social-work/batches', '/volunteers', '/volunteers/1/review',
        '/volunteers/trainings', '/callbacks/samples', '/callbacks/1/attempts', '/hearings', '/hearings/1/held', '/hearings/1/apply', '/hearings/1/outcome',
        '/mediations', '/mediations/1/agreement', '/mediations/1/fulfilled', '/clues', '/clues/1/transfer', '/joint-handlings', '/joint-handlings/1/returns',
        '/joint-returns/1/arbitration'];
      const admin = await as(p, 'admin');
      for (const url of posts) {
        for (const body of [{}, { matterId: -1, at: 'yesterday' }, { matterId: 99999999, kind: 'hearing', scheduledFor: '2019-13-45T00:00:00Z' }]) {
          for (const who of [handler, lawyer, evaluator, registrar, admin]) {
            const r = await who('POST', url, body);
            assert.ok([400, 403, 404, 409, 422].includes(r.status), `${url} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
          }
        }
      }
      assert.equal((await handler('GET', '/matters/99999999/resolution')).status, 404);
      assert.equal((await evaluator('GET', '/callbacks/report?from=2019-01-01')).status, 400);
    });

    test('the matter page panel: what the mechanisms hold for one matter; clues only for those who may see them', async () => {
      const items = (await handler('GET', '/matters?pageSize=50')).body.items as { id: number; title: string }[];
      const clueMatter = items.find((m) => m.title === '反映强揽工程')!;
      assert.equal((await handler('GET', `/matters/${clueMatter.id}/resolution`)).body.clues.length, 1);
      const seen = await housing('GET', `/matters/${clueMatter.id}/resolution`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.clues.length, 0);
      const hearingMatter = items.find((m) => m.title === '征收补偿复查')!;
      const panel = await shunde('GET', `/matters/${hearingMatter.id}/resolution`);
      assert.equal(panel.body.hearings[0].stoppedPetitioning, true);
      assert.equal((await as(p, 'nanhai.housing.handler').then((c) => c('GET', `/matters/${hearingMatter.id}/resolution`))).status, 404);
    });
  });
}
