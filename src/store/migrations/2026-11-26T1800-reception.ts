/**
 * Reception (issue 8): leaders' reception days and visits down to towns, appointments, instructions (批示) and their
 * follow-up, the reception hall's queue, video reception rooms and their record. Frozen once released.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema.createTable('reception_days')
    .addColumn('id', id, pk)
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('leader_title', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('moved_from', 'text')
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('per_slot', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('town_region_code', 'text')
    .addColumn('topic', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('held_at', 'text')
    .addColumn('attendees', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reception_days_date').on('reception_days').columns(['date', 'region_code']).execute();

  await db.schema.createTable('reception_matters')
    .addColumn('id', id, pk)
    .addColumn('reception_day_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('assigned_by', 'integer')
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reception_matters_unique').on('reception_matters').columns(['reception_day_id', 'matter_id']).unique().execute();

  await db.schema.createTable('reception_appointments')
    .addColumn('id', id, pk)
    .addColumn('reception_day_id', 'integer', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_mask', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('marked_at', 'text')
    .execute();
  await db.schema.createIndex('reception_appointments_day').on('reception_appointments').columns(['reception_day_id', 'slot', 'status']).execute();

  await db.schema.createTable('reception_instructions')
    .addColumn('id', id, pk)
    .addColumn('reception_day_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('assignee_unit_id', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('beyond_schedule', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reported_at', 'text')
    .addColumn('report', 'text')
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('reception_instructions_due').on('reception_instructions').columns(['reported_at', 'due']).execute();

  await db.schema.createTable('hall_tickets')
    .addColumn('id', id, pk)
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('visitor_name', 'text')
    .addColumn('appointment_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('window', 'text')
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('called_at', 'text')
    .addColumn('screened_at', 'text')
    .addColumn('screening_note', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('petition_id', 'integer')
    .execute();
  await db.schema.createIndex('hall_tickets_number').on('hall_tickets').columns(['unit_id', 'date', 'number']).unique().execute();

  await db.schema.createTable('video_rooms')
    .addColumn('id', id, pk)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('host_key_hash', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  // the record of a video reception (who joined, admitted, ended; the minutes), shown with the matter
  await db.schema.createTable('video_records')
    .addColumn('id', id, pk)
    .addColumn('room_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('video_records_matter').on('video_records').columns(['matter_id', 'at']).execute();
  await db.schema.createIndex('video_records_room').on('video_records').columns(['room_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['video_records', 'video_rooms', 'hall_tickets', 'reception_instructions', 'reception_appointments', 'reception_matters', 'reception_days']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
