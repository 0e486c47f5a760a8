/**
 * Supervision, leader-owned cases, special campaigns, assessment objections, documents, deadline alerts and the
 * notification outbox (issue 5). Frozen once released. Times are ISO text, booleans 0/1, JSON as text.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const table = (name: string) => db.schema.createTable(name).addColumn('id', id, pk);

  // 领导包案: a leader owns a matter to resolution
  await table('leader_cases')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('leader_title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leader_cases_assigned').on('leader_cases').columns(['assigned_at', 'level']).execute();
  await table('leader_case_notes')
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .execute();
  await db.schema.createIndex('leader_case_notes_case').on('leader_case_notes').column('case_id').execute();

  // 专项行动: campaign → batches → cases; reporting nodes per batch with their deadlines
  await table('campaigns')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await table('campaign_batches')
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await table('campaign_nodes')
    .addColumn('batch_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .execute();
  await table('campaign_cases')
    .addColumn('batch_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('campaign_cases_batch').on('campaign_cases').column('batch_id').execute();
  await table('campaign_reports')
    .addColumn('node_id', 'integer', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'integer')
    .addUniqueConstraint('campaign_reports_once', ['node_id', 'case_id'])
    .execute();

  // 催办 / 督办单 / 退回重办
  await table('supervision_items')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_unit_id', 'integer', (c) => c.notNull())
    .addColumn('issued_by_unit_id', 'integer', (c) => c.notNull())
    .addColumn('issued_by', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('answer_due', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answer', 'text')
    .execute();
  await db.schema.createIndex('supervision_items_matter').on('supervision_items').column('matter_id').execute();
  await db.schema.createIndex('supervision_items_due').on('supervision_items').columns(['answer_due', 'answered_at']).execute();

  // the deadline sweep's marks: one row per (matter, limit, due, kind); the unique key makes a sweep idempotent
  await table('deadline_alerts')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deadline_alerts_once', ['matter_id', 'deadline', 'due', 'kind'])
    .execute();
  await db.schema.createIndex('deadline_alerts_unit').on('deadline_alerts').columns(['unit_id', 'kind']).execute();

  // notifications, written in the same transaction as what caused them, sent after commit by a dispatcher
  await table('outbox')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['sent_at', 'lease_until']).execute();
  await db.schema.createTable('notifications')
    .addColumn('id', id, pk)
    .addColumn('outbox_id', 'integer', (c) => c.notNull().unique())
    .addColumn('unit_id', 'integer')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  // named job leases: one sweeper at a time across server processes
  await db.schema.createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text')
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .execute();

  // 考核异议: a unit objects to a counted case; a supervisor decides
  await table('assessment_objections')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('assessment_objections_matter').on('assessment_objections').columns(['matter_id', 'metric']).execute();

  // editable document templates and the documents issued
  await db.schema.createTable('doc_templates')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();
  await table('documents')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('documents_matter').on('documents').column('matter_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['documents', 'doc_templates', 'assessment_objections', 'job_leases', 'notifications', 'outbox', 'deadline_alerts', 'supervision_items', 'campaign_reports', 'campaign_cases', 'campaign_nodes', 'campaign_batches', 'campaigns', 'leader_case_notes', 'leader_cases']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
