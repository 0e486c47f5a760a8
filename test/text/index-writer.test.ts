/**
 * The petition indexer's batch writer (text/index-writer.ts) writes exactly the rows `indexNewPetition` writes
 * (through `writeDoc`), sketches included, they are found by a search, and it replaces a petition's row as `writeDoc`
 * does, in a transaction of the caller or (`indexPetitions`) on its own: on SQLite on a file by the writer thread.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { indexNewPetition } from '../../src/services/text-search.ts';
import { indexPetitions, petitionText, writePetitionDocs, type NewPetitionDoc } from '../../src/text/index-writer.ts';
import { sketchOf } from '../../src/text/sketch.ts';
import { matchingDocs, newestMatches } from '../../src/text/index.ts';
import '../../src/store/schema-text.ts';
import { freshStore, STORES, type TestStore } from '../helpers/db.ts';

const texts: Omit<NewPetitionDoc, 'id' | 'matterId'>[] = [
  { receivedAt: '2019-10-14T02:00:00.000Z', regionCode: '440606005', categoryCode: '0301', title: '物业挪用维修基金', content: '物业公司未经业主大会同意动用专项维修资金，请求调查。', address: '大良街道新城路8号' },
  { receivedAt: '2019-10-14T03:00:00.000Z', regionCode: null, categoryCode: null, title: '搅拌站噪音扰民', content: '混凝土搅拌站日夜生产，噪音和粉尘严重影响居民生活。', address: null },
  { receivedAt: '2019-10-14T04:00:00.000Z', regionCode: '440605', categoryCode: null, title: 'ＡＢＣ公司拖欠工资 2019', content: 'Wage arrears: 公司拖欠工资半年，共１２人。', address: '' },
];

for (const { name, dialect, file } of STORES) {
  describe(`index writer (${name})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect, { file }); });
    after(async () => { await store.drop(); });

    // every column but the id (PostgreSQL's search codes too)
    const rowsOf = async (ids: number[]) => (await store.db.selectFrom('textDocs')
      .select(['kind', 'sourceId', 'petitionId', 'matterId', 'receivedAt', 'regionCode', 'categoryCode', 'title', 'body', 'tokens', 'sketch'])
      .$if(dialect === 'postgres', (q) => q.select(sql<number[]>`codes`.as('codes')))
      .where('kind', '=', 'petition').where('sourceId', 'in', ids).orderBy('sourceId').execute())
      .map((r) => ({ ...r, sourceId: Number(r.sourceId), petitionId: Number(r.petitionId), matterId: Number(r.matterId), sketch: r.sketch ? Buffer.from(r.sketch) : null }));
    // every match, through the walk a search reads them by (on PostgreSQL the walk adds the codes)
    const found = async (q: string) => (await newestMatches(store.db, dialect, matchingDocs(store.db, dialect, q)!, q, 10_000, { column: 'textDocs.sourceId' })).sort((a, b) => a - b);

    test('the rows are those indexNewPetition writes, and searchable', async () => {
      const one = texts.map((t, i) => ({ ...t, id: 101 + i, matterId: 11 + i }));
      const batch = texts.map((t, i) => ({ ...t, id: 201 + i, matterId: 11 + i }));
      await store.write(async (tx) => { for (const d of one) await indexNewPetition(tx, d); });
      // as the petition indexer writes them: on SQLite on a file by the writer thread
      await indexPetitions(store, batch);
      const a = await rowsOf(one.map((d) => d.id)), b = await rowsOf(batch.map((d) => d.id));
      assert.equal(b.length, texts.length);
      assert.deepEqual(b.map((r) => ({ ...r, sourceId: r.sourceId - 100, petitionId: r.petitionId - 100 })), a);
      if (dialect === 'postgres') assert.ok(a.every((r) => (r as { codes?: number[] }).codes!.length > 10));
      // each with the sketch of its title, content and address (text/sketch.ts), as the repeat check takes its own
      assert.deepEqual(a.map((r) => r.sketch), texts.map((t) => sketchOf(petitionText(t))));
      assert.deepEqual(await found('维修资金'), [101, 201]);
      assert.deepEqual(await found('新城路'), [101, 201]); // the address is part of the body
      assert.deepEqual(await found('abc'), [103, 203]);
      assert.deepEqual(await found('12人'), [103, 203]);
    });

    test('inside a transaction, more rows than one statement takes, and a petition indexed again', async () => {
      const many = Array.from({ length: 75 }, (_, i) => ({ ...texts[1]!, id: 301 + i, matterId: 31 + i, title: `路灯损坏第${i}处` }));
      await store.write((tx) => writePetitionDocs(tx, store, many));
      assert.equal((await rowsOf(many.map((d) => d.id))).length, 75);
      assert.equal((await found('路灯')).length, 75);
      // the same petition again (the catch-up got there first), and twice in one batch: one row, the last text
      const again = { ...texts[0]!, id: 301, matterId: 31, title: '违章搭建占用人行道' };
      await indexPetitions(store, [{ ...again, title: '旧标题' }, again]);
      const [row] = await rowsOf([301]);
      assert.equal(row!.title, '违章搭建占用人行道');
      // its text as writeDoc writes it (the upsert keeps the rest of the row, as writeDoc's does)
      await store.write((tx) => indexNewPetition(tx, { ...again, id: 401 }));
      const [ref] = await rowsOf([401]);
      const text = (r: Record<string, unknown>) => ({ title: r.title, body: r.body, tokens: r.tokens, sketch: r.sketch, regionCode: r.regionCode, categoryCode: r.categoryCode, codes: r.codes });
      assert.deepEqual(text(row!), text(ref!));
      assert.deepEqual(await found('人行道'), [301, 401]);
      assert.equal((await found('路灯')).length, 74);
      assert.deepEqual(await found('旧标题'), []);
      await store.write((tx) => writePetitionDocs(tx, store, []));
    });
  });
}

