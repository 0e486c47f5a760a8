/**
 * SQLite: an index on `matters.accused_unit_id`, so that a list's count reads an index instead of every matter.
 *
 * Every list applies the accusation rule (matter.repository.ts `visibleTo`: a matter accusing the viewer's unit or a
 * unit above it is never shown), and SQLite counts a list's rows exactly (db.ts `countRows`). Without an index holding
 * the accused unit, that count read the whole table: 400 ms for the city's list at 1,000,000 matters; with it, 26 ms
 * (`npm run bench list-text`, docs/SCALE.md). PostgreSQL bounds its counts instead, and is left as it is.
 */
import { SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema.createIndex('matters_accused').ifNotExists().on('matters').column('accused_unit_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema.dropIndex('matters_accused').ifExists().execute();
}
