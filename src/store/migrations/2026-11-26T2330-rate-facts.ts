/**
 * The four rates at scale (issue 5, bench/rates): each matter's standing on the four rates as pieces of time
 * (matters.rate_pieces, JSON: from which day to which day it counted in which bucket, and for which unit), and
 * rate_rollup, the +1/-1 changes those pieces make per (day of receipt, day of change, unit, bucket), and
 * rate_rollup_month, the same per (month of receipt, month of change, unit, bucket) — both kept in step
 * with every lifecycle event in the same transaction. The rates as of any date are then indexed sums over them,
 * plus the matters no one has acted on yet (rate_pieces null: their only fact is the routing limit,
 * read from accept_due through a partial index). `fengqiao rates rebuild` recomputes both from the event log.
 * Frozen once released.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('matters').addColumn('rate_pieces', 'text').execute();
  await db.schema.createIndex('matters_unrated').on('matters').columns(['received_at', 'unit_id', 'accept_due'])
    .where(sql.ref('rate_pieces'), 'is', null).execute();
  // by day of receipt and day of change; and the same by month of receipt and month of change (YYYY-MM), which
  // answers the whole months of a period up to the month before the as-of date with a few rows per unit
  for (const [name, r, c] of [['rate_rollup', 'received_day', 'change_day'], ['rate_rollup_month', 'received_month', 'change_month']] as const) {
    let t = db.schema.createTable(name)
      .addColumn(r, 'text', (col) => col.notNull())
      .addColumn(c, 'text', (col) => col.notNull())
      .addColumn('unit_id', 'integer', (col) => col.notNull())
      .addColumn('bucket', 'text', (col) => col.notNull())
      .addColumn('n', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint(`${name}_pk`, [r, c, 'unit_id', 'bucket']);
    // SQLite: clustered by the key, so the sum reads n from the key's own b-tree
    if (!pg) t = t.modifyEnd(sql`without rowid`);
    await t.execute();
  }
  // the changes of the as-of date's own month, read by day of change
  await db.schema.createIndex('rate_rollup_change').on('rate_rollup').columns(['change_day', 'received_day', 'unit_id', 'bucket', 'n']).execute();
  // a database with no matters yet has nothing to rebuild: the rollup is complete from the start
  const any = await db.selectFrom('matters').select('id').limit(1).executeTakeFirst();
  await db.insertInto('settings').values({ key: 'rateFacts.ready', value: any ? '0' : '1' })
    .onConflict((oc: any) => oc.column('key').doUpdateSet({ value: any ? '0' : '1' })).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_rollup').execute();
  await db.schema.dropTable('rate_rollup_month').execute();
  await db.schema.dropIndex('matters_unrated').execute();
  await db.schema.alterTable('matters').dropColumn('rate_pieces').execute();
  await db.deleteFrom('settings').where('key', '=', 'rateFacts.ready').execute();
}
