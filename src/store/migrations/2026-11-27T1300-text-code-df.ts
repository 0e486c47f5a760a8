/**
 * How common each search code is (issue 7): `text_code_df` holds the document frequency of each index code in a
 * sample of the newest documents (text/stats.ts). The repeat check picks rare probe phrases by it, and PostgreSQL's
 * newest-first walk sizes its first statement by it. Refreshed by the server's text job; nothing to backfill here.
 */
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // gen: the refresh that counted it; a refresh writes its rows beside the last one's in short transactions, then
  // names itself current in text_state, then deletes the old rows: no long write blocks registrations
  await db.schema.createTable('text_code_df')
    .addColumn('gen', 'integer', (c) => c.notNull())
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('df', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('text_code_df_pk', ['gen', 'code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('text_code_df').execute();
}
