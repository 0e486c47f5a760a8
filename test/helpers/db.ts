/**
 * Test databases. Every store test runs once per dialect (`for (const dialect of DIALECTS)`), on a fresh
 * database: SQLite in memory, PostgreSQL in a new database created for the test and dropped after it. The tests of
 * the registrations' write path run on a third store too (`STORES`): SQLite on a file in a new temporary directory.
 * PostgreSQL is required: only FENGQIAO_TEST_PG=off leaves it out, and CI refuses that.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type DialectName, type Store } from '../../src/store/db.ts';

const PG_ADMIN = process.env.FENGQIAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (process.env.CI && process.env.FENGQIAO_TEST_PG === 'off') throw new Error('CI runs the PostgreSQL suite: FENGQIAO_TEST_PG=off is not allowed there');

export const DIALECTS: DialectName[] = process.env.FENGQIAO_TEST_PG === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestStore extends Store {
  drop(): Promise<void>;
}

/**
 * The stores the write path of registrations is tested on: SQLite in memory writes every registration on the request
 * thread; SQLite on a file writes groups of them by its writer thread (src/store/sqlite-writer.ts).
 */
export const STORES: { name: string; dialect: DialectName; file?: boolean }[] = [
  ...DIALECTS.map((dialect) => ({ name: dialect, dialect })),
  { name: 'sqlite file', dialect: 'sqlite', file: true },
];

export async function freshStore(dialect: DialectName, opts: { file?: boolean } = {}): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = opts.file ? fs.mkdtempSync(path.join(os.tmpdir(), 'fq-test-')) : undefined;
    const store = openStore(dir ? path.join(dir, 'fengqiao.db') : ':memory:');
    await migrate(store);
    return { ...store, drop: async () => { await store.close(); if (dir) fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `fq_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const store = openStore(url.toString(), { poolSize: 4 });
  await migrate(store);
  return {
    ...store,
    async drop() {
      await store.close();
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/store/migrations');
const provider = {
  async getMigrations() {
    const out: Record<string, Migration> = {};
    for (const f of fs.readdirSync(MIGRATIONS).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.ts$/.test(f)).sort()) out[f.replace(/\.ts$/, '')] = (await import(path.join(MIGRATIONS, f))) as Migration;
    return out;
  },
};
/** Migrates a store up, or down, to the migration `name` (it included), for the tests of an upgrade. */
export async function migrateTo(store: Store, name: string): Promise<void> {
  const r = await new Migrator({ db: store.db as Kysely<any>, provider }).migrateTo(name);
  if (r.error) throw r.error;
}
