/**
 * List totals at scale (issue 10, docs/SCALE.md): `{items, total}` stays the shape; on PostgreSQL a list matching
 * more than FENGQIAO_EXACT_TOTAL_UP_TO rows answers the planner's estimate with `totalEstimated: true` instead of
 * counting every row; below it, and always on SQLite, the total is exact and the flag absent. And keyset pages
 * (`after=<receivedAt>,<id>` of the last item seen) give the same rows as OFFSET pages.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';
import { registerPetition } from '../../src/services/register-petition.ts';

const N = 30;

for (const dialect of DIALECTS) {
  describe(`list totals (${dialect})`, () => {
    let p: Platform;
    let api: Awaited<ReturnType<typeof as>>;
    const saved = process.env.FENGQIAO_EXACT_TOTAL_UP_TO;

    before(async () => {
      p = await platform(dialect);
      const registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar' as const] };
      for (let i = 0; i < N; i++) {
        await registerPetition(p.ctx, registrar, { channel: i % 3 ? 'letter' : 'visit', receivedAt: `2019-12-${String(1 + (i % 28)).padStart(2, '0')}T02:00:00Z`, petitioners: [{ name: `来信人${i}` }], title: `第 ${i} 号来信`, content: '请依法处理。' });
      }
      if (dialect === 'postgres') await sql`analyze`.execute(p.store.db);
      api = await as(p, 'city.handler');
    });
    after(async () => {
      if (saved === undefined) delete process.env.FENGQIAO_EXACT_TOTAL_UP_TO; else process.env.FENGQIAO_EXACT_TOTAL_UP_TO = saved;
      await p.close();
    });

    test('below the limit the total is exact and the shape unchanged', async () => {
      process.env.FENGQIAO_EXACT_TOTAL_UP_TO = '100';
      const all = await api('GET', '/matters?page=2&pageSize=20');
      assert.deepEqual(Object.keys(all.body).sort(), ['items', 'total']);
      assert.equal(all.body.total, N);
      assert.equal(all.body.items.length, N - 20);
      const visits = await api('GET', '/petitions?channel=visit');
      assert.deepEqual({ total: visits.body.total, flag: visits.body.totalEstimated }, { total: N / 3, flag: undefined });
    });

    test('past the limit: PostgreSQL estimates and says so, SQLite counts; pages are the same', async () => {
      process.env.FENGQIAO_EXACT_TOTAL_UP_TO = '10';
      for (const url of ['/matters?pageSize=20', '/petitions?pageSize=20', '/matters?channel=letter&pageSize=20']) {
        const r = await api('GET', url);
        assert.equal(r.status, 200);
        assert.equal(r.body.items.length, 20, url);
        const exact = url.includes('letter') ? N - N / 3 : N;
        if (dialect === 'sqlite') {
          assert.deepEqual({ total: r.body.total, flag: r.body.totalEstimated }, { total: exact, flag: undefined }, url);
        } else {
          assert.equal(r.body.totalEstimated, true, url);
          // the planner's estimate from ANALYZE's statistics: past the limit, near the true count
          assert.ok(r.body.total > 10 && Math.abs(r.body.total - exact) <= exact / 2, `${url}: ${r.body.total} for ${exact}`);
        }
      }
      // a filtered list under the limit stays exact on both
      const visits = await api('GET', '/matters?channel=visit');
      assert.deepEqual({ total: visits.body.total, flag: visits.body.totalEstimated }, { total: N / 3, flag: undefined });
    });

    test('keyset pages walk the same list as one long page, ties on the time included', async () => {
      for (const [list, time] of [['matters', 'receivedAt'], ['petitions', 'registeredAt']] as const) {
        const whole = (await api('GET', `/${list}?pageSize=200`)).body.items.map((m: { id: number }) => m.id);
        assert.equal(whole.length, N);
        const walked: number[] = [];
        let after = '';
        for (let i = 0; i < 10; i++) {
          const r = await api('GET', `/${list}?pageSize=7${after}`);
          assert.equal(r.status, 200);
          assert.equal(r.body.total, N, 'the total is the whole list\'s, not what is left');
          walked.push(...r.body.items.map((m: { id: number }) => m.id));
          if (r.body.items.length < 7) break;
          const last = r.body.items.at(-1) as Record<string, string | number>;
          after = `&after=${encodeURIComponent(`${last[time]},${last.id}`)}`;
        }
        assert.deepEqual(walked, whole, list);
      }
      const whole = (await api('GET', '/matters?pageSize=200')).body.items.map((m: { id: number }) => m.id);
      // the same instant written without milliseconds is the same cursor
      const third = (await api('GET', '/matters?pageSize=3')).body.items[2] as { receivedAt: string; id: number };
      const next = await api('GET', `/matters?pageSize=2&after=${third.receivedAt.replace('.000Z', 'Z')},${third.id}`);
      assert.deepEqual(next.body.items.map((m: { id: number }) => m.id), whole.slice(3, 5));
      for (const bad of ['yesterday,3', '2019-13-45T00:00:00Z,3']) {
        const r = await api('GET', `/matters?after=${bad}`);
        assert.equal(r.status, 400, bad);
        assert.equal(r.body.error.code, 'BAD_INPUT');
      }
      assert.equal((await api('GET', `/matters?page=2&after=${third.receivedAt},${third.id}`)).status, 400);
    });
  });
}
