/**
 * PostgreSQL: the search codes gain the documents' CJK trigrams (tokenize.ts `indexCodes`, `trigramsOf`), so that a
 * phrase of three or more characters is asked by its trigrams instead of its bigrams. A trigram's holders are nearly
 * all holders of the phrase: a three-character search read the text of every row holding both its bigrams to check
 * that they were adjacent (置政府: 885 rows read, 692 of them rejected), and a repeat check's probe asked two common
 * bigrams in every block where one rare trigram does.
 *
 * - `fq_codes(tokens)`, which the trigger on `text_docs` codes other writers' tokens with, adds each pair of
 *   neighbouring bigram tokens of a run as a trigram (runs are separated by the one-character token 'ǂ');
 * - every row is coded again from its title and body by `indexCodes` itself (the tokens were not kept), in batches of
 *   5,000 ids, with the bucketed index dropped first and built again after (by blocks of 65,536 ids, as T0300 left it);
 *   measured at 1,000,000 documents in docs/TEXT.md (thirteenth session). Searches and the petition indexer's writes
 *   wait for it; registrations do not.
 * - the code statistics (text/stats.ts) are dropped, on both databases: they hold no trigrams, and a walk would take
 *   every phrase's trigram for a rare one. The server's text job takes them again soon after start; until then the
 *   walks read as they do without statistics.
 * Down: the codes of bigrams only, again from `indexCodes`' bigrams (the trigram codes are removed).
 * `fq_codes` is written out whole, as T0800 wrote it plus the trigrams: a migration keeps the function of its own time.
 * SQLite has nothing else to do (FTS5 phrase queries read positions).
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';
import { indexCodes, TRIGRAM_BASE } from '../../text/tokenize.ts';

const BATCH = 5_000;

async function codeAll(db: Kysely<any>, codesOf: (text: string) => number[]): Promise<void> {
  await sql`drop index if exists text_docs_bucket_codes`.execute(db);
  for (let last = 0; ;) {
    const rows = (await sql<{ id: number; title: string; body: string }>`select id, title, body from text_docs where id > ${last} order by id limit ${BATCH}`.execute(db)).rows;
    if (!rows.length) break;
    last = Number(rows[rows.length - 1]!.id);
    await sql`update text_docs t set codes = v.c::int4[] from unnest(${rows.map((r) => Number(r.id))}::int[], ${rows.map((r) => `{${codesOf(`${r.title} ${r.body}`).join(',')}}`)}::text[]) v(id, c) where t.id = v.id`.execute(db);
  }
  await sql`set local maintenance_work_mem = '512MB'`.execute(db);
  await sql`create index text_docs_bucket_codes on text_docs using gin (fq_bucket_codes(id, codes)) with (gin_pending_list_limit = 256)`.execute(db);
}

/** fq_codes of T0800, with or without the trigrams of neighbouring bigram tokens. */
async function codesFunction(db: Kysely<any>, trigrams: boolean): Promise<void> {
  const tri = trigrams
    ? `union all
      select ${TRIGRAM_BASE} + (((fq_cjk(ascii(t))::int8 * 28096 + fq_cjk(ascii(substr(t, 2)))) * 28096 + fq_cjk(ascii(substr(nx, 2)))) % 1358098429)::int
      from (select t, lead(t) over (order by n) as nx from regexp_split_to_table(tokens, ' ') with ordinality as s(t, n)) y
      where char_length(t) = 2 and char_length(nx) = 2 and t !~ '^[a-z0-9]+$' and nx !~ '^[a-z0-9]+$'`
    : '';
  await sql.raw(`create or replace function fq_codes(tokens text) returns int4[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct c order by c), '{}') from (
      select case
        when t ~ '^[a-z0-9]+$' then -28097 - ('x' || substr(md5(t), 1, 7))::bit(28)::int
        when char_length(t) = 2 then fq_cjk(ascii(t)) * 28096 + fq_cjk(ascii(substr(t, 2)))
        when char_length(t) = 1 and t <> 'ǂ' then -1 - fq_cjk(ascii(t))
      end as c
      from regexp_split_to_table(tokens, ' ') t
      ${tri}) x
    where c is not null $$`).execute(db);
}

async function dropStatistics(db: Kysely<any>): Promise<void> {
  await sql`delete from text_state where key = 'code-df'`.execute(db);
  await sql`delete from text_code_df`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await dropStatistics(db);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await codesFunction(db, true);
  await codeAll(db, indexCodes);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropStatistics(db);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await codesFunction(db, false);
  await codeAll(db, (text) => indexCodes(text).filter((c) => c < TRIGRAM_BASE));
}
