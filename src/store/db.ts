/**
 * Opening the database. The one place that knows the two dialects apart (STYLE.md §8):
 * SQLite (better-sqlite3, WAL) is the embedded default; PostgreSQL (pg) is production.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, CompiledQuery, Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig, type PostgresPool, type PostgresPoolClient, sql, type Migration, type MigrationProvider, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { memoryChannel, postgresChannel, type LiveChannel } from './live.ts';
import { fileURLToPath } from 'node:url';
import { sqliteWriter, type SqliteBatch, type SqliteWriter } from './sqlite-writer.ts';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: DialectName;
  url: string;
  /**
   * Runs a unit of work in a transaction. On SQLite, units that arrive while a commit is being prepared share one
   * transaction (group commit), each inside its own savepoint: a unit that throws is rolled back alone and its
   * caller gets the error; the others commit together. A commit's cost is writing the touched pages to the WAL,
   * so sharing it multiplies throughput under load. On PostgreSQL each unit is its own transaction.
   */
  write<T>(unit: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * A unit whose writing is one statement, atomic by itself: on PostgreSQL it runs without a surrounding
   * transaction (saving the BEGIN and COMMIT round trips); on SQLite it joins the group commit like `write`.
   * Inside it, `within(tx, …)` opens a real transaction for a branch that writes more than once.
   */
  atomic<T>(unit: (tx: Db | Transaction<Database>) => Promise<T>): Promise<T>;
  within<T>(tx: Db | Transaction<Database>, unit: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * SQLite only: the connection itself, with statements kept prepared, for the registration write path
   * (registration.repository.ts). Kysely runs its queries on this same connection, so statements run here inside
   * a `write` unit belong to that unit's transaction.
   */
  sqlite?: SQLite.Database;
  /**
   * SQLite on a file only: writes a batch of rows on the writer thread (sqlite-writer.ts), off the request thread, in
   * one transaction of the writer's connection. Batches and the units of `write` take turns: a batch waits while a
   * unit's transaction is open or waiting, and a unit's transaction waits until the batches sent before it are
   * answered; batches sent one after another may be in flight together (the writer runs them in order).
   */
  sqliteBatch?(batch: SqliteBatch): Promise<'written' | 'stale'>;
  /** PostgreSQL only: the pool, for the same write path with named (server-side prepared) statements. */
  pg?: pg.Pool;
  /** live updates of matters to every server process: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite (live.ts) */
  live: LiveChannel;
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

/**
 * PostgreSQL's `effective_io_concurrency` for the platform's connections (its default is 1: no read-ahead): how many
 * pages a bitmap heap scan asks for ahead (posix_fadvise). The search and the repeat check read a phrase's rows that
 * way, a hundred rows on a hundred pages, one after another when the page cache has let them go. At 1,000,000
 * petitions with the cache dropped, 256 against 1 took the repeat check from p50 19–26 / p95 32–42 ms to 12–13 /
 * 20–22 ms and searches' p95 from 47–76 to 25–34 ms; with the pages cached it changes nothing measurable
 * (bench/text; docs/TEXT.md, 7 Dec 2026).
 */
export const PG_IO_CONCURRENCY = 256;

/**
 * How long the pool keeps a connection it is not using (pg's default: 10 s). A connection opened again pays for the
 * connection, a new server process's caches and the prepared statements of the repeat check's probes, and at a bureau
 * whose registrations come minutes apart every check paid it: 11.8–21.2 ms after 11 s of quiet against 3.9–5.4 ms
 * with the connections kept (docs/TEXT.md, sixteenth session). TCP keepalive finds a connection a firewall dropped while
 * idle, and an idle connection does not keep a process from exiting (`allowExitOnIdle`).
 */
export const PG_IDLE_MS = 600_000;

/**
 * The pool's connections: PG_IO_CONCURRENCY is set as a statement once a connection opens, before the pool hands it
 * to anyone (awaited in `connect`, so no query is sent while it runs; node-postgres deprecates that). Not in `options`:
 * a server on a platform without posix_fadvise refuses the setting, and its connections keep the default.
 */
class SettingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
    const ready = super.connect().then(() => this.query(`set effective_io_concurrency = ${PG_IO_CONCURRENCY}`).then(() => this, () => this));
    if (!callback) return ready;
    const cb = callback as (err: Error | null, c?: pg.Client) => void;
    ready.then((c) => cb(null, c), (e: Error) => cb(e));
  }
}

/**
 * A statement whose SQL starts with this comment runs as a named (server-side prepared) statement on PostgreSQL
 * (`prepared`): parsed once per connection and, once PostgreSQL settles on a generic plan (after five runs, when it
 * costs no more than the custom ones), not planned again either. Each connection keeps every statement it has
 * prepared, so this is for statements of few distinct texts only: the repeat check's probe walks (text/index.ts).
 */
