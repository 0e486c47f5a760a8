/**
 * Warming the database at start (store/prewarm.ts). SQLite: the whole file is read, a file over the limit is not,
 * and a server closing stops the reading. PostgreSQL: the search index is read by pg_prewarm where it is installed,
 * by one process of several. (That the pages end up cached is the operating system's part: docs/TEXT.md has the
 * searches measured after the page cache was dropped, with and without it.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { prewarmFile, prewarmPostgres, readSearchIndex } from '../../src/store/prewarm.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';

describe('prewarming the database file', () => {
  let dir: string, file: string;
  const size = 20 * 1024 * 1024 + 123; // several rounds of the four 2 MiB reads in flight, and a last piece not a whole one
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-prewarm-'));
    file = path.join(dir, 'fq.db');
    fs.writeFileSync(file, Buffer.alloc(size, 7));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads the file from start to end', async () => {
    const r = await prewarmFile(file);
    assert.equal(r.bytes, size);
    assert.equal(r.skipped, undefined);
    assert.ok(r.ms >= 0);
  });

  test('a file larger than the limit is not read', async () => {
    assert.deepEqual({ ...(await prewarmFile(file, { maxBytes: size - 1 })), ms: 0 }, { bytes: 0, ms: 0, skipped: 'larger than the limit' });
    assert.equal((await prewarmFile(file, { maxBytes: size })).bytes, size);
  });

  test('stops when the server closes', async () => {
    const stop = new AbortController();
    stop.abort();
    assert.deepEqual({ ...(await prewarmFile(file, { signal: stop.signal })), ms: 0 }, { bytes: 0, ms: 0, skipped: 'stopped' });
  });

  test('an empty file and a missing one', async () => {
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    assert.equal((await prewarmFile(empty)).bytes, 0);
    await assert.rejects(prewarmFile(path.join(dir, 'missing.db')), /ENOENT/);
  });

  test('FENGQIAO_PREWARM is on by default, off when asked, and nothing else', () => {
    assert.equal(loadConfig({}).prewarm, true);
    assert.equal(loadConfig({ FENGQIAO_PREWARM: 'off' }).prewarm, false);
    assert.throws(() => loadConfig({ FENGQIAO_PREWARM: 'no' }), (e: unknown) => e instanceof ConfigError && /FENGQIAO_PREWARM must be "on" or "off"/.test(e.message));
  });
});

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`prewarming the search index (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });
    const now = '2026-12-07T08:00:00.000Z';

    test('only where pg_prewarm is installed, within the limit, by the process holding the lease', async (t) => {
      assert.equal((await prewarmPostgres(store.db, { owner: 'a', now })).skipped, 'pg_prewarm is not installed');
      const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_prewarm'`.execute(store.db);
      if (!available.rows[0]!.n) return t.skip('this PostgreSQL has no pg_prewarm (the contrib modules)');
      await sql`create extension pg_prewarm`.execute(store.db);
      assert.equal((await prewarmPostgres(store.db, { owner: 'a', now, maxBytes: 0 })).skipped, 'larger than the limit');
      const r = await prewarmPostgres(store.db, { owner: 'a', now });
      assert.equal(r.skipped, undefined);
      // the table and every index on it (each index has at least its metapage, even with no rows)
      const size = await sql<{ bytes: string }>`select pg_relation_size('text_docs') + pg_indexes_size('text_docs') as bytes`.execute(store.db);
      assert.equal(r.bytes, Number(size.rows[0]!.bytes));
      assert.ok(r.bytes > 0);
      // the bench's reading (no limit, no lease) reads the same relations
      assert.equal((await readSearchIndex(store.db)).bytes, r.bytes);
      // another process starting within ten minutes leaves it
      assert.equal((await prewarmPostgres(store.db, { owner: 'b', now: '2026-12-07T08:05:00.000Z' })).skipped, 'another process prewarms');
      assert.equal((await prewarmPostgres(store.db, { owner: 'b', now: '2026-12-07T08:11:00.000Z' })).skipped, undefined);
      // a server closing stops before the next relation
      const stop = new AbortController();
      stop.abort();
      assert.deepEqual({ ...(await prewarmPostgres(store.db, { owner: 'c', now: '2026-12-07T08:30:00.000Z', signal: stop.signal })), ms: 0 }, { bytes: 0, ms: 0, skipped: 'stopped' });
    });
  });
}
