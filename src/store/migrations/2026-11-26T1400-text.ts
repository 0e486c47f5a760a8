/**
 * Text intelligence (issue 7): the search index, related-petition links, trained models, staff feedback.
 * `text_docs` holds one row per searchable document (a petition's title+content+address, or the text of an event
 * such as a reply) with its bigram tokens (src/text/tokenize.ts). SQLite indexes the tokens with an FTS5
 * external-content table kept in step by triggers; PostgreSQL with a generated tsvector ('simple') and a GIN index.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema.createTable('text_docs')
    .addColumn('id', id, pk)
    .addColumn('kind', 'text', (c) => c.notNull()) // 'petition' | 'event'
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('petition_id', 'integer')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('category_code', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addUniqueConstraint('text_docs_source', ['kind', 'source_id'])
    .execute();
  await db.schema.createIndex('text_docs_matter').on('text_docs').column('matter_id').execute();
  await db.schema.createIndex('text_docs_received').on('text_docs').column('received_at').execute();

  if (pg) {
    await sql`alter table text_docs add column tsv tsvector generated always as (to_tsvector('simple', tokens)) stored`.execute(db);
    await sql`create index text_docs_tsv on text_docs using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table text_fts using fts5(tokens, content='text_docs', content_rowid='id', tokenize='unicode61', detail='full')`.execute(db);
    await sql`create trigger text_docs_ai after insert on text_docs begin insert into text_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
    await sql`create trigger text_docs_ad after delete on text_docs begin insert into text_fts(text_fts, rowid, tokens) values ('delete', old.id, old.tokens); end`.execute(db);
    await sql`create trigger text_docs_au after update on text_docs begin insert into text_fts(text_fts, rowid, tokens) values ('delete', old.id, old.tokens); insert into text_fts(rowid, tokens) values (new.id, new.tokens); end`.execute(db);
  }

  await db.schema.createTable('text_links')
    .addColumn('id', id, pk)
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('related_petition_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull()) // JSON array of {code, label}
    .addColumn('status', 'text', (c) => c.notNull()) // suggested | confirmed | rejected
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('text_links_pair', ['petition_id', 'related_petition_id'])
    .execute();

  await db.schema.createTable('text_models')
    .addColumn('id', id, pk)
    .addColumn('target', 'text', (c) => c.notNull()) // 'category' | 'unit'
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('trained_on', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('text_feedback')
    .addColumn('id', id, pk)
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('suggested', 'text')
    .addColumn('chosen', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('text_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pg) await sql`drop table if exists text_fts`.execute(db);
  for (const t of ['text_state', 'text_feedback', 'text_models', 'text_links', 'text_docs']) await db.schema.dropTable(t).ifExists().execute();
}
