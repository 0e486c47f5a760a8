/**
 * PostgreSQL keeps a search document's text and codes in its row (migration 2026-11-28T0000-text-docs-inline): a
 * search that checks a candidate's text for adjacency reads it from the row's own page, not from the TOAST table (the
 * similarity sketch too: migration 2026-12-07T1000); and
 * the pool's connections read a bitmap heap scan's pages ahead and outlive a quiet spell.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { matchingDocs, newestMatches, writeDoc } from '../../src/text/index.ts';
import '../../src/store/schema-text.ts';
import { PG_IO_CONCURRENCY } from '../../src/store/db.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';

/** The pool settings a quiet spell depends on (store/db.ts PG_IDLE_MS). */
const pick = (o: { idleTimeoutMillis?: number | null; keepAlive?: boolean; allowExitOnIdle?: boolean }) => ({ idleTimeoutMillis: o.idleTimeoutMillis, keepAlive: o.keepAlive, allowExitOnIdle: o.allowExitOnIdle });

const doc = (id: number, body: string) => ({
  kind: 'petition' as const, sourceId: id, petitionId: id, matterId: id, receivedAt: '2019-10-01T02:00:00.000Z',
  regionCode: null, categoryCode: null, title: `第${id}件`, body,
});
// a long petition: 640 characters that hardly repeat (2 kB of UTF-8) and twice as many codes (bigrams and trigrams,
// 5 kB), over the 2 kB at which PostgreSQL moves a row's longest values out of line by default, not compressible under
// it, and with the sketch's 512 bytes (migration 2026-12-07T1000) still under the page that `main` keeps them within
// (700 characters were kept before the sketch; a row over the page has its codes moved out, as before)
const long = (i: number) => Array.from({ length: 640 }, (_, k) => String.fromCharCode(0x4e00 + ((k * 7919 + i * 104729) % 20_000))).join('') + '请求核查红绿灯路口。';

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`search documents kept in their rows (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('a long petition\'s text and codes stay in its row, and a phrase is found in it', async () => {
      await store.write(async (tx) => { for (let i = 1; i <= 20; i++) await writeDoc(tx, doc(i, long(i))); });
      const storage = (await sql<{ attname: string; attstorage: string }>`select attname, attstorage from pg_attribute where attrelid = 'text_docs'::regclass and attname in ('title', 'body', 'codes', 'sketch') order by attname`.execute(store.db)).rows;
      assert.deepEqual(storage.map((r) => `${r.attname}:${r.attstorage}`), ['body:m', 'codes:m', 'sketch:p', 'title:m']);
      const toast = (await sql<{ t: string }>`select reltoastrelid::regclass::text as t from pg_class where relname = 'text_docs'`.execute(store.db)).rows[0]!.t;
      // nothing moved out of line: neither the text and codes nor the short values (a row over 2 kB has those moved
      // out when nothing else may be, and its date then read from the TOAST table)
      assert.equal(Number((await sql.raw<{ n: string }>(`select count(*) as n from ${toast}`).execute(store.db)).rows[0]!.n), 0);
      const found = await newestMatches(store.db, dialect, matchingDocs(store.db, dialect, '红绿灯路口')!, '红绿灯路口', 50);
      assert.equal(found.length, 20);
    });
  });

  describe(`the pool's connections read a search's pages ahead (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('every connection of the pool reads ahead of a bitmap heap scan (effective_io_concurrency)', async () => {
      // as many at once as the pool holds: each on its own connection
      const seen = await Promise.all(Array.from({ length: 10 }, () => sql<{ v: string; pid: number }>`select current_setting('effective_io_concurrency') as v, pg_backend_pid() as pid, pg_sleep(0.05)`.execute(store.db)));
      assert.ok(new Set(seen.map((r) => r.rows[0]!.pid)).size > 1);
      assert.deepEqual([...new Set(seen.map((r) => r.rows[0]!.v))], [String(PG_IO_CONCURRENCY)]);
    });

    test('the pool keeps an idle connection ten minutes, with TCP keepalive, and lets the process exit', () => {
      // pg's default closed it after 10 s: a repeat check after a quiet spell opened four connections again and
      // prepared its statements again (store/db.ts PG_IDLE_MS)
      assert.deepEqual(pick(store.pg!.options), { idleTimeoutMillis: 600_000, keepAlive: true, allowExitOnIdle: true });
    });
  });
}
