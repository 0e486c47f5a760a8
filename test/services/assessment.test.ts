/**
 * The assessment rates from the event log on hand-built matters (DOMAIN.md §6), as of past dates, with the edge
 * cases: nothing due yet, a window still open, a paused clock; an upheld objection; the drill-down.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actOnMatter } from '../../src/services/act-on-matter.ts';
import { assessment, assessmentCases, decideObjection, fileObjection } from '../../src/services/assessment.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';

const T = (d: string) => `${d}T10:00:00+08:00`;

for (const dialect of DIALECTS) {
  describe(`assessment from the event log (${dialect})`, () => {
    let p: Platform;
    let actor: { userId: number; unitId: number; roles: ('handler' | 'evaluator' | 'registrar' | 'leader' | 'supervisor')[] };
    const ids: Record<string, number> = {};
    const reg = async (received: string, title: string) => (await registerPetition(p.ctx, actor, { channel: 'letter', receivedAt: T(received), petitioners: [{ name: '张三' }], title, content: `${title}的具体情况`, regionCode: '440606' })).matterId;
    const rates = (asOf: string, extra: { unitId?: number } = {}) => assessment(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf, by: 'all', ...extra }).then((r) => r.total);

    before(async () => {
      p = await platform(dialect, { now: '2019-12-31T04:00:00Z' });
      actor = { userId: p.userId('city.handler'), unitId: p.unitId('city.bureau'), roles: ['handler', 'registrar', 'evaluator', 'leader'] };
      // A: accepted late (accept limit 2019-03-18: 15 days end Sat 16 Mar, rolled to Monday)
      ids.a = await reg('2019-03-01', '甲事项');
      await actOnMatter(p.ctx, actor, ids.a, 'accept', { at: T('2019-03-25') });
      // B: accepted on time, clock paused for a hearing across its handling limit, replied after resuming
      ids.b = await reg('2019-03-01', '乙事项');
      await actOnMatter(p.ctx, actor, ids.b, 'accept', { at: T('2019-03-05') });
      await actOnMatter(p.ctx, actor, ids.b, 'pauseClock', { reason: '听证', at: T('2019-04-01') });
      await actOnMatter(p.ctx, actor, ids.b, 'resumeClock', { at: T('2019-06-10') });
      await actOnMatter(p.ctx, actor, ids.b, 'reply', { outcome: 'support', text: '已解决', at: T('2019-06-20') });
      // C: received late in the year: nothing due by 25 Dec
      ids.c = await reg('2019-12-20', '丙事项');
    });
    after(async () => p?.close());

    test('timely acceptance as of past dates: window open → not counted; past the limit undecided → late; decided late → late', async () => {
      // 10 Mar: B decided on time; A's window is still open, so A is not counted
      assert.deepEqual((await rates('2019-03-10')).timelyAcceptance, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual((await rates('2019-03-02')).timelyAcceptance, { rate: null, numerator: 0, denominator: 0 });
      const mid = await rates('2019-03-20');
      assert.deepEqual(mid.timelyAcceptance, { rate: 50, numerator: 1, denominator: 2 }); // B on time, A undecided past 18 Mar
      const cases = await assessmentCases(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-03-20', bucket: 'undecidedOverdue' });
      assert.deepEqual(cases.items.map((i) => i.matterId), [ids.a]);
      const later = await rates('2019-04-30');
      assert.deepEqual(later.timelyAcceptance, { rate: 50, numerator: 1, denominator: 2 });
      assert.deepEqual((await assessmentCases(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-04-30', bucket: 'decidedLate' })).items.map((i) => i.matterId), [ids.a]);
    });

    test('a paused clock is not overdue, and the paused days move the limit', async () => {
      // B's handling limit was 2019-05-05; on 1 June its clock stands still, so nothing is overdue for B
      const paused = await rates('2019-06-01');
      const b = await assessmentCases(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-06-01', bucket: 'unrepliedOverdue' });
      assert.ok(!b.items.some((i) => i.matterId === ids.b));
      // A (accepted 25 Mar, limit 24 May) is overdue on 1 June
      assert.deepEqual(b.items.map((i) => i.matterId), [ids.a]);
      assert.equal(paused.onTimeCompletion.denominator, 1);
      // after resuming on 10 June (70 days paused) B's limit moved past its reply on 20 June: on time
      const after = await rates('2019-07-01');
      assert.deepEqual((await assessmentCases(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-07-01', bucket: 'repliedOnTime' })).items.map((i) => i.matterId), [ids.b]);
      assert.equal(after.onTimeCompletion.numerator, 1);
    });

    test('participation: the evaluation window still open is not counted; lapsed counts; unevaluated is never satisfied', async () => {
      assert.deepEqual((await rates('2019-07-01')).participation, { rate: null, numerator: 0, denominator: 0 });
      const lapsed = await rates('2019-08-01');
      assert.deepEqual(lapsed.participation, { rate: 0, numerator: 0, denominator: 1 });
      assert.deepEqual(lapsed.satisfaction, { rate: null, numerator: 0, denominator: 0 });
    });

    test('nothing due: a matter inside all its limits counts nowhere', async () => {
      const r = await assessment(p.ctx, null, { from: '2019-12-01', to: '2019-12-31', asOf: '2019-12-25', by: 'all' });
      assert.equal(r.total.matters, 1);
      for (const k of ['timelyAcceptance', 'onTimeCompletion', 'participation', 'satisfaction'] as const) assert.equal(r.total[k].denominator, 0, k);
    });

    test('satisfaction counts 满意 and 基本满意 over evaluated', async () => {
      const d = await reg('2019-10-08', '丁事项');
      await actOnMatter(p.ctx, actor, d, 'accept', { at: T('2019-10-09') });
      await actOnMatter(p.ctx, actor, d, 'reply', { outcome: 'explain', text: '已答复', at: T('2019-10-20') });
      await actOnMatter(p.ctx, actor, d, 'evaluate', { result: 'basicallySatisfied', at: T('2019-10-25') });
      const r = await rates('2019-12-31');
      assert.deepEqual(r.satisfaction, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual(r.participation, { rate: 50, numerator: 1, denominator: 2 });
      // as of before the evaluation, it was not yet counted
      assert.equal((await rates('2019-10-24')).satisfaction.denominator, 0);
    });

    test('an objection upheld by a supervisor takes the case out of that metric from the decision on', async () => {
      const supervisor = { userId: p.userId('city.supervisor'), unitId: p.unitId('city.bureau'), roles: ['supervisor' as const] };
      const { id } = await fileObjection(p.ctx, actor, { matterId: ids.a!, metric: 'timelyAcceptance', reason: '收件日期登记错误', at: T('2019-11-01') });
      await decideObjection(p.ctx, supervisor, id, { uphold: true, note: '核实属实', at: T('2019-11-05') });
      assert.deepEqual((await rates('2019-11-04')).timelyAcceptance, { rate: 66.67, numerator: 2, denominator: 3 });
      assert.deepEqual((await rates('2019-12-31')).timelyAcceptance, { rate: 100, numerator: 2, denominator: 2 });
    });

    test('the API ranks units and drills down; bad input is 400', async () => {
      const api = await as(p, 'city.supervisor');
      const r = await api('GET', '/assessment?from=2019-01-01&to=2019-12-31&asOf=2019-12-31&by=unit');
      assert.equal(r.status, 200);
      assert.equal(r.body.rows[0].rank, 1);
      assert.equal(r.body.rows[0].name, '佛山市信访局');
      const d = await api('GET', '/assessment/cases?from=2019-01-01&to=2019-12-31&asOf=2019-03-20&bucket=undecidedOverdue');
      assert.deepEqual(d.body.items.map((i: { matterId: number }) => i.matterId), [ids.a]);
      assert.equal((await api('GET', '/assessment?from=2019-13-01&to=2019-12-31')).status, 400);
      assert.equal((await api('GET', '/assessment/cases?from=2019-01-01&to=2019-12-31&bucket=nope')).status, 400);
    });
  });
}
