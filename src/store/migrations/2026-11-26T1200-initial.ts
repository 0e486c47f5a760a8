/**
 * The first schema. Frozen: a later change is a new migration file, never an edit here.
 * Portable across SQLite and PostgreSQL: times are ISO 8601 text (UTC instants, Asia/Shanghai calendar dates),
 * booleans are 0/1 integers, structured values are JSON text. Only the id column type and the append-only
 * triggers differ by dialect.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

type Id = 'integer' | 'serial';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id: Id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .execute();

  await db.schema.createTable('units')
    .addColumn('id', id, pk)
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('dept', 'text')
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', id, pk)
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .execute();

  // Administrator-entered holiday schedules (years beyond the built-in 2004–2026, or corrections).
  await db.schema.createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .execute();
  await db.schema.createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('entered_by', 'integer')
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('matters')
    .addColumn('id', id, pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('registering_unit_id', 'integer', (c) => c.notNull())
    .addColumn('routed_by_unit_id', 'integer')
    .addColumn('review_unit_id', 'integer')
    .addColumn('handling_class', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('accused_unit_id', 'integer')
    .addColumn('category_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subject_hash', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('routed_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_on_time', 'integer')
    .addColumn('replied_at', 'text')
    .addColumn('replied_on_time', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('review_decided_at', 'text')
    .addColumn('extended_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('evaluation', 'text')
    .addColumn('evaluated_at', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('paused_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'text')
    .addColumn('deadlines', 'text', (c) => c.notNull())
    // denormalised from `deadlines` so that sweeps and rates find what is due with an index
    .addColumn('accept_due', 'text')
    .addColumn('handle_due', 'text')
    .addColumn('evaluation_due', 'text')
    .addColumn('next_due', 'text')
    .addColumn('petition_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('chain_head', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('matters_status').on('matters').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('matters_unit').on('matters').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('matters_received').on('matters').column('received_at').execute();
  await db.schema.createIndex('matters_next_due').on('matters').column('next_due').execute();

  await db.schema.createTable('petitions')
    .addColumn('id', id, pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('query_code', 'text', (c) => c.notNull().unique())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'integer')
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('handling_class', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('address', 'text')
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('is_group', 'integer', (c) => c.notNull())
    .addColumn('is_repeat', 'integer', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('respondent_unit_id', 'integer')
    .addColumn('respondent_name', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('petitions_matter').on('petitions').column('matter_id').execute();
  await db.schema.createIndex('petitions_registered').on('petitions').column('registered_at').execute();

  // Personal data: encrypted values, keyed hashes for matching, masks for lists (DOMAIN.md §8).
  await db.schema.createTable('petitioners')
    .addColumn('id', id, pk)
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text')
    .addColumn('id_enc', 'text')
    .addColumn('id_masked', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('address', 'text')
    .addColumn('is_representative', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('petitioners_petition').on('petitioners').column('petition_id').execute();
  await db.schema.createIndex('petitioners_id_hash').on('petitioners').column('id_hash').execute();
  await db.schema.createIndex('petitioners_phone_hash').on('petitioners').column('phone_hash').execute();

  // The audit trail: append-only, hash-chained per matter.
  await db.schema.createTable('events')
    .addColumn('id', id, pk)
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_unit_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('events_matter_seq', ['matter_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_action_at').on('events').columns(['action', 'at']).execute();

  if (pg) {
    await sql`CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
    await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['events', 'petitioners', 'petitions', 'matters', 'calendar_years', 'calendar_days', 'categories', 'sessions', 'users', 'units', 'regions', 'settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
