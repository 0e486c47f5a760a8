/**
 * Each petition document of the search index keeps its similarity sketch (text/sketch.ts: the 128 smallest hashes
 * of its shingles, 512 bytes at most), so that the repeat check estimates the Jaccard similarity of its candidates
 * without reading their texts (services/text-related.ts `textSimilarities`).
 *
 * - `text_docs.sketch` (bytea / blob), null for event documents; on PostgreSQL stored plain, in the row;
 * - every petition document's sketch is computed from its title and body (text/index.ts `docSketch`, the writers'
 *   own function) in batches of 5,000 ids. On PostgreSQL the bucketed search index is dropped first and built again
 *   after, as migration T0700 did: an update writes a new row version, and each would add its few hundred codes to
 *   that index again. A row the migration has not reached yet, or one written around the writers, has no sketch,
 *   and the repeat check reads its text instead.
 * Down: the column is dropped.
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';
import { docSketch } from '../../text/index.ts';

const BATCH = 5_000;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql.raw(`alter table text_docs add column sketch ${pg ? 'bytea' : 'blob'}`).execute(db);
  // in the row, never compressed (random hashes do not compress) nor moved out of line: a row over 2 kB would
  // otherwise have its sketch moved to the TOAST table, the only long value left that may be (migration T0000 of
  // 28 Nov keeps the text and codes in the row), and the check would read it from there
  if (pg) await sql`alter table text_docs alter column sketch set storage plain`.execute(db);
  if (pg) await sql`drop index if exists text_docs_bucket_codes`.execute(db);
  for (let last = 0; ;) {
    const rows = (await sql<{ id: number; title: string; body: string }>`select id, title, body from text_docs where kind = 'petition' and id > ${last} order by id limit ${BATCH}`.execute(db)).rows;
    if (!rows.length) break;
    last = Number(rows[rows.length - 1]!.id);
    const sketches = rows.map((r) => docSketch({ kind: 'petition', title: r.title, body: r.body }));
    if (pg) await sql`update text_docs t set sketch = v.s from unnest(${rows.map((r) => Number(r.id))}::int[], ${sketches}::bytea[]) v(id, s) where t.id = v.id`.execute(db);
    else for (const [i, r] of rows.entries()) await sql`update text_docs set sketch = ${sketches[i]} where id = ${r.id}`.execute(db);
  }
  if (pg) {
    await sql`set local maintenance_work_mem = '512MB'`.execute(db);
    await sql`create index text_docs_bucket_codes on text_docs using gin (fq_bucket_codes(id, codes)) with (gin_pending_list_limit = 256)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table text_docs drop column sketch`.execute(db);
}
