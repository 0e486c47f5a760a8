/**
 * A list limited to a unit's scope (matter.repository.ts `visibleTo`: the matter's unit, registering unit, routed-by
 * unit or review unit in the scope). On SQLite a large scope is read whole in the list's order (`scopeReading`), a
 * small one gathered through the four columns' indexes (migration 2026-11-27T2300) and sorted. Either way the page
 * holds the same rows, the list's in its order, and the total is the list's count.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { scopeReading, visibleTo } from '../../src/store/matter.repository.ts';

const N = 600;

for (const dialect of DIALECTS) {
  describe(`lists limited to a unit's scope (${dialect})`, () => {
    let p: Platform;

    before(async () => {
      p = await platform(dialect, { now: '2020-06-30T04:00:00Z' });
      const registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar' as const] };
      for (let from = 0; from < N; from += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, k) => {
          const i = from + k;
          const at = new Date(Date.parse('2020-03-01T01:00:00Z') + ((i * 37) % 100) * 86_400_000 + (i % 7) * 60_000).toISOString();
          return registerPetition(p.ctx, registrar, { channel: 'letter', receivedAt: at, petitioners: [{ name: `来信人${i}` }], title: `道路积水问题第${i}号`, content: '请有关部门依法处理。' });
        }));
      }
      // half the matters with the Shunde bureau by one of the four columns, a sixth as their unit (a large scope); one
      // in twenty with Shunde's housing bureau (as its unit, or as the unit that routed it)
      const bureau = p.unitId('shunde.bureau'), housing = p.unitId('shunde.housing');
      await sql`update matters set unit_id = ${bureau} where id % 12 in (0, 6)`.execute(p.store.db);
      await sql`update matters set registering_unit_id = ${bureau} where id % 12 = 4`.execute(p.store.db);
      await sql`update matters set routed_by_unit_id = ${bureau} where id % 12 = 8`.execute(p.store.db);
      await sql`update matters set review_unit_id = ${bureau} where id % 12 in (1, 5)`.execute(p.store.db);
      await sql`update matters set unit_id = ${housing} where id % 40 = 3`.execute(p.store.db);
      await sql`update matters set routed_by_unit_id = ${housing} where id % 40 = 7`.execute(p.store.db);
      await sql`analyze`.execute(p.store.db);
    });
    after(async () => { await p.close(); });

    /** The scope's matters in the list's order, by the four columns without the indexes' help. */
    const expected = async (unit: string) => {
      const ids = p.ctx.org().scopeUnitIds(p.unitId(unit));
      const rows = await p.store.db.selectFrom('matters').select('id')
        .where((eb) => eb.or([eb('unitId', 'in', ids), eb('registeringUnitId', 'in', ids), eb('routedByUnitId', 'in', ids), eb('reviewUnitId', 'in', ids)]))
        .orderBy('receivedAt', 'desc').orderBy('id', 'desc').execute();
      return rows.map((r) => Number(r.id));
    };

    for (const [user, unit, walks] of [['shunde.handler', 'shunde.bureau', true], ['shunde.housing.handler', 'shunde.housing', false]] as const) {
      test(`${user}: every page and a cursor walk give the list's rows in its order, and its count`, async () => {
        const all = await expected(unit);
        assert.ok(all.length > 0 && all.length < N);
        const viewer = { unitId: p.unitId(unit) };
        // which way the list is read (SQLite only: PostgreSQL's planner chooses for itself): the district's scope is
        // large (a sixth of the matters have their unit in it) and read whole, in the list's order; the department's
        // gathered through the indexes
        const reading = await scopeReading(p.store.db, p.ctx.org(), viewer);
        assert.deepEqual({ whole: reading.whole, pageInOrder: reading.pageInOrder(all.length, 20) }, { whole: dialect === 'sqlite' && walks, pageInOrder: dialect === 'sqlite' && walks });
        const api = await as(p, user);
        const pages = Math.ceil(all.length / 20);
        for (const page of [1, 2, pages]) {
          const r = await api('GET', `/matters?page=${page}&pageSize=20`);
          assert.equal(r.status, 200);
          assert.deepEqual(r.body.items.map((m: { id: number }) => m.id), all.slice((page - 1) * 20, page * 20), `page ${page}`);
          assert.equal(r.body.total, all.length);
        }
        // the cursor: the last item seen
        const walked: number[] = [];
        let after = '';
        for (;;) {
          const r = await api('GET', `/matters?pageSize=50${after ? `&after=${encodeURIComponent(after)}` : ''}`);
          assert.equal(r.status, 200);
          const items = r.body.items as { id: number; receivedAt: string }[];
          walked.push(...items.map((m) => m.id));
          if (items.length < 50) break;
          after = `${items.at(-1)!.receivedAt},${items.at(-1)!.id}`;
        }
        assert.deepEqual(walked, all);
      });
    }

    test("the city's petition list: its count leaves out the petitions of a matter accusing the viewer's unit", async () => {
      const city = p.unitId('city.bureau');
      // two matters accuse the city bureau (the accusation rule hides them from it), one accuses a district bureau
      await sql`update matters set accused_unit_id = ${city} where id in (select matter_id from petitions order by id limit 2)`.execute(p.store.db);
      await sql`update matters set accused_unit_id = ${p.unitId('nanhai.bureau')} where id = (select matter_id from petitions order by id limit 1 offset 2)`.execute(p.store.db);
      const visible = async (channel?: string) => Number((await sql<{ n: number }>`select count(*) as n from petitions p join matters m on m.id = p.matter_id
        where (m.accused_unit_id is null or m.accused_unit_id <> ${city}) ${channel ? sql`and p.channel = ${channel}` : sql``}`.execute(p.store.db)).rows[0]!.n);
      assert.equal(await visible(), N - 2);
      const api = await as(p, 'city.handler');
      const all = await api('GET', '/petitions?pageSize=20');
      assert.equal(all.status, 200);
      assert.equal(all.body.total, N - 2);
      const letters = await api('GET', '/petitions?pageSize=20&channel=letter&from=2020-03-01&to=2020-12-31');
      assert.equal(letters.body.total, await visible('letter'));
      const none = await api('GET', '/petitions?pageSize=20&channel=visit');
      assert.equal(none.body.total, 0);
      // the accused matters' petitions are not on any page
      const hidden = (await sql<{ id: number }>`select p.id from petitions p join matters m on m.id = p.matter_id where m.accused_unit_id = ${city}`.execute(p.store.db)).rows.map((r) => Number(r.id));
      const ids: number[] = [];
      for (let page = 1; page <= Math.ceil((N - 2) / 100); page++) ids.push(...(await api('GET', `/petitions?pageSize=100&page=${page}`)).body.items.map((x: { id: number }) => x.id));
      assert.equal(ids.length, N - 2);
      assert.ok(!hidden.some((id) => ids.includes(id)));
    });

    if (dialect === 'sqlite') {
      test('the count of a scope reads the four columns\' indexes, not every matter', async () => {
        // a register large enough that reading every matter costs more than the indexes: 30,000 more matters, copies
        // of the first spread over every unit (SQLite reads a table of 600 rows whole, rightly)
        const db = p.store.db;
        const cols = (await sql<{ name: string }>`select name from pragma_table_info('matters')`.execute(db)).rows.map((c) => c.name);
        const units = p.ctx.org().units.map((u) => u.id);
        await sql`create temp table v_unit (i integer primary key, id integer)`.execute(db);
        await sql.raw(`insert into v_unit values ${units.map((id, i) => `(${i}, ${id})`).join(', ')}`).execute(db);
        const unit = `(select id from v_unit where i = g.x % ${units.length})`;
        const varied: Record<string, string> = { id: 'g.x', code: `'COPY' || g.x`, subject_hash: `'copy' || g.x`, unit_id: unit, registering_unit_id: unit, routed_by_unit_id: 'null', review_unit_id: 'null' };
        await sql.raw(`with recursive g(x) as (select 100000 union all select x + 1 from g where x < 129999)
          insert into matters (${cols.join(', ')}) select ${cols.map((c) => varied[c] ?? `t.${c}`).join(', ')}
          from g cross join (select * from matters order by id limit 1) t`).execute(db);
        await sql`analyze`.execute(db);
        const viewer = { unitId: p.unitId('shunde.housing') };
        const q = p.store.db.selectFrom('matters').where(visibleTo(p.ctx.org(), viewer)).select(sql<number>`count(*)`.as('n')).compile();
        const plan = (await p.store.db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` })).rows.map((r) => r.detail);
        assert.ok(plan.some((d) => d.includes('MULTI-INDEX OR')), plan.join(' | '));
        assert.ok(!plan.some((d) => /^SCAN matters$/.test(d)), plan.join(' | '));
      });
    }
  });
}
