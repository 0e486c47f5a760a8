/**
 * Upgrading an existing PostgreSQL database to the search index of integer codes (migrations 2026-11-27T0800 and
 * T0900, its blocks of 65,536 ids 2026-12-07T0300, its trigrams T0700): rows indexed the old way (tokens, tsvector)
 * get the codes `indexCodes` gives, their tokens blanked, the tsvector and its index gone and the bucketed index in
 * their place; and they are found by a search afterwards.
 * And an existing SQLite database to the contentless FTS5 index (T1100): the rows' tokens move into the index and out
 * of the rows, they are found as before, and later writes — new rows, rows written again, deleted rows, a rebuild —
 * keep the index in step.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { writeDoc } from '../../src/text/index.ts';
import os from 'node:os';
import { matchingDocs, newestMatches } from '../../src/text/index.ts';
import { indexCodes, indexText, queryCodes, TRIGRAM_BASE } from '../../src/text/tokenize.ts';
import { DIALECTS, migrateTo } from '../helpers/db.ts';

const PG_ADMIN = process.env.FENGQIAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const texts = ['小区物业擅自挪用维修基金，请求调查', '搅拌站噪音扰民 WiFi 2019', '水'];
describe('upgrade to the search codes (postgres)', { skip: !DIALECTS.includes('postgres') }, () => {
  const name = `fq_test_upgrade_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  let store: Store;
  const admin = async (q: string) => { const c = new pg.Client({ connectionString: PG_ADMIN }); await c.connect(); try { await c.query(q); } finally { await c.end(); } };
  before(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    store = openStore(url.toString(), { poolSize: 2 });
  });
  after(async () => { await store.close(); await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); });

  test('rows indexed before are coded, blanked and searchable after', async () => {
    await migrateTo(store, '2026-11-26T2330-rate-facts');
    for (const [i, t] of texts.entries()) {
      await sql`insert into text_docs (kind, source_id, petition_id, matter_id, received_at, title, body, tokens)
        values ('petition', ${i + 1}, ${i + 1}, ${i + 1}, '2019-01-01T00:00:00.000Z', '旧件', ${t}, ${indexText(`旧件 ${t}`)})`.execute(store.db);
    }
    assert.deepEqual(await migrate(store), ['2026-11-27T0800-text-codes', '2026-11-27T0900-text-buckets', '2026-11-27T1100-sqlite-contentless-fts', '2026-11-27T1200-text-docs-serial', '2026-11-27T1300-text-code-df', '2026-11-27T1400-text-gin-pending', '2026-11-27T1500-sqlite-matters-accused', '2026-11-27T2300-matters-scope', '2026-11-28T0000-text-docs-inline', '2026-12-07T0300-text-blocks-65536', '2026-12-07T0700-text-trigram-codes', '2026-12-07T1000-text-sketches']);
    const rows = (await sql<{ codes: number[]; tokens: string }>`select codes, tokens from text_docs order by source_id`.execute(store.db)).rows;
    assert.deepEqual(rows.map((x) => x.codes.map(Number)), texts.map((t) => indexCodes(`旧件 ${t}`)));
    assert.deepEqual(rows.map((x) => x.tokens), ['', '', '']);
    const indexes = (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'text_docs'`.execute(store.db)).rows.map((x) => x.indexname);
    assert.ok(indexes.includes('text_docs_bucket_codes'));
    assert.ok(!indexes.includes('text_docs_tsv'));
    // a short pending list for every search to scan (T1400)
    const opts = (await sql<{ o: string[] | null }>`select reloptions as o from pg_class where relname = 'text_docs_bucket_codes'`.execute(store.db)).rows[0]!.o;
    assert.deepEqual(opts, ['gin_pending_list_limit=256']);
    // blocks of 65,536 ids (T0300; 16,384 before): id 70,000 lies in block 1
    const key = (await sql<{ k: string[] }>`select fq_bucket_codes(70000, '{5}') as k`.execute(store.db)).rows[0]!.k;
    assert.deepEqual(key.map(String), [String(5 * 2 ** 24 + 1)]);
    const find = async (q: string) => (await newestMatches(store.db, 'postgres', matchingDocs(store.db, 'postgres', q)!, q, 10, { column: 'textDocs.sourceId' }));
    assert.deepEqual(await find('维修基金'), [1]);
    assert.deepEqual(await find('wifi'), [2]);
    assert.deepEqual(await find('旧件'), [3, 2, 1]);
  });

  test('the trigram codes (T0700): taken out by down, put back by up, and the code statistics dropped both ways', async () => {
    const codes = async () => (await sql<{ codes: number[] }>`select codes from text_docs order by source_id`.execute(store.db)).rows.map((x) => x.codes.map(Number));
    const stats = async () => Number((await sql<{ n: number }>`select count(*) as n from text_state where key = 'code-df'`.execute(store.db)).rows[0]!.n);
    const keepStats = () => sql`insert into text_state (key, value) values ('code-df', '{}') on conflict (key) do nothing`.execute(store.db);
    const trigram = queryCodes('维修基金').codes[0]!;
    assert.ok((await codes())[0]!.includes(trigram));
    await keepStats();
    await migrateTo(store, '2026-12-07T0300-text-blocks-65536'); // T0700 down
    assert.deepEqual(await codes(), texts.map((t) => indexCodes(`旧件 ${t}`).filter((c) => c < TRIGRAM_BASE)));
    assert.equal(await stats(), 0);
    // a document written meanwhile is coded by the database without trigrams
    await sql`update text_docs set body = '维修基金', tokens = ${indexText('旧件 维修基金')} where source_id = 3`.execute(store.db);
    assert.ok(!(await codes())[2]!.includes(trigram));
    await keepStats();
    assert.deepEqual(await migrate(store), ['2026-12-07T0700-text-trigram-codes', '2026-12-07T1000-text-sketches']);
    assert.deepEqual(await codes(), [...texts.slice(0, 2), '维修基金'].map((t) => indexCodes(`旧件 ${t}`)));
    assert.equal(await stats(), 0);
    const find = async (q: string) => (await newestMatches(store.db, 'postgres', matchingDocs(store.db, 'postgres', q)!, q, 10, { column: 'textDocs.sourceId' }));
    assert.deepEqual(await find('维修基金'), [3, 1]);
    assert.deepEqual(await find('修基'), [3, 1]);
  });
});

describe('upgrade to the contentless FTS5 index (sqlite)', () => {
  let dir: string;
  let store: Store;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-fts-upgrade-'));
    store = openStore(path.join(dir, 'fq.db'), { backgroundCheckpoint: false });
  });
  after(async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('rows indexed before move into the index, are found, and later writes keep the index in step', async () => {
    await migrateTo(store, '2026-11-27T0900-text-buckets');
    for (const [i, t] of texts.entries()) {
      await sql`insert into text_docs (kind, source_id, petition_id, matter_id, received_at, title, body, tokens)
        values ('petition', ${i + 1}, ${i + 1}, ${i + 1}, '2019-01-01T00:00:00.000Z', '旧件', ${t}, ${indexText(`旧件 ${t}`)})`.execute(store.db);
    }
    assert.deepEqual(await migrate(store), ['2026-11-27T1100-sqlite-contentless-fts', '2026-11-27T1200-text-docs-serial', '2026-11-27T1300-text-code-df', '2026-11-27T1400-text-gin-pending', '2026-11-27T1500-sqlite-matters-accused', '2026-11-27T2300-matters-scope', '2026-11-28T0000-text-docs-inline', '2026-12-07T0300-text-blocks-65536', '2026-12-07T0700-text-trigram-codes', '2026-12-07T1000-text-sketches']);
    // the lists' count reads this index, not every matter (migration T1500)
    const accused = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'matters_accused'`.execute(store.db);
    assert.equal(accused.rows.length, 1);
    const tokens = (await sql<{ tokens: string }>`select tokens from text_docs order by source_id`.execute(store.db)).rows;
    assert.deepEqual(tokens.map((x) => x.tokens), ['', '', '']);
    const find = async (q: string) => (await newestMatches(store.db, 'sqlite', matchingDocs(store.db, 'sqlite', q)!, q, 10, { column: 'textDocs.sourceId' }));
    assert.deepEqual(await find('维修基金'), [1]);
    assert.deepEqual(await find('wifi'), [2]);
    assert.deepEqual(await find('旧件'), [3, 2, 1]);

    const doc = (sourceId: number, body: string) => ({ kind: 'petition' as const, sourceId, petitionId: sourceId, matterId: sourceId, receivedAt: '2019-02-01T00:00:00.000Z', regionCode: null, categoryCode: null, title: '新件', body });
    await store.write((tx) => writeDoc(tx, doc(4, '路灯损坏无人维修')));
    assert.deepEqual(await find('路灯'), [4]);
    // written again with another text: found by the new words only, and once
    await store.write((tx) => writeDoc(tx, doc(4, '垃圾清运不及时')));
    await store.write((tx) => writeDoc(tx, doc(2, '垃圾堆放影响环境')));
    assert.deepEqual(await find('路灯'), []);
    assert.deepEqual(await find('搅拌站'), []);
    assert.deepEqual(await find('垃圾'), [4, 2]);
    assert.deepEqual(await find('新件'), [4, 2]);
    const blank = await sql<{ n: number }>`select count(*) as n from text_docs where tokens <> ''`.execute(store.db);
    assert.equal(Number(blank.rows[0]!.n), 0);
    // deleted: gone from the index too
    await sql`delete from text_docs where source_id = 4`.execute(store.db);
    assert.deepEqual(await find('垃圾'), [2]);
    assert.deepEqual(await find('旧件'), [3, 1]);
  });
});
