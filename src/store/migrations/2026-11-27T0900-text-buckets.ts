/**
 * PostgreSQL: the GIN index of the search codes, by block of ids (issue 7, "Search at scale" in docs/TEXT.md).
 *
 * A plain GIN index on `codes` answers "which rows hold these codes" for the whole table at once: for a common bigram
 * that is tens of thousands of rows at 1,000,000 documents (78,221 for 物业, 26 ms to read them from the index
 * alone), all to be fetched and sorted to find the newest 200. Here every key is a code paired with its row's block
 * of 16,384 ids (`fq_bucket_codes(id, codes)`: code · 2²⁴ + block, as int8), so the index answers "which rows of
 * block b hold these codes": a search asks the newest blocks first and stops, each costing what that block holds
 * (text/index.ts `newestMatches`); the lists' text filter asks every block in one statement. The code is the high
 * part of the key so that the blocks of one code sit side by side in the index: a statement asking many blocks
 * reads a few neighbouring pages per code, not a page per block.
 *
 * The function is PL/pgSQL so that the planner matches it to the index by name rather than inlining it.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function fq_bucket_codes(id int, codes int4[]) returns int8[] language plpgsql immutable parallel safe as $$
    begin
      return array(select (c::int8 << 24) | (id >> 14) from unnest(codes) c);
    end $$`.execute(db);
  await sql`set local maintenance_work_mem = '512MB'`.execute(db);
  await sql`create index text_docs_bucket_codes on text_docs using gin (fq_bucket_codes(id, codes))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists text_docs_bucket_codes`.execute(db);
  await sql`drop function if exists fq_bucket_codes(int, int4[])`.execute(db);
}
