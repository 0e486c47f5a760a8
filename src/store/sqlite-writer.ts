/**
 * SQLite's writer thread: a worker thread holding a second connection to the database file, which runs batches of
 * prepared inserts in one transaction each, off the request thread.
 *
 * SQLite runs a statement on the thread that calls it. On the one connection of a server, a registration's inserts,
 * its indexes and the commit that writes their pages to the WAL took about a quarter of the request thread's time
 * under load (docs/SCALE.md), while the machine's second core sat partly idle. The registrations of a group
 * (services/register-petition.ts `registerTogether`) are decided on the request thread — the repeat look-up, the ids,
 * the codes, the audit hashes — and their rows are then written here, as one transaction, while the request thread
 * goes on with the next requests.
 *
 * A batch carries checks: statements whose rows the writer reads again inside its transaction (taken with BEGIN
 * IMMEDIATE, so that nothing writes between the check and the commit) and compares with what the request thread
 * read before it built the rows. A batch whose checks differ writes nothing and answers `stale`; its caller
 * writes each registration again the usual way.
 *
 * The writer is nothing but SQL: it knows no table. It starts at its first batch and stops with the store.
 * (Plain JavaScript evaluated in the worker: a worker does not go through the TypeScript loader.)
 */
import { Worker } from 'node:worker_threads';

/** A value bound to a statement (a Buffer arrives in the worker as a Uint8Array, which SQLite takes as a blob). */
export type SqliteValue = string | number | null | Uint8Array;

/** Statements and rows bound to them, in order; each statement is prepared once on the writer's connection (a few texts in all). */
export interface SqliteBatch {
  /** statements read inside the transaction, before the writes; the batch is written only if each gives `expect` */
  checks: { sql: string; params: SqliteValue[]; expect: SqliteValue[][] }[];
  writes: { sql: string; rows: SqliteValue[][] }[];
}

export interface SqliteWriter {
  /** 'written' once committed; 'stale' if a check differed (nothing written); rejects with the statement's error (nothing written) */
  write(batch: SqliteBatch): Promise<'written' | 'stale'>;
  close(): Promise<void>;
}

const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
const db = new SQLite(workerData.file);
for (const p of workerData.pragmas) db.pragma(p);
const statements = new Map();
const prepare = (sql) => { let s = statements.get(sql); if (!s) { if (statements.size >= 500) statements.clear(); s = db.prepare(sql); statements.set(sql, s); } return s; };
const begin = db.prepare('begin immediate'), commit = db.prepare('commit'), rollback = db.prepare('rollback');
parentPort.on('message', (m) => {
  if (m === 'stop') { db.close(); parentPort.close(); return; }
  let answer;
  try {
    begin.run();
    try {
      let stale = false;
      for (const c of m.batch.checks) {
        if (JSON.stringify(prepare(c.sql).raw(true).all(...c.params)) !== c.expect) { stale = true; break; }
      }
      if (stale) { rollback.run(); answer = { id: m.id, stale: true }; }
      else {
        for (const w of m.batch.writes) { const s = prepare(w.sql); for (const r of w.rows) s.run(...r); }
        commit.run();
        answer = { id: m.id, written: true };
      }
    } catch (e) { if (db.inTransaction) rollback.run(); throw e; }
  } catch (e) {
    answer = { id: m.id, error: { message: String((e && e.message) || e), code: e && e.code } };
  }
  parentPort.postMessage(answer);
});
`;

/**
 * The writer of a database file. `pragmas` are the connection's settings (the request thread's, so that both
 * connections check foreign keys, wait for each other and checkpoint alike); `sqliteModule` is better-sqlite3's path.
 */
export function sqliteWriter(file: string, pragmas: readonly string[], sqliteModule: string): SqliteWriter {
  let worker: Worker | undefined;
  let seq = 0;
  const pending = new Map<number, { resolve: (v: 'written' | 'stale') => void; reject: (e: unknown) => void }>();
  const failAll = (e: unknown) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(WRITER, { eval: true, workerData: { file, pragmas, sqliteModule } });
    w.on('message', (m: { id: number; written?: true; stale?: true; error?: { message: string; code?: string } }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (!pending.size) w.unref(); // an idle writer does not keep the process alive
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.written ? 'written' : 'stale');
    });
    w.on('error', (e) => { failAll(e); });
    w.on('exit', () => {
      if (worker === w) worker = undefined; // the next batch starts another
      failAll(new Error('the SQLite writer thread stopped'));
    });
    w.unref();
    return w;
  };
  let closing: Promise<void> | undefined;
  return {
    write(batch) {
      if (closing) return Promise.reject(new Error('the store is closed'));
      worker ??= start();
      const id = ++seq;
      // the checks' rows go as their JSON text: compared as text in the writer
      const message = { id, batch: { writes: batch.writes, checks: batch.checks.map((c) => ({ sql: c.sql, params: c.params, expect: JSON.stringify(c.expect) })) } };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.ref();
        worker!.postMessage(message);
      });
    },
    close: () => (closing ??= (async () => {
      const w = worker;
      if (!w) return;
      w.ref();
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage('stop');
      await exited;
    })()),
  };
}
