/**
 * Opening the database. The one place that knows the two dialects apart (STYLE.md §8):
 * SQLite (better-sqlite3, WAL) is the embedded default; PostgreSQL (pg) is production.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import * as m0001 from './migrations/2026-11-26T1200-initial.ts';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: DialectName;
  url: string;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26T1200-initial': m0001,
};

/** `postgres://…` → PostgreSQL; `file:PATH`, a path, or `:memory:` → SQLite. */
export function parseDatabaseUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  return { dialect: 'sqlite', target: url.replace(/^file:/, '') };
}

export function openStore(url: string, opts: { poolSize?: number } = {}): Store {
  const { dialect, target } = parseDatabaseUrl(url);
  if (dialect === 'postgres') {
    // counts (int8) come back as strings and are normalised in the repositories
    const pool = new pg.Pool({ connectionString: target, max: opts.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    return { db, dialect, url, close: () => db.destroy() };
  }
  if (target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sqlite = new SQLite(target);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a process crash; only an OS crash may lose the last ones.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  return { db, dialect, url, close: () => db.destroy() };
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrate(store: Store): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema of their own time
  const migrator = new Migrator({ db: store.db as Kysely<any>, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Normalises what the two drivers return differently: pg's int8 counts as strings, SQLite's booleans as 0/1. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v));
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';
