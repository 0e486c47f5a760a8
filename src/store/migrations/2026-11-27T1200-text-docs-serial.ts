/**
 * PostgreSQL: no parallel workers for scans of `text_docs` (a storage parameter). A search walks the index a few
 * small statements at a time (text/index.ts `newestRows`); the planner has no statistics for the bucketed keys of the
 * search codes, rates a block's few rows as thousands and would start workers for a statement that takes a
 * millisecond. Each walk used to turn them off for its own transaction (BEGIN, SET LOCAL, COMMIT: three round trips
 * more per search, and per probe of a repeat check); the table now says it once.
 * SQLite: nothing to do.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table text_docs set (parallel_workers = 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table text_docs reset (parallel_workers)`.execute(db);
}
