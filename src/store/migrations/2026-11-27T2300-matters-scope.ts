/**
 * Indexes on the matter's registering, routed-by and review units, so that a list limited to a unit's scope is
 * found through indexes instead of by reading every matter.
 *
 * A unit sees the matters whose unit, registering unit, routed-by unit or review unit is in its scope
 * (matter.repository.ts `visibleTo`). Only `unit_id` had an index (`matters_unit`), so SQLite answered the OR by
 * reading the whole table, and it counts a list's rows exactly (db.ts `countRows`): at 1,000,000 matters a district
 * housing bureau's list took 426 ms, the district bureau's 548 ms (`npm run bench list-text`, docs/SCALE.md). With an
 * index for each of the four columns SQLite takes the rows of each and unites them; a large scope is still read
 * whole, in the list's order (matter.repository.ts `scopeReading`).
 *
 * PostgreSQL bounds its counts (at 10,001 rows), which stops early for a large scope but not for a small one: a
 * department's list found its few thousand matters by reading every matter, 240 ms for the Shunde housing bureau's
 * 7,813 at 1,000,000 (`npx tsx bench/scale.ts`); with the indexes, a bitmap of the four, 28 ms.
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = ['registering_unit_id', 'routed_by_unit_id', 'review_unit_id'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('matters_registering_unit_id').ifNotExists().on('matters').column('registering_unit_id').execute();
  // most matters are never routed on or reviewed: indexes of the rows that are. ANALYZE counts a column's NULLs as one
  // value, so a full index of a mostly empty column looked to the planner as if a unit held half the register, and it
  // read every matter instead
  for (const c of ['routed_by_unit_id', 'review_unit_id'] as const) {
    await db.schema.createIndex(`matters_${c}`).ifNotExists().on('matters').column(c).where(sql.ref(c), 'is not', null).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of COLUMNS) await db.schema.dropIndex(`matters_${c}`).ifExists().execute();
}
