/**
 * The citizen portal's server side (issue 4, docs/PORTAL.md): spent proof-of-work challenges (the challenges themselves
 * are stateless and signed, so only their single use needs a row), SMS verification codes (hashed, phone by keyed
 * hash), attachments with their bytes, published articles, and the petitioner's verified phone.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const serial = pg ? 'serial' : 'integer';

  await db.schema.createTable('used_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_challenges_expiry').on('used_challenges').column('expires_at').execute();

  await db.schema.createTable('sms_codes')
    .addColumn('id', serial, id)
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('minute', 'integer', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_key', 'text')
    .execute();
  // one code per phone and purpose per minute even when two requests race (the resend limit)
  await db.schema.createIndex('sms_codes_phone_minute').on('sms_codes').columns(['phone_hash', 'purpose', 'minute']).unique().execute();

  await db.schema.createTable('attachments')
    .addColumn('id', serial, id)
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('petition_id', 'integer')
    .addColumn('matter_id', 'integer')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_matter').on('attachments').column('matter_id').execute();
  await db.schema.createIndex('attachments_petition').on('attachments').column('petition_id').execute();
  await db.schema.createIndex('attachments_created').on('attachments').column('created_at').execute();

  await db.schema.createTable('articles')
    .addColumn('id', serial, id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('author_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_public').on('articles').columns(['status', 'kind', 'published_at']).execute();

  await db.schema.alterTable('petitioners').addColumn('phone_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('petitioners').dropColumn('phone_verified').execute();
  for (const t of ['articles', 'attachments', 'sms_codes', 'used_challenges']) await db.schema.dropTable(t).execute();
}
