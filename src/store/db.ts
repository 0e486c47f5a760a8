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
import { fileURLToPath } from 'node:url';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: DialectName;
  url: string;
  close(): Promise<void>;
}

/**
 * Migrations are the files in ./migrations, applied in the order of their names (a date and time, then what
 * they do). Each exports up() and down(), takes Kysely<any> and imports nothing from the application.
 */
const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingPrepare(sqlite) }), plugins: [new CamelCasePlugin()] });
  return { db, dialect, url, close: () => db.destroy() };
}

/**
 * Kysely prepares a statement for every query it runs; preparing costs more than running a small insert. The
 * platform's queries are a few hundred distinct SQL texts, so prepared statements are kept by their SQL
 * (better-sqlite3 statements are reusable; Kysely runs each synchronously to completion).
 */
function cachingPrepare(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let stmt = cache.get(source);
          if (!stmt) {
            stmt = prepare(source);
            if (cache.size > 2000) cache.clear();
            cache.set(source, stmt);
          }
          return stmt;
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.ts$/.test(f)).sort();
    for (const f of files) out[f.replace(/\.ts$/, '')] = (await import(path.join(MIGRATIONS_DIR, f))) as Migration;
    return out;
  }
}

export async function migrate(store: Store): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema of their own time
  const migrator = new Migrator({ db: store.db as Kysely<any>, provider: new FolderProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Normalises what the two drivers return differently: pg's int8 counts as strings, SQLite's booleans as 0/1. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v));
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';
