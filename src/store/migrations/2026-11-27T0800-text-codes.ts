/**
 * PostgreSQL's search index becomes integer codes (issue 7, "Search at scale" in docs/TEXT.md).
 *
 * Before: a generated tsvector of the bigram tokens with a GIN index. A search reads its matches newest first and
 * stops early; on PostgreSQL each row checked on that walk had to read its tsvector — with positions, about 2 kB,
 * so TOASTed: several pages per row — and a phrase needed that read even behind the GIN index (its recheck). At
 * 1,000,000 petitions a common two-character word took seconds.
 *
 * After: `codes int4[]`, the document's bigrams (and words) as sorted integers (src/text/tokenize.ts
 * `indexCodes`), about 230 of them, kept inline in the row, indexed by the next migration (a GIN index of the codes
 * by block of ids; `@>` on int arrays is exact, no recheck). Adjacency — that the bigrams of a phrase follow each
 * other — is checked on the text itself (`strpos`), which is in the same row. A row checked on the walk costs a
 * containment test and a string search in memory, not a TOAST read.
 *
 * The database computes the codes itself (`fq_codes`, the same numbers as `indexCodes`), in a trigger on every
 * write of `tokens`, so every writer (registration's indexer, catch-up, reindex, imports) stays correct without
 * knowing; the trigger then blanks `tokens`, which PostgreSQL does not need once coded (SQLite's FTS5 reads it and
 * keeps it). An upsert (INSERT … ON CONFLICT DO UPDATE SET tokens = excluded.tokens) of a row that exists keeps
 * the tokens on its insert side, so that the update codes the new text. Existing rows are converted here, in one
 * statement.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function fq_cjk(cp int) returns int language sql immutable parallel safe as $$
    select case when cp >= 19968 then case when cp <= 40959 then cp - 19968 else 27584 + cp - 63744 end else 20992 + cp - 13312 end $$`.execute(db);
  await sql`create or replace function fq_codes(tokens text) returns int4[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct c order by c), '{}') from (
      select case
        when t ~ '^[a-z0-9]+$' then -28097 - ('x' || substr(md5(t), 1, 7))::bit(28)::int
        when char_length(t) = 2 then fq_cjk(ascii(t)) * 28096 + fq_cjk(ascii(substr(t, 2)))
        when char_length(t) = 1 and t <> 'ǂ' then -1 - fq_cjk(ascii(t))
      end as c
      from regexp_split_to_table(tokens, ' ') t) x
    where c is not null $$`.execute(db);
  await sql`alter table text_docs add column codes int4[] not null default '{}'`.execute(db);
  await sql`update text_docs set codes = fq_codes(tokens), tokens = ''`.execute(db);
  await sql`drop index if exists text_docs_tsv`.execute(db);
  await sql`alter table text_docs drop column tsv`.execute(db);
  await sql`create or replace function fq_text_docs_codes() returns trigger language plpgsql as $$
    begin
      if new.tokens <> '' then
        new.codes := fq_codes(new.tokens);
        -- an upsert of a row that exists keeps its tokens for EXCLUDED, so that its update (which fires this again) codes them
        if tg_op = 'UPDATE' or not exists (select 1 from text_docs d where d.kind = new.kind and d.source_id = new.source_id) then
          new.tokens := '';
        end if;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger text_docs_codes before insert or update of tokens on text_docs for each row execute function fq_text_docs_codes()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // the tokens were not kept: the tsvector comes back empty until `fengqiao text reindex`
  await sql`drop trigger if exists text_docs_codes on text_docs`.execute(db);
  await sql`drop function if exists fq_text_docs_codes()`.execute(db);
  await sql`alter table text_docs drop column codes`.execute(db);
  await sql`alter table text_docs add column tsv tsvector generated always as (to_tsvector('simple', tokens)) stored`.execute(db);
  await sql`create index text_docs_tsv on text_docs using gin (tsv)`.execute(db);
  await sql`drop function if exists fq_codes(text)`.execute(db);
  await sql`drop function if exists fq_cjk(int)`.execute(db);
}
