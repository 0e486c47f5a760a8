/**
 * The deadline sweep and the outbox dispatcher: warnings before a limit, marks after it, idempotent when run twice
 * or by two processes at once; paused limits are skipped; every outbox row is delivered once even with two
 * dispatchers claiming together.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepDeadlines } from '../../src/jobs/deadline-sweep.ts';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.ts';
import { actOnMatter } from '../../src/services/act-on-matter.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { issueSupervision } from '../../src/services/supervision.ts';
import { takeLease } from '../../src/store/outbox.repository.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`deadline sweep and outbox (${dialect})`, () => {
    let p: Platform;
    let handler: { userId: number; unitId: number; roles: ('handler' | 'registrar' | 'supervisor')[] };
    let a: number, b: number;
    before(async () => {
      p = await platform(dialect, { now: '2019-09-01T02:00:00Z' });
      handler = { userId: p.userId('city.handler'), unitId: p.unitId('city.bureau'), roles: ['handler', 'registrar', 'supervisor'] };
      // received 20 Sep 2019: the routing limit is 8 Oct (15 days end in the National Day holiday)
      p.clock.set('2019-09-22T03:00:00Z');
      a = (await registerPetition(p.ctx, handler, { channel: 'letter', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '李四' }], title: '甲', content: '甲事项内容' })).matterId;
      b = (await registerPetition(p.ctx, handler, { channel: 'letter', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '王五' }], title: '乙', content: '乙事项内容' })).matterId;
      await actOnMatter(p.ctx, handler, b, 'accept', { at: '2019-09-21T09:00:00+08:00' });
      await actOnMatter(p.ctx, handler, b, 'pauseClock', { reason: '鉴定', at: '2019-09-22T09:00:00+08:00' });
    });
    after(async () => p?.close());

    test('warns within three days, marks late after the limit, once; a paused limit is skipped', async () => {
      p.clock.set('2019-09-30T02:00:00Z');
      assert.deepEqual(await sweepDeadlines(p.ctx), { warned: 0, overdue: 0, supervisionOverdue: 0 });
      p.clock.set('2019-10-06T02:00:00Z');
      assert.deepEqual(await sweepDeadlines(p.ctx), { warned: 1, overdue: 0, supervisionOverdue: 0 });
      assert.deepEqual(await sweepDeadlines(p.ctx), { warned: 0, overdue: 0, supervisionOverdue: 0 });
      p.clock.set('2019-10-09T02:00:00Z');
      // two server processes sweeping at the same moment: one mark, one notification
      const [r1, r2] = await Promise.all([sweepDeadlines(p.ctx), sweepDeadlines(p.ctx)]);
      assert.equal(r1.overdue + r2.overdue, 1);
      const alerts = await p.store.db.selectFrom('deadlineAlerts').select(['matterId', 'kind']).orderBy('id').execute();
      assert.deepEqual(alerts.map((x) => [Number(x.matterId), x.kind]), [[a, 'warning'], [a, 'overdue']]);
    });

    test('an unanswered supervision order is flagged after its 30 days', async () => {
      p.clock.set('2019-10-10T02:00:00Z');
      const bureau = { userId: p.userId('shunde.handler'), unitId: p.unitId('shunde.bureau'), roles: ['handler' as const, 'registrar' as const] };
      const m = (await registerPetition(p.ctx, bureau, { channel: 'visit', receivedAt: '2019-10-10T09:00:00+08:00', petitioners: [{ name: '赵六' }], title: '丙', content: '丙事项内容', regionCode: '440606' })).matterId;
      const order = await issueSupervision(p.ctx, handler, { matterId: m, kind: 'order', reason: '未按期受理', at: '2019-10-10T10:00:00+08:00' });
      assert.equal(order.answerDue, '2019-11-11'); // 30 days end Sat 9 Nov → Monday
      p.clock.set('2019-11-12T02:00:00Z');
      const r = await sweepDeadlines(p.ctx);
      assert.equal(r.supervisionOverdue, 1);
      assert.equal((await sweepDeadlines(p.ctx)).supervisionOverdue, 0);
    });

    test('two dispatchers deliver each outbox row exactly once', async () => {
      const pending = await p.store.db.selectFrom('outbox').select('id').where('sentAt', 'is', null).execute();
      assert.ok(pending.length >= 4);
      const [x, y] = await Promise.all([dispatchOutbox(p.ctx, 'one'), dispatchOutbox(p.ctx, 'two')]);
      assert.equal(x + y, pending.length);
      assert.equal(await dispatchOutbox(p.ctx, 'three'), 0);
      const notes = await p.store.db.selectFrom('notifications').select(['unitId', 'text']).execute();
      assert.equal(notes.length, pending.length);
      assert.ok(notes.some((n) => n.text.includes('超期') && Number(n.unitId) === p.unitId('city.bureau')));
    });

    test('a named lease is held by one owner until it expires', async () => {
      const now = '2019-11-12T02:00:00.000Z';
      assert.equal(await takeLease(p.store.db, 'sweep-test', 'A', now, 60_000), true);
      assert.equal(await takeLease(p.store.db, 'sweep-test', 'B', now, 60_000), false);
      assert.equal(await takeLease(p.store.db, 'sweep-test', 'B', '2019-11-12T02:02:00.000Z', 60_000), true);
    });
  });
}
