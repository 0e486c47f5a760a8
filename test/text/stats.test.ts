/**
 * Code statistics (text/stats.ts): document frequencies over the newest documents, when they are due again, and
 * what uses them — the repeat check's probes among the text's rarest phrases (services/text-related.ts
 * `rareProbes`), which find an old petition that common phrases would crowd out of the newest 100.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { writeDoc } from '../../src/text/index.ts';
import { currentStats, refreshCodeStats, statsDue, statsState } from '../../src/text/stats.ts';
import { queryCodes, runTrigramCodes } from '../../src/text/tokenize.ts';
import { probePhrases, probeTerm, probeTrigrams, rareProbes, textCandidates } from '../../src/services/text-related.ts';
import '../../src/store/schema-text.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';
import { platform } from '../helpers/fixtures.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';

const code = (bigram: string) => queryCodes(bigram).codes[0]!;
const doc = (id: number, body: string) => ({
  kind: 'petition' as const, sourceId: id, petitionId: id, matterId: id, receivedAt: '2019-10-01T02:00:00.000Z',
  regionCode: null, categoryCode: null, title: '', body,
});
const NOW = '2026-11-27T08:00:00.000Z';

describe('rare probe phrases', () => {
  const text = '小区物业管理混乱，相关部门不作为。王家村东头垃圾站臭气熏天，小区物业管理混乱';
  test('without frequencies every bigram counts as rare: the first window of each part of the text, none overlapping', () => {
    assert.deepEqual(rareProbes(text, new Map(), 3), ['小区物业', '部门不作', '圾站臭气']);
  });
  const df = new Map<number, number>();
  for (const b of ['小区', '区物', '物业', '业管', '管理', '理混', '混乱', '相关', '关部', '部门', '门不', '不作', '作为']) df.set(code(b), 500);
  for (const b of ['王家', '家村', '村东', '东头', '头垃', '垃圾', '圾站', '站臭', '臭气', '气熏', '熏天']) df.set(code(b), 40);
  df.set(code('头垃'), 1); df.set(code('站臭'), 2);
  test('the rarest window of each part of the text, in its order, each phrase once, none overlapping', () => {
    // the text's 23 windows in four parts: the second part's rarest is 王家村东 (40 against 500); in the third,
    // 村东头垃 overlaps it and 头垃圾站 holds the rarest bigram (头垃, 1)
    assert.deepEqual(rareProbes(text, df, 4), ['小区物业', '王家村东', '头垃圾站', '臭气熏天']);
    assert.deepEqual(rareProbes(text, df, 2), ['王家村东', '头垃圾站']);
    // the positional choice would have probed the common phrases of the longest runs
    assert.ok(probePhrases(text).includes('小区物业'));
  });
  test('a part of the text without rare words still gets its probe: a petition repeating only that part shares it', () => {
    const first = '小区物业管理混乱相关部门不作为', second = '王家村东头垃圾站臭气熏天';
    // the two rarest windows of the whole text are both in the second sentence (头垃, 1; 站臭, 2); one probe per half
    // puts one in each
    const probes = rareProbes(`${first}，${second}`, df, 2);
    assert.equal(probes.length, 2);
    assert.ok(first.includes(probes[0]!) && second.includes(probes[1]!), probes.join(' '));
  });
  test('a short text gives as many probes as fit without overlapping, the rarest first of each part', () => {
    // nine windows in three parts: 村东头垃 (头垃, 1) in the first; the second's all overlap it; 圾站臭气 (站臭, 2) in the third
    assert.deepEqual(rareProbes('王家村东头垃圾站臭气熏天', df, 3), ['村东头垃', '圾站臭气']);
  });
  test('a probe asks for its two rarest bigrams, in the order of the text; all three without statistics', () => {
    const df = new Map([[code('村东'), 40], [code('东头'), 3], [code('头垃'), 1]]);
    assert.equal(probeTerm('村东头垃', df), '东头 头垃');
    df.set(code('村东'), 2);
    assert.equal(probeTerm('村东头垃', df), '村东 头垃');
    assert.equal(probeTerm('村东头垃'), '村东 东头 头垃');
    assert.equal(probeTerm('垃圾站', df), '垃圾 圾站');
  });
  test('on PostgreSQL a probe asks for its rarer trigram; both without statistics', () => {
    const tri = (t: string) => runTrigramCodes(t)[0]!;
    const df = new Map([[tri('村东头'), 5], [tri('东头垃'), 2]]);
    assert.equal(probeTrigrams('村东头垃', df), '东头垃');
    df.set(tri('村东头'), 1);
    assert.equal(probeTrigrams('村东头垃', df), '村东头');
    assert.equal(probeTrigrams('村东头垃'), '村东头 东头垃');
    assert.deepEqual(queryCodes('东头垃').codes, [tri('东头垃')]); // one code: the trigram, not its two bigrams
  });
});

for (const dialect of DIALECTS) {
  describe(`code statistics (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('frequencies over the newest documents; due when missing, a day old or the index grew by a tenth', async () => {
      assert.equal(await statsDue(store.db, NOW), false); // nothing indexed: nothing to count
      assert.equal(await currentStats(store.db), null);
      await store.write(async (tx) => {
        for (let i = 1; i <= 200; i++) await writeDoc(tx, doc(i, i % 4 === 0 ? '小区物业乱收费' : i % 50 === 0 ? '物业' : '道路积水严重'));
      });
      assert.equal(await statsDue(store.db, NOW), true);
      // 11 bigrams and 9 trigrams seen at least twice (小区物业乱收费 has 5 trigrams, 道路积水严重 4)
      assert.deepEqual(await refreshCodeStats(store, NOW, 100), { sample: 100, codes: 20 });
      // the newest 100 (ids 101..200): 25 hold 小区物业乱收费, id 150 物业, 74 道路积水严重
      const f = await currentStats(store.db);
      assert.equal(f!.state.sample, 100);
      assert.equal(f!.df.get(code('物业')), 26);
      assert.equal(f!.df.get(code('积水')), 74);
      assert.equal(f!.df.get(runTrigramCodes('业乱收')[0]!), 25); // a phrase's trigram: as common as the phrase
      assert.equal(f!.df.has(code('垃圾')), false); // never seen: rare
      // another process reads them from the table (its own refresh's id unknown to this one)
      const state = (await statsState(store.db))!;
      await store.db.updateTable('textState').set({ value: JSON.stringify({ ...state, id: 'another' }) }).where('key', '=', 'code-df').execute();
      const read = await currentStats(store.db);
      assert.deepEqual([...read!.df].sort((a, b) => a[0] - b[0]), [...f!.df].sort((a, b) => a[0] - b[0]));
      assert.notEqual(read!.df, f!.df);
      assert.deepEqual({ ...await statsState(store.db), id: '' }, { id: '', gen: 1, sample: 100, maxId: 200, at: NOW });
      assert.equal(await statsDue(store.db, NOW), false);
      assert.equal(await statsDue(store.db, '2026-11-28T08:00:01.000Z'), true);
      await store.write(async (tx) => { for (let i = 201; i <= 300; i++) await writeDoc(tx, doc(i, '道路积水严重')); });
      assert.equal(await statsDue(store.db, NOW), false); // 100 more: not more than max(100, a tenth)
      await store.write(async (tx) => { await writeDoc(tx, doc(301, '道路积水严重')); });
      assert.equal(await statsDue(store.db, NOW), true);
      // a refresh replaces what was kept
      assert.deepEqual(await refreshCodeStats(store, NOW, 100), { sample: 100, codes: 9 }); // 道路积水严重: 5 bigrams, 4 trigrams
      assert.equal((await currentStats(store.db))!.df.has(code('物业')), false);
      // the second refresh's rows only: the first one's are deleted
      assert.equal((await statsState(store.db))!.gen, 2);
      assert.deepEqual((await store.db.selectFrom('textCodeDf').select('gen').distinct().execute()).map((r) => Number(r.gen)), [2]);
      // rows a refresh left when it stopped half way are not read, and the next one numbers itself past them
      await store.db.insertInto('textCodeDf').values({ gen: 3, code: code('物业'), df: 99 }).execute();
      assert.equal((await currentStats(store.db))!.df.has(code('物业')), false);
      await refreshCodeStats(store, NOW, 100);
      assert.equal((await statsState(store.db))!.gen, 4);
      assert.deepEqual((await store.db.selectFrom('textCodeDf').select('gen').distinct().execute()).map((r) => Number(r.gen)), [4]);
      if (dialect === 'postgres') {
        // the refresh vacuumed the rows it deleted itself (a server may run without autovacuum)
        const v = await sql<{ vacuumed: boolean }>`select pg_stat_get_last_vacuum_time('text_code_df'::regclass) is not null as vacuumed`.execute(store.db);
        assert.equal(v.rows[0]!.vacuumed, true);
      }
    });

    test('the repeat check finds an old petition by its rare phrases when newer ones crowd its common phrases', async () => {
      await store.write((tx) => tx.deleteFrom('textDocs').execute());
      // six long runs every newer petition shares, and a shorter one (the place) only the old one holds
      const common = '小区物业管理十分混乱，相关职能部门一直不作为，多次反映始终没有结果，严重影响周边居民生活，恳请上级部门督促解决，希望尽快妥善处理此事';
      const old = `${common}，王家村东头垃圾站`;
      await store.write(async (tx) => {
        await writeDoc(tx, doc(1, old));
        for (let i = 2; i <= 151; i++) await writeDoc(tx, doc(i, `${common}，第${i}号楼电梯坏了`));
      });
      const repeat = `${old}，请求处理`;
      const before = await textCandidates(store.db, dialect, repeat, { keep: 200 });
      assert.equal(before.includes(1), false); // the positional probes fall in the six longest runs: their newest 100 holders are newer ones
      await refreshCodeStats(store, NOW);
      // within the second the start of the check before is kept (recentWalkStart): the refresh is used all the same
      const after = await textCandidates(store.db, dialect, repeat, { keep: 200 });
      assert.ok(after.includes(1)); // the two rare probes (the place) find it
    });

    test('the repeat check finds an old petition that a new one repeats only in part, its new part holding rarer words', async () => {
      await store.write((tx) => tx.deleteFrom('textDocs').execute());
      // a complaint petitioned twice before (so its words are counted: the statistics keep codes held twice or more);
      // thirty others about something else
      const complaint = '桂城街道海三路口红绿灯故障已经半个多月无人维修，早晚高峰车辆拥堵行人过马路十分危险';
      await store.write(async (tx) => {
        await writeDoc(tx, doc(1, `${complaint}，请求交警部门尽快处理。`));
        await writeDoc(tx, doc(2, `${complaint}，再次反映。`));
        for (let i = 3; i <= 32; i++) await writeDoc(tx, doc(i, `小区物业乱收停车费，业主多次反映无果，第${i}号楼`));
      });
      await refreshCodeStats(store, NOW);
      // re-sent with a new demand whose words no petition holds yet: the rarest windows of the whole text all lie there
      // (the six rarest, the choice before, found neither earlier petition)
      const resent = `${complaint}。另外要求追究施工单位负责人拖延责任，公开书面道歉，赔偿本人电动自行车摔坏的损失共计八百元，并请纪委监委调查其中有无失职渎职问题`;
      const found = await textCandidates(store.db, dialect, resent);
      assert.ok(found.includes(1) && found.includes(2), String(found));
    });
  });

  test(`the server's text job takes the statistics when due, the first time soon after start (${dialect})`, async () => {
    const p = await platform(dialect, { now: NOW });
    await p.store.write(async (tx) => { for (let i = 1; i <= 30; i++) await writeDoc(tx, doc(i, '小区物业乱收费')); });
    // the job's interval is an hour: what runs is its first run, three seconds after start
    const stop = startScheduler(p.ctx, { textEveryMs: 3_600_000, sweepEveryMs: 3_600_000, dispatchEveryMs: 3_600_000 });
    try {
      for (let k = 0; k < 400 && !(await statsState(p.store.db)); k++) await new Promise((r) => setTimeout(r, 25));
      assert.equal((await statsState(p.store.db))?.sample, 30);
      assert.equal((await currentStats(p.store.db))!.df.get(code('物业')), 30);
    } finally {
      stop();
      await p.close();
    }
  });
}
