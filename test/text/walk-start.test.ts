/**
 * The repeat check's probes walk from a start read at most a second ago (text/index.ts `recentWalkStart`) and, on
 * PostgreSQL, run as prepared statements (store/db.ts `PREPARED`): neither may cost the check what it finds. (That
 * statistics this process refreshed choose the next check's probes at once, the start kept or not, is
 * test/text/stats.test.ts's rare-phrases test.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { writeDoc } from '../../src/text/index.ts';
import { refreshCodeStats } from '../../src/text/stats.ts';
import { textCandidates } from '../../src/services/text-related.ts';
import { PREPARED } from '../../src/store/db.ts';
import '../../src/store/schema-text.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';

const doc = (id: number, body: string) => ({
  kind: 'petition' as const, sourceId: id, petitionId: id, matterId: id, receivedAt: '2019-10-01T02:00:00.000Z',
  regionCode: null, categoryCode: null, title: '', body,
});
const NOW = '2026-12-07T08:00:00.000Z';
const others = (i: number) => `小区物业乱收停车费，业主多次反映无果，第${i}号楼`;
const complaint = '桂城街道海三路口红绿灯故障已经半个多月无人维修，早晚高峰车辆拥堵行人过马路十分危险，请求交警部门尽快处理';

for (const dialect of DIALECTS) {
  describe(`the repeat check's walk start (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('a petition indexed a moment after the last check is found by the next one', async () => {
      await store.write(async (tx) => { for (let i = 1; i <= 40; i++) await writeDoc(tx, doc(i, others(i))); });
      await refreshCodeStats(store, NOW);
      assert.deepEqual(await textCandidates(store.db, dialect, complaint), []); // nothing like it yet; the start is kept
      await store.write(async (tx) => { await writeDoc(tx, doc(41, `${complaint}。`)); });
      assert.deepEqual(await textCandidates(store.db, dialect, `${complaint}，再次反映`), [41]);
      // and another, found with it (both share every probe; the newer first)
      await store.write(async (tx) => { await writeDoc(tx, doc(42, `${complaint}，第二次。`)); });
      assert.deepEqual(await textCandidates(store.db, dialect, `${complaint}，第三次反映`), [42, 41]);
    });

  });
}

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`the repeat check's probes as prepared statements (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('the probes\' statements are prepared on the connections, and only they; their texts are few', async () => {
      await store.write(async (tx) => {
        for (let i = 1; i <= 40; i++) await writeDoc(tx, doc(i, others(i)));
        await writeDoc(tx, doc(41, `${complaint}。`));
      });
      await refreshCodeStats(store, NOW);
      const texts = [complaint, `${complaint}，再次反映`, others(7), '南海区桂城街道夜间施工噪音扰民，影响居民休息', '顺德区大良街道拖欠农民工工资三个月未发'];
      for (const t of texts) await textCandidates(store.db, dialect, t);
      assert.deepEqual(await textCandidates(store.db, dialect, `${complaint}，再次反映`), [41]);
      // every connection of the pool at once (each sleeps, so none is handed out twice)
      const seen = await Promise.all(Array.from({ length: 4 }, () => sql<{ statement: string; pid: number }>`select statement, pg_backend_pid() as pid from pg_prepared_statements, pg_sleep(0.05)`.execute(store.db)));
      const statements = seen.flatMap((r) => r.rows.map((x) => x.statement));
      assert.ok(statements.length > 0);
      assert.ok(statements.every((s) => s.startsWith(PREPARED) && s.includes('from "text_docs"')), JSON.stringify(statements));
      // one text a shape of walk statement, whatever the probe: along the primary key (a common probe, as most are among
      // 41 petitions) and by blocks of the bucketed index (with one array a code: a probe asks one to three)
      assert.deepEqual(new Set(statements.map((s) => (s.includes('fq_bucket_codes') ? 'blocks' : 'along the key'))), new Set(['blocks', 'along the key']));
      assert.ok(new Set(statements).size <= 4, JSON.stringify([...new Set(statements)]));
    });
  });
}
