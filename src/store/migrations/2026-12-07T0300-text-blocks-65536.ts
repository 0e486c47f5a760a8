/**
 * PostgreSQL: the bucketed search index by blocks of 65,536 ids instead of 16,384 (`fq_bucket_codes`: code · 2²⁴ +
 * id >> 16; migration 2026-11-27T0900 made it with id >> 14). The function's results change, so the index is built
 * again: 422 s at 1,000,000 documents on a two-core machine, during which the petition indexer's writes wait
 * (registrations do not). Its pending-list limit stays 256 kB (migration 2026-11-27T1400).
 *
 * A repeat check's probe asks every block for each of its two codes: 124 index look-ups at 1,000,000 documents with
 * blocks of 16,384, 32 with blocks of 65,536. Measured at 1,000,000 (docs/TEXT.md, twelfth session), the two indexes
 * side by side and checks interleaved: the four probes 29–32% faster at p50, the whole repeat check 14–20% at p50,
 * 4-char searches 11–15% at the mean, 2-char searches 3–7% slower, 3-char unchanged; the index 1,297 MB instead of
 * 2,207 MB (fewer keys).
 * SQLite: nothing to do (FTS5 has no blocks).
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

async function buildWith(db: Kysely<any>, shift: number): Promise<void> {
  await sql`drop index if exists text_docs_bucket_codes`.execute(db);
  await sql.raw(`create or replace function fq_bucket_codes(id int, codes int4[]) returns int8[] language plpgsql immutable parallel safe as $$
    begin
      return array(select (c::int8 << 24) | (id >> ${shift}) from unnest(codes) c);
    end $$`).execute(db);
  await sql`set local maintenance_work_mem = '512MB'`.execute(db);
  await sql`create index text_docs_bucket_codes on text_docs using gin (fq_bucket_codes(id, codes)) with (gin_pending_list_limit = 256)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await buildWith(db, 16);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await buildWith(db, 14);
}
