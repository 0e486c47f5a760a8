/**
 * PostgreSQL: the bucketed search index keeps a short pending list (`gin_pending_list_limit` 256 kB instead of the
 * server's 4 MB), and the rows waiting in it now are merged.
 *
 * A GIN index with `fastupdate` (PostgreSQL's default) collects new entries in a pending list and merges them into
 * the index when the list is full; every search scans the whole list, however little it asks. At 1,000,000
 * petitions, with new petitions indexed between the checks, the six probes of a repeat check took 6 ms at p50 with
 * the list empty, 13 ms with 226 pages waiting and 25 ms with 473 (docs/TEXT.md, "The pending list"). With 256 kB
 * (at most about 32 pages) they stay at 4–5.5 ms. The merges come more often and cost less each: 300 new rows took
 * 1.0–1.7 s with the short list, 1.4–2.3 s with no list at all (`fastupdate = off`) and 3.4–5.1 s per merge of
 * about 600 with the long one; under bench/intake the database's CPU per registration was 190–195 µs, against
 * 210–226 with the long list and 274–292 with none.
 * SQLite: nothing to do (FTS5 merges its own segments).
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter index text_docs_bucket_codes set (gin_pending_list_limit = 256)`.execute(db);
  await sql`select gin_clean_pending_list('text_docs_bucket_codes')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter index text_docs_bucket_codes reset (gin_pending_list_limit)`.execute(db);
}
