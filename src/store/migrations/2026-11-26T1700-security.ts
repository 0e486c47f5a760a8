/**
 * Accounts and the security audit log (issue: security): lockout counters, TOTP, session idle time, and one
 * append-only, hash-chained log of who did what outside a matter's own chain — administration, logins,
 * reveals of personal data (with the reason given).
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('users').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_secret_enc', 'text').execute();
  await db.schema.alterTable('users').addColumn('sessions_valid_after', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();

  await db.schema.createTable('audit_log')
    .addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    // unique: two writers that read the same head cannot both append after it (the loser retries)
    .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  // never edited; deleted only when older than six months (等保2.0: audit records kept at least 6 months)
  if (pg) {
    await sql`CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.at < to_char((now() - interval '183 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only; rows younger than 6 months cannot be deleted';
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-183 days')
      BEGIN SELECT RAISE(ABORT, 'audit_log rows younger than 6 months cannot be deleted'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
}
