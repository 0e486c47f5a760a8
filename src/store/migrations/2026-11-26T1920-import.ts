/**
 * Imported records (issue 10): which external record (source + its own id) became which petition, with what the
 * old system held that the lifecycle does not (its reply text and time). Unique per (source, external id), so a
 * re-run of an import adds nothing twice.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createTable('import_records')
    .addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('reply_text', 'text')
    .addColumn('reply_at', 'text')
    .addColumn('extra', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_records_source_external', ['source', 'external_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_records').execute();
}
