/**
 * PostgreSQL's search index (migration 2026-11-27T0800-text-codes): the codes the database computes from a
 * document's index text are exactly tokenize.ts `indexCodes`, which the queries are built from; and a search read
 * in windows of ids (text/index.ts `newestMatches`) returns the same matches, newest first, as reading them all.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { writeDoc, matchingDocs, matchingPetitionIds, newestMatches } from '../../src/text/index.ts';
import { indexCodes, indexText } from '../../src/text/tokenize.ts';
import { refreshCodeStats } from '../../src/text/stats.ts';
import '../../src/store/schema-text.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';

const samples = [
  '小区物业擅自挪用维修基金，请求调查处理。',
  '噪 音：ＡＢＣ公司 2019 年拖欠工资 Wage arrears 12人',
  '縂（兼容汉字）与㐀（扩展A）混排，一字：水。',
  '',
];
const doc = (id: number, title: string, body: string) => ({
  kind: 'petition' as const, sourceId: id, petitionId: id, matterId: id, receivedAt: `2019-10-${String(1 + (id % 28)).padStart(2, '0')}T02:00:00.000Z`,
  regionCode: null, categoryCode: null, title, body,
});

for (const dialect of DIALECTS) {
  describe(`search index codes and windows (${dialect})`, () => {
    let store: TestStore;
    const saved = process.env.FENGQIAO_SEARCH_FIRST_WINDOW;
    before(async () => { store = await freshStore(dialect); process.env.FENGQIAO_SEARCH_FIRST_WINDOW = '7'; });
    after(async () => { await store.drop(); if (saved === undefined) delete process.env.FENGQIAO_SEARCH_FIRST_WINDOW; else process.env.FENGQIAO_SEARCH_FIRST_WINDOW = saved; });
    /** The documents' source ids (the numbers the tests wrote), in the order of the index ids given. */
    const sourceIds = async (docIds: number[]) => {
      const rows = await store.db.selectFrom('textDocs').select(['id', 'sourceId']).where('id', 'in', docIds.length ? docIds : [0]).execute();
      const source = new Map(rows.map((r) => [Number(r.id), Number(r.sourceId)]));
      return docIds.map((id) => source.get(id)!);
    };

    test('the database codes a document as indexCodes does (PostgreSQL)', { skip: dialect !== 'postgres' }, async () => {
      await store.write(async (tx) => { for (const [i, t] of samples.entries()) await writeDoc(tx, doc(1 + i, '标题', t)); });
      const rows = await sql<{ source_id: number; codes: number[]; tokens: string }>`select source_id, codes, tokens from text_docs order by source_id`.execute(store.db);
      assert.equal(rows.rows.length, samples.length);
      for (const [i, r] of rows.rows.entries()) {
        assert.deepEqual(r.codes.map(Number), indexCodes(`标题 ${samples[i]}`), samples[i]);
        assert.equal(r.tokens, ''); // coded, not kept
      }
      await store.write((tx) => tx.deleteFrom('textDocs').execute());
    });

    test('a walk in windows finds every match newest first, phrases only where adjacent', async () => {
      // 300 documents: every 3rd holds the phrase 维修基金, every 5th holds its bigrams apart (修基 missing), one in 100 holds 红绿灯
      await store.write(async (tx) => {
        for (let i = 1; i <= 300; i++) {
          const body = [i % 3 === 0 ? '物业挪用维修基金' : '道路积水', i % 5 === 0 ? '维修工人，基金会' : '', i % 100 === 7 ? '路口增设红绿灯' : ''].join('；');
          await writeDoc(tx, doc(i, `第${i}件`, body));
        }
      });
      // every match at once, as the lists' text filter asks (every block in one statement on PostgreSQL)
      const all = async (q: string) => (await (await matchingPetitionIds(store.db, dialect, q))!.execute(store.db)).rows.map((r) => Number(Object.values(r)[0])).sort((a, b) => b - a);
      const ids = async (q: string, limit: number, oldest = false) => sourceIds(await newestMatches(store.db, dialect, matchingDocs(store.db, dialect, q)!, q, limit, { oldest }));
      const phrase = Array.from({ length: 100 }, (_, k) => 300 - 3 * k);
      assert.deepEqual(await all('维修基金'), phrase);
      // without code statistics, then with them (text/stats.ts): they change how the walk goes, never what it finds
      for (const stats of [false, true]) {
        if (stats) await refreshCodeStats(store, '2026-11-27T08:00:00.000Z');
        assert.deepEqual(await ids('维修基金', 40), phrase.slice(0, 40));
        assert.deepEqual(await ids('维修基金', 1000), phrase);
        assert.deepEqual(await ids('维修基金', 1, true), [3]);
        assert.deepEqual(await ids('红绿灯', 10), [207, 107, 7]); // rare: the walk reaches the oldest row
        assert.deepEqual(await ids('积', 5), [299, 298, 296, 295, 293]); // one character
        assert.deepEqual(await ids('积水', 4), [299, 298, 296, 295]); // two: the codes alone
        assert.deepEqual(await ids('不存在的话', 5), []);
        const petitions = await newestMatches(store.db, dialect, matchingDocs(store.db, dialect, '红绿灯')!, '红绿灯', 10, { column: 'textDocs.petitionId' });
        assert.equal(petitions.length, 3);
      }
      await store.write(async (tx) => { await tx.deleteFrom('textCodeDf').execute(); await tx.deleteFrom('textState').execute(); });
    });

    test('blocks of ids: matches spread over many blocks come newest first, oldest first, and all of them (PostgreSQL)', { skip: dialect !== 'postgres' }, async () => {
      await store.write((tx) => tx.deleteFrom('textDocs').execute());
      // 80 documents 28,001 ids apart: 35 blocks of 65,536 ids; every 4th mentions 路灯损坏, one in 20 井盖
      await store.write(async (tx) => {
        for (let k = 1; k <= 80; k++) {
          const body = `${k % 4 === 0 ? '路灯损坏无人修' : '道路积水'}${k % 20 === 3 ? '，井盖缺失' : ''}`;
          await sql`insert into text_docs (id, kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens)
            values (${k * 28001}, 'petition', ${k}, ${k}, ${k}, '2019-10-01T00:00:00.000Z', null, null, ${`第${k}件`}, ${body}, ${indexText(`第${k}件 ${body}`)})`.execute(tx);
        }
      });
      const walk = async (q: string, limit: number, oldest = false) => {
        const ids = await newestMatches(store.db, dialect, matchingDocs(store.db, dialect, q)!, q, limit, { oldest });
        return ids.map((id) => id / 28001);
      };
      const lamps = Array.from({ length: 20 }, (_, i) => 80 - 4 * i);
      // without code statistics, then with them: 路灯 then counts as one row in four, 井盖 one in twenty, and the walk
      // asks as many blocks at once as should hold what is asked (for 井盖 and 10, all 35)
      for (const stats of [false, true]) {
        if (stats) await refreshCodeStats(store, '2026-11-27T08:00:00.000Z');
        assert.deepEqual(await walk('路灯损坏', 5), lamps.slice(0, 5));
        assert.deepEqual(await walk('路灯损坏', 100), lamps);
        assert.deepEqual(await walk('路灯损坏', 3, true), [4, 8, 12]);
        assert.deepEqual(await walk('井盖', 10), [63, 43, 23, 3]);
        assert.deepEqual(await walk('井盖', 1, true), [3]);
        assert.deepEqual(await walk('积水', 2), [79, 78]);
        assert.deepEqual(await walk('灯损坏无', 100), lamps);
        assert.deepEqual(await walk('无人路灯', 10), []); // every bigram but 人路 is there; not adjacent
      }
      // a row written just after the walks above, past the range they saw, is found by the next walk, newest first;
      // the oldest ones deleted, a walk from the oldest starts at the oldest left
      await sql`insert into text_docs (id, kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens)
        values (${81 * 28001}, 'petition', 81, 81, 81, '2019-10-02T00:00:00.000Z', null, null, '第81件', '路灯损坏无人修', ${indexText('第81件 路灯损坏无人修')})`.execute(store.db);
      assert.deepEqual(await walk('路灯损坏', 2), [81, 80]);
      assert.deepEqual(await walk('路灯损坏', 100), [81, ...lamps]);
      await sql`delete from text_docs where id <= ${4 * 28001}`.execute(store.db);
      assert.deepEqual(await walk('路灯损坏', 2, true), [8, 12]);
    });

    test('what a walk reads: a common word along the primary key, a rare one through the blocks (PostgreSQL)', { skip: dialect !== 'postgres' }, async () => {
      await store.write(async (tx) => { await tx.deleteFrom('textDocs').execute(); await tx.deleteFrom('textCodeDf').execute(); await tx.deleteFrom('textState').execute(); });
      // 600 documents: 积水 in every one of the first 300 and every 4th after (the statistics: five in eight); 噪音
      // in none of the first 300 and every one after (one in two); 红绿灯 in three
      await store.write(async (tx) => {
        for (let i = 1; i <= 600; i++) {
          const body = [i <= 300 || i % 4 === 0 ? '道路积水' : '路面破损', i > 300 ? '夜间噪音' : '', [100, 350, 550].includes(i) ? '路口增设红绿灯' : ''].join('；');
          await writeDoc(tx, doc(i, `第${i}件`, body));
        }
      });
      await refreshCodeStats(store, '2026-11-27T08:00:00.000Z');
      // the statements the walk sent that asked the bucketed index's blocks
      const statements: string[] = [];
      const db = store.db.withPlugin({
        transformQuery: (args) => { statements.push(JSON.stringify(args.node)); return args.node; },
        transformResult: async (args) => args.result,
      });
      const walk = async (q: string, limit: number, oldest = false) => {
        statements.length = 0;
        const ids = await sourceIds(await newestMatches(db, dialect, matchingDocs(db, dialect, q)!, q, limit, { oldest }));
        return { ids, blocks: statements.filter((s) => s.includes('fq_bucket_codes')).length };
      };
      const saved = process.env.FENGQIAO_SEARCH_FIRST_WINDOW;
      process.env.FENGQIAO_SEARCH_FIRST_WINDOW = '2048';
      try {
        // 积水: its first window (256 ids) holds 64 of the 100 asked; the rest lies along the key too, not in a block
        // statement that would read every match of the block
        const puddles = [...Array.from({ length: 75 }, (_, k) => 600 - 4 * k), ...Array.from({ length: 300 }, (_, k) => 300 - k)];
        assert.deepEqual(await walk('积水', 100), { ids: puddles.slice(0, 100), blocks: 0 });
        // 噪音 from the oldest: none in its first window, found in a window four times larger along the key
        assert.deepEqual(await walk('噪音', 1, true), { ids: [301], blocks: 0 });
        // 红绿灯, the oldest one: too rare to look for along the key, one block statement
        assert.deepEqual(await walk('红绿灯', 1, true), { ids: [100], blocks: 1 });
        assert.deepEqual((await walk('红绿灯', 10)).ids, [550, 350, 100]);
      } finally {
        if (saved === undefined) delete process.env.FENGQIAO_SEARCH_FIRST_WINDOW; else process.env.FENGQIAO_SEARCH_FIRST_WINDOW = saved;
      }
    });
  });
}
