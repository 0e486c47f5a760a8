/**
 * The category dictionary becomes editable (issue 3, administration): a disabled category stays on the matters
 * that carry it but is offered for no new registration. Existing rows stay enabled.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').dropColumn('disabled').execute();
}
