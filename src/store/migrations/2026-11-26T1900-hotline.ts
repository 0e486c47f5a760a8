/**
 * 12345 hotline intake (issue 10): work orders taken (one row per work-order id), nonces seen (replay protection),
 * and the hotline's own outbox of status callbacks with row leases and retry times. Times are ISO text.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema.createTable('hotline_orders')
    .addColumn('id', id, pk)
    .addColumn('work_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('petition_code', 'text', (c) => c.notNull())
    .addColumn('query_code', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('last_status', 'text', (c) => c.notNull())
    .addColumn('status_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('hotline_orders_matter').on('hotline_orders').column('matter_id').execute();
  await db.schema.createTable('hotline_nonces')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hotline_nonces_seen').on('hotline_nonces').column('seen_at').execute();
  await db.schema.createTable('hotline_outbox')
    .addColumn('id', id, pk)
    .addColumn('work_order_id', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('hotline_outbox_due').on('hotline_outbox').columns(['sent_at', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hotline_outbox').execute();
  await db.schema.dropTable('hotline_nonces').execute();
  await db.schema.dropTable('hotline_orders').execute();
}
