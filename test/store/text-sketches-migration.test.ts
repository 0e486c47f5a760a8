/**
 * Upgrading a database to the similarity sketches (migration 2026-12-07T1000): the petition documents indexed before
 * get the sketch the writers give (text/index.ts `docSketch`), the event documents none, and on PostgreSQL the
 * bucketed search index is there again after and finds them; down drops the column.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrate } from '../../src/store/db.ts';
import { docSketch, matchingDocs, newestMatches } from '../../src/text/index.ts';
import { indexText } from '../../src/text/tokenize.ts';
import { DIALECTS, freshStore, migrateTo, type TestStore } from '../helpers/db.ts';

const docs = [
  { kind: 'petition', title: '物业挪用维修基金', body: '物业公司未经业主大会同意动用专项维修资金，请求调查。 大良街道新城路8号' },
  { kind: 'event', title: '物业挪用维修基金', body: '经核查，已责令物业公司退回维修资金。' },
  { kind: 'petition', title: '搅拌站噪音扰民', body: '混凝土搅拌站日夜生产，噪音和粉尘严重影响居民生活。' },
];

for (const dialect of DIALECTS) {
  describe(`upgrade to the similarity sketches (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    const columns = async () => dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from pragma_table_info('text_docs')`.execute(store.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'text_docs'`.execute(store.db)).rows.map((r) => r.name);

    test('rows indexed before get their sketches; down drops the column', async () => {
      await migrateTo(store, '2026-12-07T0700-text-trigram-codes');
      assert.ok(!(await columns()).includes('sketch'));
      for (const [i, d] of docs.entries()) {
        await sql`insert into text_docs (kind, source_id, petition_id, matter_id, received_at, title, body, tokens)
          values (${d.kind}, ${i + 1}, ${d.kind === 'petition' ? i + 1 : null}, 1, '2019-01-01T00:00:00.000Z', ${d.title}, ${d.body}, ${indexText(`${d.title} ${d.body}`)})`.execute(store.db);
      }
      assert.deepEqual(await migrate(store), ['2026-12-07T1000-text-sketches']);
      const rows = await store.db.selectFrom('textDocs').select(['kind', 'sketch']).orderBy('sourceId').execute();
      assert.deepEqual(rows.map((r) => (r.sketch ? Buffer.from(r.sketch) : null)), docs.map((d) => docSketch(d)));
      assert.equal(rows[1]!.sketch, null);
      const find = async (q: string) => newestMatches(store.db, dialect, matchingDocs(store.db, dialect, q)!, q, 10, { column: 'textDocs.sourceId' });
      assert.deepEqual(await find('维修'), [2, 1]);
      assert.deepEqual(await find('搅拌站'), [3]);
      await migrateTo(store, '2026-12-07T0700-text-trigram-codes');
      assert.ok(!(await columns()).includes('sketch'));
      assert.deepEqual(await find('维修'), [2, 1]);
      assert.deepEqual(await migrate(store), ['2026-12-07T1000-text-sketches']);
    });
  });
}
