/**
 * The API walk a new user takes (issue: foundation): city.registrar registers a visit, city.handler routes it to
 * Shunde's housing bureau, that bureau accepts and replies, the petitioner evaluates and asks for review, the
 * reviewing bureau decides — every step in `events`, with the deadlines it should carry. On both databases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`API walkthrough on ${dialect}`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2019-09-20T02:00:00Z' }); });
    after(async () => { await p.close(); });

    test('register → route → accept → extend → reply → evaluate → review, with events and deadlines', async () => {
      const registrar = await as(p, 'city.registrar');
      const handler = await as(p, 'city.handler');
      const housing = await as(p, 'shunde.housing.handler');
      const shunde = await as(p, 'shunde.handler');

      const reg = await registrar('POST', '/petitions', {
        channel: 'visit',
        receivedAt: '2019-09-20T09:30:00+08:00',
        petitioners: [
          { name: '陈国强', idNumber: idNumber('440606', '19750312', '031'), phone: '13800138000', address: '顺德区大良街道新城路8号', isRepresentative: true },
          { name: '李秀英', idNumber: idNumber('440606', '19780506', '042'), phone: '13900139000', isRepresentative: true },
        ],
        headcount: 6,
        title: '碧桂园小区物业擅自挪用维修基金',
        content: '我们是大良街道某小区业主，物业公司未经业主大会同意动用专项维修资金，请求有关部门调查处理。',
        purpose: 'demand',
        regionCode: '440606005',
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      assert.match(reg.body.queryCode, /^[A-Z2-9]{10}$/);
      assert.equal(reg.body.isRepeat, false);
      assert.equal(reg.body.status, 'registered');
      // 15 days from 2019-09-20 end on a National Day holiday → 2019-10-08
      assert.equal(reg.body.deadlines.accept.due, '2019-10-08');
      assert.ok(reg.body.flags.includes('group'));
      const id = reg.body.matterId as number;

      // the petition itself: masked personal data only
      const pet = await registrar('GET', `/petitions/${reg.body.id}`);
      assert.equal(pet.status, 200);
      assert.equal(pet.body.petitioners[0].idNumber, '4406**********031' + pet.body.petitioners[0].idNumber.slice(-1));
      assert.equal(pet.body.petitioners[0].phone, '138****8000');
      assert.ok(!JSON.stringify(pet.body).includes('13800138000'));

      const unitId = p.unitId('shunde.housing');
      p.clock.set('2019-09-23T02:00:00Z');
      // the registrar may not route (403); the housing bureau cannot see it yet (404)
      assert.equal((await registrar('POST', `/matters/${id}/actions`, { action: 'transfer', unitId })).status, 403);
      assert.equal((await housing('GET', `/matters/${id}`)).status, 404);
      const routed = await handler('POST', `/matters/${id}/actions`, { action: 'transfer', unitId });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      assert.equal(routed.body.status, 'routed');
      assert.equal(routed.body.unitId, unitId);
      assert.equal(routed.body.deadlines.accept.due, '2019-10-08');
      // 5 working days after Mon 2019-09-23: 24, 25, 26, 27 and Sunday 29, a make-up workday
      assert.equal(routed.body.deadlines.objection.due, '2019-09-29');
      // a wrong action answers 409
      const wrong = await housing('POST', `/matters/${id}/actions`, { action: 'reply', outcome: 'support', text: 'x' });
      assert.equal(wrong.status, 409);
      assert.equal(wrong.body.error.code, 'INVALID_STATE');

      p.clock.set('2019-09-25T02:00:00Z');
      const accepted = await housing('POST', `/matters/${id}/actions`, { action: 'accept' });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.deadlines.handle.due, '2019-11-25'); // 60 days from 2019-09-25 = Sun 2019-11-24 → Mon 11-25
      assert.ok(accepted.body.allowedActions.includes('reply'));

      p.clock.set('2019-11-01T02:00:00Z');
      const ext = await housing('POST', `/matters/${id}/actions`, { action: 'extend', days: 30, reason: '涉及多个部门，需联合调查' });
      assert.equal(ext.status, 200);
      assert.equal(ext.body.deadlines.handle.due, '2019-12-24');
      const again = await housing('POST', `/matters/${id}/actions`, { action: 'extend', days: 5, reason: '再次延期' });
      assert.equal(again.status, 422);
      assert.equal(again.body.error.code, 'ALREADY_EXTENDED');

      p.clock.set('2019-11-20T02:00:00Z');
      const replied = await housing('POST', `/matters/${id}/actions`, { action: 'reply', outcome: 'support', text: '经核查，物业公司动用维修资金未经业主表决，已责令退回。' });
      assert.equal(replied.status, 200);
      assert.equal(replied.body.status, 'replied');
      assert.equal(replied.body.deadlines.reviewRequest.due, '2019-12-20');
      assert.equal(replied.body.deadlines.evaluation.due, '2019-12-20');

      p.clock.set('2019-11-25T02:00:00Z');
      const evaluated = await registrar('POST', `/matters/${id}/actions`, { action: 'evaluate', result: 'dissatisfied' });
      assert.equal(evaluated.status, 200);
      assert.equal(evaluated.body.evaluation, 'dissatisfied');
      const review = await registrar('POST', `/matters/${id}/actions`, { action: 'requestReview' });
      assert.equal(review.status, 200);
      assert.equal(review.body.status, 'underReview');
      assert.equal(review.body.reviewUnitId, p.unitId('shunde.bureau'));
      assert.equal(review.body.deadlines.review.due, '2019-12-25');

      // the reviewing organ (Shunde's bureau, for the district government) decides
      p.clock.set('2019-12-10T02:00:00Z');
      assert.equal((await housing('POST', `/matters/${id}/actions`, { action: 'decideReview', decision: 'uphold', text: '维持' })).status, 403);
      const decided = await shunde('POST', `/matters/${id}/actions`, { action: 'decideReview', decision: 'uphold', text: '经复查，维持原处理意见。' });
      assert.equal(decided.status, 200);
      assert.equal(decided.body.status, 'reviewed');
      assert.equal(decided.body.deadlines.reReviewRequest.due, '2020-01-09');

      const m = await handler('GET', `/matters/${id}`);
      assert.deepEqual(m.body.events.map((e: { action: string }) => e.action), ['register', 'transfer', 'accept', 'extend', 'reply', 'evaluate', 'requestReview', 'decideReview']);
      assert.deepEqual(m.body.events.map((e: { seq: number }) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.equal(m.body.events[1].actorUnitName, '佛山市信访局');
      assert.deepEqual(m.body.petitionIds, [reg.body.id]);

      // a district that is not concerned sees nothing (404), not "forbidden"
      const nanhai = await as(p, 'nanhai.handler');
      assert.equal((await nanhai('GET', `/matters/${id}`)).status, 404);
      assert.equal((await nanhai('GET', `/petitions/${reg.body.id}`)).status, 404);
      assert.equal((await nanhai('POST', `/matters/${id}/actions`, { action: 'close' })).status, 404);
      const list = await nanhai('GET', '/matters?pageSize=200');
      assert.ok(!list.body.items.some((x: { id: number }) => x.id === id));
    });
  });
}