export const PREPARED = '/* prepared */ ';
/** `q` marked to run as a named statement on PostgreSQL (`PREPARED`); SQLite ignores the comment. */
export const prepared = (q: CompiledQuery): CompiledQuery => ({ ...q, sql: PREPARED + q.sql });

/**
 * The pool as Kysely sees it: a statement marked `PREPARED` goes to the connection as a named statement, by a hash
 * of its text (one text, one name: node-postgres refuses a name reused for another text). One wrapper a connection,
 * kept: Kysely keeps its own per-connection state by the client object it is handed.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((q: string | object, values?: readonly unknown[]) => (typeof q === 'string' && q.startsWith(PREPARED)
      ? client.query({ name: `fq_${crypto.createHash('sha1').update(q).digest('base64url').slice(0, 20)}`, text: q, values: [...values ?? []] })
      : client.query(q as string, values as unknown[]))) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    connect: async () => {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) wrapped.set(client, (w = wrap(client)));
      return w;
    },
    end: () => pool.end(),
  };
}

export function openStore(url: string, opts: { poolSize?: number; backgroundCheckpoint?: boolean } = {}): Store {
  const { dialect, target } = parseDatabaseUrl(url);
  if (dialect === 'postgres') {
    // counts (int8) come back as strings and are normalised in the repositories
    // JIT off: it compiles a query whose cost the planner overrates (100–200 ms measured on a search that then ran in
    // 1 ms); a transactional application's queries are short, and PostgreSQL's own guidance is to leave JIT to analytics
    const pool = new pg.Pool({ Client: SettingClient, connectionString: target, max: opts.poolSize ?? 10, options: '-c jit=off', idleTimeoutMillis: PG_IDLE_MS, keepAlive: true, allowExitOnIdle: true });
    // an idle client whose connection the server ends (restart, failover, DROP DATABASE) must not crash the process:
    // the pool drops it and the next query opens a new one
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), plugins: [new CamelCasePlugin()] });
    const live = postgresChannel(pool, target);
    return {
      db, dialect, url,
      write: (unit) => db.transaction().execute(unit),
      atomic: (unit) => unit(db),
      within: (tx, unit) => (tx.isTransaction ? unit(tx as Transaction<Database>) : tx.transaction().execute(unit)),
      pg: pool,
      live,
      close: async () => { await live.close(); await db.destroy(); },
    };
  }
  if (target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sqlite = new SQLite(target);
  sqlite.pragma('journal_mode = WAL');
  const file = target !== ':memory:';
  const background = file && opts.backgroundCheckpoint !== false;
  // the settings of every connection to the file: this one and the writer thread's
  const pragmas = [
    // NORMAL in WAL mode: a committed transaction survives a process crash; only an OS crash may lose the last ones.
    'synchronous = NORMAL',
    'busy_timeout = 5000',
    'foreign_keys = ON',
    // a 64 MiB page cache and memory-mapped reads: index pages of a busy register stay in memory
    'cache_size = -65536',
    'mmap_size = 268435456',
    'temp_store = memory',
    // checkpoints by the thread below; the committing connection's own only as a backstop
    ...(background ? ['wal_autocheckpoint = 20000'] : []),
  ];
  for (const p of pragmas) sqlite.pragma(p);
  let checkpointer: Worker | undefined;
  if (background) {
    checkpointer = new Worker(CHECKPOINTER, { eval: true, workerData: { file: path.resolve(target), intervalMs: 500, sqliteModule: require.resolve('better-sqlite3') } });
    checkpointer.unref();
  }
  const writer = file ? sqliteWriter(path.resolve(target), pragmas, require.resolve('better-sqlite3')) : undefined;
  const cached = cachingPrepare(sqlite);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cached }), plugins: [new CamelCasePlugin()] });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    await writer?.close();
    if (checkpointer) {
      checkpointer.ref(); // an unreferenced worker would let the process exit while we wait for it
      checkpointer.postMessage('stop');
      await new Promise((r) => checkpointer!.once('exit', r));
    }
    await db.destroy();
  })());
  const { write, batch } = groupCommit(db, cached, writer);
  return {
    db, dialect, url, write, atomic: write, within: (tx, unit) => unit(tx as Transaction<Database>), sqlite: cached, live: memoryChannel(), close,
    ...(writer ? { sqliteBatch: batch } : {}),
  };
}

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE) rather than at their first write.
 * A transaction begun the default way reads from a snapshot; if another connection — the writer thread, another
 * process — commits before its first write, that write fails at once (SQLITE_BUSY_SNAPSHOT: the lock cannot be
 * waited for), and the unit of work fails with it. Taken at BEGIN, the lock is waited for (busy_timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * SQLite's WAL checkpoint, off the request thread. A checkpoint copies the WAL into the database file and fsyncs
 * both; run by the connection that commits (SQLite's default, every 1000 pages) it stalls every request behind
 * that fsync. This worker thread holds its own connection and checkpoints (PASSIVE: it never blocks writers) twice
 * a second; the main connection's automatic checkpoint stays on, at a larger size, as a backstop.
 * (Plain JavaScript evaluated in the worker: a worker does not go through the TypeScript loader.)
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); } });
`;
const require = createRequire(import.meta.url);

interface Pending {
  unit: (tx: Transaction<Database>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for SQLite (see Store.write). At most MAX_GROUP units share a transaction. The savepoints around
 * each unit run as statements prepared once on the connection itself (the one Kysely uses): through the query
 * builder, three of them per unit cost about as much as a registration's own inserts.
 *
 * With a writer thread (Store.sqliteBatch), the request thread's transactions and the writer's batches take turns,
 * so that the two connections never wait for each other's lock: SQLite waits by sleeping, which on the request
 * thread stops the server, and a transaction that has read before another connection's commit cannot write at all.
 */
