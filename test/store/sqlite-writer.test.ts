/**
 * SQLite's writer thread (src/store/sqlite-writer.ts) and its turns with the request thread's group commit
 * (store/db.ts): a batch is written whole or not at all; a check that reads otherwise writes nothing; a failing
 * statement's error comes back with its code; a unit of `write` and a batch never hold the database at once; the
 * writer stops with the store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrate, openStore, type Store } from '../../src/store/db.ts';

describe('SQLite writer thread', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-writer-'));
    store = openStore(path.join(dir, 'fengqiao.db'));
    await migrate(store);
    await sql`create table w_test (id integer primary key, name text not null unique, data blob)`.execute(store.db);
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const names = async () => (await sql<{ name: string }>`select name from w_test order by id`.execute(store.db)).rows.map((r) => r.name);
  const insert = (rows: [number, string][]) => ({ sql: 'insert into w_test (id, name) values (?, ?)', rows });

  test('only a store on a file has one', () => {
    const memory = openStore(':memory:');
    assert.equal(memory.sqliteBatch, undefined);
    void memory.close();
    assert.equal(typeof store.sqliteBatch, 'function');
  });

  test('a batch is written in one transaction, and the request thread reads it at once', async () => {
    const blob = Buffer.from([0, 1, 2, 250]);
    assert.equal(await store.sqliteBatch!({ checks: [], writes: [insert([[1, '甲'], [2, '乙']]), { sql: 'update w_test set data = ? where id = ?', rows: [[blob, 2]] }] }), 'written');
    assert.deepEqual(await names(), ['甲', '乙']);
    const row = (await sql<{ data: Buffer }>`select data from w_test where id = 2`.execute(store.db)).rows[0]!;
    assert.deepEqual([...row.data], [0, 1, 2, 250]);
  });

  test('a check that reads otherwise: nothing of the batch is written', async () => {
    const check = { sql: 'select count(*), max(id) from w_test', params: [], expect: [[2, 2]] };
    assert.equal(await store.sqliteBatch!({ checks: [{ ...check, expect: [[2, 3]] }], writes: [insert([[3, '丙']])] }), 'stale');
    assert.deepEqual(await names(), ['甲', '乙']);
    assert.equal(await store.sqliteBatch!({ checks: [check], writes: [insert([[3, '丙']])] }), 'written');
    assert.deepEqual(await names(), ['甲', '乙', '丙']);
  });

  test('a failing statement: the error with its code, and nothing of the batch written', async () => {
    await assert.rejects(store.sqliteBatch!({ checks: [], writes: [insert([[4, '丁']]), insert([[5, '甲']])] }), (e: Error & { code?: string }) => {
      assert.match(e.message, /UNIQUE constraint failed: w_test.name/);
      assert.equal(e.code, 'SQLITE_CONSTRAINT_UNIQUE');
      return true;
    });
    assert.deepEqual(await names(), ['甲', '乙', '丙']);
    // the writer goes on
    assert.equal(await store.sqliteBatch!({ checks: [], writes: [insert([[4, '丁']])] }), 'written');
  });

  test('turns: a batch waits for an open transaction of the request thread, and a unit for the batches sent before it', async () => {
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let begun!: () => void;
    const inside = new Promise<void>((r) => { begun = r; });
    const unit = store.write(async (tx) => {
      await sql`insert into w_test (id, name) values (10, '戊')`.execute(tx);
      begun();
      await released; // the transaction stays open, holding SQLite's lock
      order.push('unit 1');
    });
    await inside;
    const first = store.sqliteBatch!({ checks: [], writes: [insert([[11, '己']])] }).then((r) => { order.push('batch 1'); return r; });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(order.length, 0, 'the batch waits for the open transaction');
    release();
    await unit;
    assert.equal(await first, 'written');
    // batches in flight, then a unit: it runs after them, and batches sent meanwhile wait for it
    const second = store.sqliteBatch!({ checks: [], writes: [insert([[12, '庚']])] }).then(() => order.push('batch 2'));
    const unit2 = store.write(async (tx) => { await sql`insert into w_test (id, name) values (13, '辛')`.execute(tx); order.push('unit 2'); });
    const third = store.sqliteBatch!({ checks: [], writes: [insert([[14, '壬']])] }).then(() => order.push('batch 3'));
    await Promise.all([second, unit2, third]);
    assert.deepEqual(order, ['unit 1', 'batch 1', 'batch 2', 'unit 2', 'batch 3']);
    assert.deepEqual((await names()).slice(-5), ['戊', '己', '庚', '辛', '壬']);
  });

  test('the writer stops with the store; a batch after that is refused', async () => {
    const other = openStore(path.join(dir, 'other.db'));
    await sql`create table t (x integer)`.execute(other.db);
    assert.equal(await other.sqliteBatch!({ checks: [], writes: [{ sql: 'insert into t (x) values (?)', rows: [[1], [2]] }] }), 'written');
    await other.close();
    await assert.rejects(other.sqliteBatch!({ checks: [], writes: [] }), /closed/);
  });
});
