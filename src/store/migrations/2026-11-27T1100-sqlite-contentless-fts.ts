/**
 * SQLite: the search index keeps its bigram tokens in the FTS5 index only (issue 7, "Search at scale" in
 * docs/TEXT.md).
 *
 * Until now `text_fts` was an external-content FTS5 table over `text_docs.tokens`, so every document's tokens were
 * stored twice: in the FTS5 index, and as text in the row (about 1,000 characters a petition: three times the
 * petition's own text). At 1,000,000 petitions the rows were three quarters of a 5 GB file, more than this
 * machine's page cache holds, so that a search read its rows from disk. Now `text_fts` is contentless
 * (`content=''`, with `contentless_delete=1` so that a row can still be deleted or replaced), and `tokens` in
 * `text_docs` is only the way in: a trigger hands a row's tokens to the index and blanks them, as PostgreSQL's
 * trigger does for its codes (2026-11-27T0800-text-codes). Every writer stays as it was (writeDoc, the batch
 * writer, the catch-up, imports); an upsert that changes the tokens replaces the row's index entry the same way.
 *
 * Nothing read the stored tokens: matching is FTS5's, ranking and snippets read the title and body.
 * PostgreSQL: nothing to do.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

const TRIGGERS = [
  // a new row: its tokens into the index, then out of the row (recursive triggers are off: the update fires nothing)
  sql`create trigger text_docs_ai after insert on text_docs when new.tokens <> '' begin
    insert into text_fts(rowid, tokens) values (new.id, new.tokens);
    update text_docs set tokens = '' where id = new.id;
  end`,
  // a row written again (an upsert of the same document): its index entry replaced — deleted, then inserted (an
  // INSERT OR REPLACE in a trigger takes the conflict mode of the statement that fired it, and a plain insert into a
  // contentless index adds a second entry for the rowid rather than replacing the first)
  sql`create trigger text_docs_au after update of tokens on text_docs when new.tokens <> '' begin
    delete from text_fts where rowid = old.id;
    insert into text_fts(rowid, tokens) values (new.id, new.tokens);
    update text_docs set tokens = '' where id = new.id;
  end`,
  sql`create trigger text_docs_ad after delete on text_docs begin
    delete from text_fts where rowid = old.id;
  end`,
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const t of ['text_docs_ai', 'text_docs_ad', 'text_docs_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`create virtual table text_fts_contentless using fts5(tokens, content='', contentless_delete=1, tokenize='unicode61', detail='full')`.execute(db);
  await sql`insert into text_fts_contentless(rowid, tokens) select id, tokens from text_docs where tokens <> ''`.execute(db);
  await sql`drop table text_fts`.execute(db);
  await sql`alter table text_fts_contentless rename to text_fts`.execute(db);
  await sql`update text_docs set tokens = '' where tokens <> ''`.execute(db);
  for (const t of TRIGGERS) await t.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  // the tokens are gone from the rows: the old external-content index is built again by `fengqiao text reindex`
  for (const t of ['text_docs_ai', 'text_docs_ad', 'text_docs_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists text_fts`.execute(db);
  await sql`create virtual table text_fts using fts5(tokens, content='text_docs', content_rowid='id', tokenize='unicode61', detail='full')`.execute(db);
  await sql`create trigger text_docs_ai after insert on text_docs begin insert into text_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
  await sql`create trigger text_docs_ad after delete on text_docs begin insert into text_fts(text_fts, rowid, tokens) values ('delete', old.id, old.tokens); end`.execute(db);
  await sql`create trigger text_docs_au after update on text_docs begin insert into text_fts(text_fts, rowid, tokens) values ('delete', old.id, old.tokens); insert into text_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
}