function groupCommit(db: Db, sqlite: SQLite.Database, writer?: SqliteWriter): { write: Store['write']; batch: NonNullable<Store['sqliteBatch']> } {
  const MAX_GROUP = 64;
  const savepoint = sqlite.prepare('savepoint unit');
  const release = sqlite.prepare('release savepoint unit');
  const rollbackTo = sqlite.prepare('rollback to savepoint unit');
  let queue: Pending[] = [];
  let running = false; // the request thread's turn: scheduled or in a transaction
  let inFlight = 0; // batches sent to the writer and not yet answered
  let held: (() => void)[] = []; // batches waiting for the request thread's turn to end
  const startFlush = () => {
    if (running || inFlight || !queue.length) return;
    running = true;
    // let the units that arrive in this turn of the event loop join the group
    setImmediate(() => void flush());
  };
  const flush = async () => {
    while (queue.length) {
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(MAX_GROUP);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      try {
        await db.transaction().execute(async (tx) => {
          for (const p of group) {
            savepoint.run();
            try {
              const value = await p.unit(tx);
              release.run();
              outcomes.push({ ok: true, value });
            } catch (e) {
              rollbackTo.run();
              release.run();
              outcomes.push({ ok: false, value: e });
            }
          }
        });
        group.forEach((p, i) => (outcomes[i]!.ok ? p.resolve(outcomes[i]!.value) : p.reject(outcomes[i]!.value)));
      } catch (e) {
        for (const p of group) p.reject(e);
      }
      if (held.length) break; // the writer's turn
    }
    running = false;
    const go = held;
    held = [];
    for (const send of go) send();
    startFlush();
  };
  return {
    write: <T>(unit: (tx: Transaction<Database>) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ unit, resolve: resolve as (v: unknown) => void, reject });
        startFlush();
      }),
    batch: (b) => new Promise((resolve, reject) => {
      const send = () => {
        inFlight++;
        writer!.write(b).then(resolve, reject).finally(() => { inFlight--; startFlush(); });
      };
      // while the request thread's turn is on, or its units wait for theirs, the batch waits
      if (running || queue.length) held.push(send);
      else send();
    }),
  };
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

/** Below this many rows a list's `total` is exact on PostgreSQL (FENGQIAO_EXACT_TOTAL_UP_TO; read per call). */
export const exactTotalUpTo = () => Math.max(1, Number(process.env.FENGQIAO_EXACT_TOTAL_UP_TO) || 10_000);

/**
 * How many rows a list query matches, for the list's `total`. A count reads every matching row, on every page
 * view: past a few million rows that is most of a list's time. On PostgreSQL the rows are counted up to
 * `exactTotalUpTo()` (a count of at most that many index entries); past it the total is the planner's estimate
 * (EXPLAIN, nothing read; from the statistics ANALYZE keeps) and `estimated` is true. SQLite (one bureau's
 * register) counts exactly. `rows` is the list query before its select list, order and page.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any list query over any tables
export async function countRows(db: Db, rows: SelectQueryBuilder<any, any, object>): Promise<{ total: number; estimated: boolean }> {
  const matching = rows.select(sql<number>`1`.as('one'));
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const r = await db.selectFrom(matching.as('m')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { total: num(r.n), estimated: false };
  }
  const cap = exactTotalUpTo();
  const capped = await db.selectFrom(matching.limit(cap + 1).as('m')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (num(capped.n) <= cap) return { total: num(capped.n), estimated: false };
  const q = matching.compile();
  const plan = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(CompiledQuery.raw(`explain (format json) ${q.sql}`, [...q.parameters]));
  const estimate = Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  return { total: Math.max(estimate, cap + 1), estimated: true };
}
