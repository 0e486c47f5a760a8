/**
 * Lists filtered by text (`?q=` on the matter and petition lists, store/text-list.ts): a page of a common word is
 * read from the list's own rows, in the list's order, each checked for a matching document, and the read stops; a
 * rare word, a deep page and a cursor collect every match. Whichever way, the page holds the
 * same rows: the list's matches in its order. The total is exact when the rows read were the whole list, and
 * otherwise an estimate that says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';
import { registerPetition } from '../../src/services/register-petition.ts';

const N = 2_400;

for (const dialect of DIALECTS) {
  describe(`lists filtered by text (${dialect})`, () => {
    let p: Platform;
    let api: Awaited<ReturnType<typeof as>>;
    const saved = process.env.FENGQIAO_TEXT_LIST_SCAN;

    before(async () => {
      p = await platform(dialect, { now: '2020-06-30T04:00:00Z' });
      const registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar' as const] };
      // one in three about 物业 (a common word); three about 电梯 (a rare one); received over 100 days, in no id order
      for (let from = 0; from < N; from += 200) {
        await Promise.all(Array.from({ length: 200 }, (_, k) => {
          const i = from + k;
          const day = (i * 37) % 100;
          const at = new Date(Date.parse('2020-03-01T01:00:00Z') + day * 86_400_000 + (i % 50) * 60_000).toISOString();
          const title = i % 997 === 1 ? `住宅电梯故障第${i}号` : i % 3 === 0 ? `小区物业收费问题第${i}号` : `道路积水问题第${i}号`;
          return registerPetition(p.ctx, registrar, { channel: 'letter', receivedAt: at, petitioners: [{ name: `来信人${i}` }], title, content: '请有关部门依法处理，尽快答复。' });
        }));
      }
      if (dialect === 'postgres') await sql`analyze`.execute(p.store.db);
      api = await as(p, 'city.handler');
    });
    after(async () => {
      if (saved === undefined) delete process.env.FENGQIAO_TEXT_LIST_SCAN; else process.env.FENGQIAO_TEXT_LIST_SCAN = saved;
      await p.close();
    });

    /** The list's matches in its order, found without the text index. */
    const expected = async (word: string, list: 'matters' | 'petitions') => {
      const rows = list === 'matters'
        ? await sql<{ id: number }>`select id from matters where title like ${`%${word}%`} order by received_at desc, id desc`.execute(p.store.db)
        : await sql<{ id: number }>`select id from petitions where title like ${`%${word}%`} order by registered_at desc, id desc`.execute(p.store.db);
      return rows.rows.map((r) => Number(r.id));
    };

    test('a common word: every page is the list\'s matches in its order; the first page\'s total an estimate near the count', async () => {
      const all = await expected('物业', 'matters');
      assert.equal(all.length, N / 3 - 1); // 1995 is about 电梯
      if (dialect === 'postgres') {
        // a list of at most 5,000 rows without the word is read whole: its total is exact
        const r = await api('GET', `/matters?q=${encodeURIComponent('物业')}&pageSize=20`);
        assert.deepEqual(r.body.items.map((m: { id: number }) => m.id), all.slice(0, 20));
        assert.deepEqual({ total: r.body.total, flag: r.body.totalEstimated }, { total: all.length, flag: undefined });
      }
      // reads of at most 1,000 rows: the 2,400 are a long list
      process.env.FENGQIAO_TEXT_LIST_SCAN = '1000';
      for (const page of [1, 2, 17, 40, 41]) {
        const r = await api('GET', `/matters?q=${encodeURIComponent('物业')}&page=${page}&pageSize=20`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.items.map((m: { id: number }) => m.id), all.slice((page - 1) * 20, page * 20), `page ${page}`);
        if (page === 1) {
          assert.equal(r.body.totalEstimated, true);
          assert.ok(Math.abs(r.body.total - all.length) <= all.length / 5, `estimated ${r.body.total} for ${all.length}`);
        } else if (page === 41) {
          // the rows read were the whole list (or every match was collected): exact
          assert.deepEqual({ total: r.body.total, flag: r.body.totalEstimated }, { total: all.length, flag: undefined });
        }
      }
      delete process.env.FENGQIAO_TEXT_LIST_SCAN;
    });

    test('the petition list: the same rows as its matches in its order', async () => {
      const all = await expected('物业', 'petitions');
      for (const page of [1, 3]) {
        const r = await api('GET', `/petitions?q=${encodeURIComponent('物业')}&page=${page}&pageSize=20`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.items.map((x: { id: number }) => x.id), all.slice((page - 1) * 20, page * 20), `page ${page}`);
      }
    });

    test('a rare word, with other filters and with a short read: every match, exactly counted', async () => {
      const all = await expected('电梯', 'matters');
      assert.equal(all.length, 3);
      for (const scan of [undefined, '1000']) {
        if (scan === undefined) delete process.env.FENGQIAO_TEXT_LIST_SCAN; else process.env.FENGQIAO_TEXT_LIST_SCAN = scan;
        const r = await api('GET', `/matters?q=${encodeURIComponent('电梯')}&pageSize=20`);
        assert.deepEqual(r.body.items.map((m: { id: number }) => m.id), all);
        assert.deepEqual({ total: r.body.total, flag: r.body.totalEstimated }, { total: 3, flag: undefined });
      }
      delete process.env.FENGQIAO_TEXT_LIST_SCAN;
      // a common word within a narrow filter: the rows read are the whole (filtered) list
      const r = await api('GET', `/matters?q=${encodeURIComponent('物业')}&from=2020-03-01&to=2020-03-10&pageSize=100`);
      const inRange = (await sql<{ id: number }>`select id from matters where title like '%物业%' and received_at >= '2020-02-29T16:00:00.000Z' and received_at < '2020-03-10T16:00:00.000Z' order by received_at desc, id desc`.execute(p.store.db)).rows.map((x) => Number(x.id));
      assert.deepEqual(r.body.items.map((m: { id: number }) => m.id), inRange.slice(0, 100));
      assert.deepEqual({ total: r.body.total, flag: r.body.totalEstimated }, { total: inRange.length, flag: undefined });
    });

    test('a phrase no row holds, and a cursor walk through a common word', async () => {
      const none = await api('GET', `/matters?q=${encodeURIComponent('物业电梯')}`);
      assert.deepEqual({ items: none.body.items, total: none.body.total }, { items: [], total: 0 });
      const all = await expected('物业', 'matters');
      const first = await api('GET', `/matters?q=${encodeURIComponent('物业')}&pageSize=50`);
      const last = first.body.items.at(-1) as { id: number; receivedAt: string };
      const next = await api('GET', `/matters?q=${encodeURIComponent('物业')}&pageSize=50&after=${encodeURIComponent(`${last.receivedAt},${last.id}`)}`);
      assert.deepEqual([...first.body.items, ...next.body.items].map((m: { id: number }) => m.id), all.slice(0, 100));
    });
  });
}
