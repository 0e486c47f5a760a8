/**
 * Resolution mechanisms (issue 6, DOMAIN.md §7.5, §7.7–§7.12): pre-visit legal office, social work, volunteers,
 * third-party callbacks, hearings, mediation, clue transfer, joint handling. Frozen once released.
 * Every record carries the recording unit and its region code (copied at write time) so the report's figures are
 * one indexed count per table, by period and region.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'serial' : 'integer';
  const pk = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const table = (name: string) => db.schema.createTable(name)
    .addColumn('id', id, pk)
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull());
  const byTime = async (name: string, col = 'at') => {
    await db.schema.createIndex(`${name}_${col}`).on(name).columns([col, 'region_code']).execute();
  };

  // 访前法律工作室: one screening per visitor, before (or instead of) registration
  await table('legal_screenings')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('advice', 'text')
    .addColumn('registration_form', 'integer', (c) => c.notNull())
    .addColumn('lawyer_name', 'text')
    .addColumn('petition_id', 'integer')
    .execute();
  await byTime('legal_screenings');
  // case consultations 会商, trainings 培训, case discussions 案件讨论
  await table('legal_activities')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('summary', 'text')
    .execute();
  await byTime('legal_activities');
  await table('legal_opinions')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text', (c) => c.notNull())
    .addColumn('lawyer_name', 'text', (c) => c.notNull())
    .addColumn('screening_id', 'integer')
    .addColumn('matter_id', 'integer')
    .execute();
  await byTime('legal_opinions');

  // 信访社工: one row per visit batch served
  await table('social_work_logs')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('workers', 'text', (c) => c.notNull())
    .addColumn('person_times', 'integer', (c) => c.notNull())
    .addColumn('soothed', 'integer', (c) => c.notNull())
    .addColumn('follow_up', 'text')
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer')
    .addColumn('note', 'text')
    .execute();
  await byTime('social_work_logs');
  // 信访志愿者
  await table('volunteers')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('joined_on', 'text', (c) => c.notNull())
    .addColumn('left_on', 'text')
    .addColumn('qualification', 'text', (c) => c.notNull()) // pending | qualified | rejected
    .addColumn('reviewed_by', 'integer')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .execute();
  await db.schema.createIndex('volunteers_region').on('volunteers').column('region_code').execute();
  await table('volunteer_trainings')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('volunteer_ids', 'text', (c) => c.notNull())
    .execute();
  await byTime('volunteer_trainings');

  // 第三方满意度评价: a sampled matter, its attempts and its answers
  await table('callbacks')
    .addColumn('at', 'text', (c) => c.notNull()) // sampled at
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('matter_unit_id', 'integer', (c) => c.notNull()) // the unit whose handling is evaluated
    .addColumn('status', 'text', (c) => c.notNull()) // pending | valid | unreachable | refused
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('indicators', 'text') // the indicator set in force when sampled, JSON
    .addColumn('answers', 'text') // JSON {indicatorKey: answer}
    .addColumn('suggestion', 'text')
    .execute();
  await byTime('callbacks');
  await db.schema.createIndex('callbacks_matter').on('callbacks').column('matter_id').execute();
  await db.schema.createTable('callback_attempts')
    .addColumn('id', id, pk)
    .addColumn('callback_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // answered | unreachable | refused
    .addColumn('recorded_by', 'integer')
    .execute();
  await db.schema.createIndex('callback_attempts_callback').on('callback_attempts').column('callback_id').execute();

  // 听证评议
  await table('hearings')
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // hearing 听证 | review 评议
    .addColumn('scheduled_for', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | held | cancelled
    .addColumn('clock_paused', 'integer', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('held_at', 'text')
    .addColumn('record', 'text')
    .addColumn('conclusion', 'text')
    .addColumn('recommendation', 'text') // uphold | revise | revoke
    .addColumn('stopped_petitioning', 'integer') // 息诉息访: null until known
    .addColumn('stopped_recorded_at', 'text')
    .addColumn('applied_at', 'text')
    .execute();
  await byTime('hearings', 'held_at');
  await db.schema.createIndex('hearings_matter').on('hearings').column('matter_id').execute();

  // 人民调解室
  await table('mediations')
    .addColumn('at', 'text', (c) => c.notNull()) // referred at
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('mediator', 'text', (c) => c.notNull())
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // referred | agreed | fulfilled | failed
    .addColumn('agreement_at', 'text')
    .addColumn('agreement_terms', 'text')
    .addColumn('dispute', 'text')
    .addColumn('fulfilled_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('matter_closed', 'integer', (c) => c.notNull())
    .addColumn('close_note', 'text')
    .execute();
  await byTime('mediations');
  await db.schema.createIndex('mediations_matter').on('mediations').column('matter_id').execute();
  await db.schema.createTable('mediation_sessions')
    .addColumn('id', id, pk)
    .addColumn('mediation_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .execute();
  await db.schema.createIndex('mediation_sessions_mediation').on('mediation_sessions').column('mediation_id').execute();

  // 涉黑恶线索移交
  await table('clues')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('petition_id', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // flagged | transferred
    .addColumn('transferred_at', 'text')
    .addColumn('transferred_by', 'integer')
    .addColumn('recipient', 'text')
    .addColumn('transfer_record', 'text')
    .execute();
  await byTime('clues');
  await db.schema.createIndex('clues_petition').on('clues').column('petition_id').execute();

  // 12345 与联合办理: lead unit and co-units; 退单 returns arbitrated by the bureau within a limit
  await table('joint_handlings')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // hotline | bureau
    .addColumn('hotline_ref', 'text')
    .addColumn('lead_unit_id', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await byTime('joint_handlings');
  await db.schema.createIndex('joint_handlings_matter').on('joint_handlings').column('matter_id').execute();
  await db.schema.createTable('joint_units')
    .addColumn('id', id, pk)
    .addColumn('joint_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // lead | co
    .addColumn('status', 'text', (c) => c.notNull()) // active | returnPending | released
    .execute();
  await db.schema.createIndex('joint_units_unit').on('joint_units').columns(['unit_id', 'joint_id']).execute();
  await db.schema.createTable('joint_returns')
    .addColumn('id', id, pk)
    .addColumn('joint_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text', (c) => c.notNull())
    .addColumn('returned_by', 'integer')
    .addColumn('arbitration_due', 'text', (c) => c.notNull())
    .addColumn('arbitration_rule', 'text', (c) => c.notNull())
    .addColumn('arbitration_basis', 'text', (c) => c.notNull())
    .addColumn('beyond_schedule', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text') // upheld | rejected
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer')
    .addColumn('decided_on_time', 'integer')
    .addColumn('new_lead_unit_id', 'integer')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('joint_returns_joint').on('joint_returns').column('joint_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['joint_returns', 'joint_units', 'joint_handlings', 'clues', 'mediation_sessions', 'mediations', 'hearings',
    'callback_attempts', 'callbacks', 'volunteer_trainings', 'volunteers', 'social_work_logs', 'legal_opinions', 'legal_activities', 'legal_screenings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
