/**
 * Warming the database when the server starts. SQLite: reading its file once, start to end, so that its pages are
 * in the operating system's cache before the first searches and repeat checks need them.
 *
 * A search or a repeat check reads a few hundred pages scattered over the file: the index's lists, then the rows
 * of the documents it found. With the pages cached, a search at 1,000,000 petitions takes a few milliseconds; after a
 * restart of the machine every page is a read from the disk, one after another, and the same searches took 20–50 ms
 * at the median and 36–170 ms at p95 (docs/TEXT.md, eighteenth session). They warm up only as fast as searches
 * touch the file. Read in order, the disk gives the whole 3 GiB file of 1,000,000 petitions in 2–4 s on this
 * machine, and the searches are then as fast as with a warm cache.
 *
 * The reads go through libuv's thread pool in large pieces; the request thread only waits for them. A file larger
 * than the limit (by default half the machine's memory) is not read: the cache could not keep it, and reading it
 * would push out pages that are in use.
 *
 * PostgreSQL: the same for the search index's table and its indexes (`text_docs`, 6 GB at 1,000,000 petitions),
 * read by the database itself with the `pg_prewarm` extension when an administrator has installed it in the
 * database (`create extension pg_prewarm`), and when they fit in half of what `effective_cache_size` says the
 * database server can cache. One process of several does it: the first to take the lease `prewarm`, which it keeps
 * ten minutes, so that a restart of every process reads the index once.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { takeLease } from './outbox.repository.ts';

export interface Prewarmed {
  /** bytes read */
  bytes: number;
  ms: number;
  /** why the file was not read, or not to its end */
  skipped?: 'larger than the limit' | 'stopped';
}

/** What a server warms by default: files up to half the machine's memory. */
const defaultPrewarmLimit = (): number => Math.floor(os.totalmem() / 2);

const PIECE = 2 * 1024 * 1024;
const IN_FLIGHT = 4;

/** Reads `file` from start to end (the data is thrown away: the point is the operating system's cache). */
export async function prewarmFile(file: string, opts: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<Prewarmed> {
  const t0 = performance.now();
  const done = (bytes: number, skipped?: Prewarmed['skipped']): Prewarmed => ({ bytes, ms: Math.round(performance.now() - t0), ...(skipped ? { skipped } : {}) });
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size > (opts.maxBytes ?? defaultPrewarmLimit())) return done(0, 'larger than the limit');
    // a few reads in flight, each into a buffer of its own: one 8 MiB read at a time left the disk idle between
    // them (5.9 s for the 3 GiB file, against 1.7 s for `cat`; four of 2 MiB: 1.9–4.3 s)
    let next = 0, read = 0;
    const reader = async () => {
      const buf = Buffer.allocUnsafe(PIECE);
      while (next < size && !opts.signal?.aborted) {
        const at = next;
        next += PIECE;
        const { bytesRead } = await fh.read(buf, 0, Math.min(PIECE, size - at), at);
        read += bytesRead;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, reader));
    return opts.signal?.aborted && read < size ? done(read, 'stopped') : done(read);
  } finally {
    await fh.close();
  }
}

/** The relations a search and a repeat check read at random: the search index's table and every index on it. */
const TEXT_RELATIONS = sql`select c.oid, pg_relation_size(c.oid) as bytes from pg_class c
  where c.oid = 'text_docs'::regclass or c.oid in (select indexrelid from pg_index where indrelid = 'text_docs'::regclass)`;

type PgSkipped = 'pg_prewarm is not installed' | 'another process prewarms' | 'larger than the limit';
export type PgPrewarmed = Prewarmed | { bytes: 0; ms: number; skipped: PgSkipped };

/**
 * PostgreSQL: the search index's relations read into the database server's cache by `pg_prewarm` (mode `read`: the
 * operating system's cache, which holds far more than `shared_buffers`), where it is installed, within `maxBytes`
 * (by default half of `effective_cache_size`), by the process that takes the lease.
 */
export async function prewarmPostgres(db: Db, opts: { owner: string; now: string; maxBytes?: number; signal?: AbortSignal }): Promise<PgPrewarmed> {
  const t0 = performance.now();
  const skip = (skipped: PgSkipped) => ({ bytes: 0 as const, ms: Math.round(performance.now() - t0), skipped });
  const r = await sql<{ installed: boolean; cache: string }>`select exists (select 1 from pg_extension where extname = 'pg_prewarm') as installed,
    (select setting::bigint * 8192 from pg_settings where name = 'effective_cache_size') as cache`.execute(db);
  const { installed, cache } = r.rows[0]!;
  if (!installed) return skip('pg_prewarm is not installed');
  const relations = (await sql<{ oid: number; bytes: string }>`${TEXT_RELATIONS}`.execute(db)).rows;
  const total = relations.reduce((a, x) => a + Number(x.bytes), 0);
  if (total > (opts.maxBytes ?? Number(cache) / 2)) return skip('larger than the limit');
  if (!(await takeLease(db, 'prewarm', opts.owner, opts.now, 10 * 60_000))) return skip('another process prewarms');
  return readRelations(db, relations.map((x) => x.oid), opts.signal);
}

/** PostgreSQL: the search index's relations read by `pg_prewarm` now, whatever their size (bench/text `--prewarm`). */
export async function readSearchIndex(db: Db): Promise<Prewarmed> {
  return readRelations(db, (await sql<{ oid: number }>`${TEXT_RELATIONS}`.execute(db)).rows.map((x) => x.oid));
}

async function readRelations(db: Db, oids: number[], signal?: AbortSignal): Promise<Prewarmed> {
  const t0 = performance.now();
  // a relation a statement (the table, then each index): a server closing waits for the one being read, not for all
  let bytes = 0;
  for (const oid of oids) {
    if (signal?.aborted) return { bytes, ms: Math.round(performance.now() - t0), skipped: 'stopped' };
    bytes += 8192 * Number((await sql<{ blocks: string }>`select pg_prewarm(${oid}::regclass, 'read') as blocks`.execute(db)).rows[0]!.blocks);
  }
  return { bytes, ms: Math.round(performance.now() - t0) };
}
