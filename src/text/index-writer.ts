/**
 * The index rows of new petitions, many at a time: the petition indexer (jobs/scheduler.ts) writes the rows of the
 * registrations that committed since its last write. Each row is exactly what `indexNewPetition` (services/text-
 * search.ts, through text/index.ts `writeDoc`) writes — the body is the content and the address, the tokens are
 * `indexText(title + ' ' + body)`, and an existing row of the same petition is replaced — but written without the
 * query builder:
 *
 * - SQLite: statements of up to CHUNK rows each, prepared once per connection and row count, run on the
 *   connection inside the caller's `store.write` unit (as registration.repository.ts does): the rows with their
 *   tokens blank, then the tokens into the contentless FTS5 index under the rows' ids;
 * - PostgreSQL: one statement for the whole batch (`unnest` of one array per column), a named statement planned
 *   once per connection, atomic by itself (run it in `store.atomic`); inside a transaction it runs on that
 *   transaction. The row's codes (migration 2026-11-27T0800-text-codes) are computed here, by tokenize.ts
 *   `indexCodes` — the numbers the database's trigger computes from the tokens, which it then blanks — and the
 *   tokens are written blank, so the trigger has nothing to do: coding a row in SQL costs the database more than
 *   the rest of a registration. test/text/index-writer.test.ts checks the rows are those `writeDoc` leaves.
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { Store } from '../store/db.ts';
import type { Tx } from '../store/matter.repository.ts';
import { docText, type DocInput } from './index.ts';
import { indexCodes, indexText } from './tokenize.ts';

/** What the index needs of a new petition (the fields `indexNewPetition` takes). */
export interface NewPetitionDoc {
  id: number;
  matterId: number;
  receivedAt: string;
  regionCode: string | null;
  categoryCode: string | null;
  title: string;
  content: string;
  address: string | null;
}

/** One text_docs row, in COLUMNS order. */
type DocRow = [kind: string, sourceId: number, petitionId: number, matterId: number, receivedAt: string, regionCode: string | null, categoryCode: string | null, title: string, body: string, tokens: string];

const COLUMNS = 'kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens';
/** writeDoc's upsert: a petition indexed again (by the catch-up, say) gets its row replaced, not a second one */
const ON_CONFLICT = 'on conflict (kind, source_id) do update set title = excluded.title, body = excluded.body, tokens = excluded.tokens, region_code = excluded.region_code, category_code = excluded.category_code';
/** rows per SQLite statement */
const CHUNK = 32;

/** A petition's index document: its title, and its content followed by the address as the body. */
export function petitionDoc(p: NewPetitionDoc): DocInput {
  return {
    kind: 'petition', sourceId: p.id, petitionId: p.id, matterId: p.matterId, receivedAt: p.receivedAt,
    regionCode: p.regionCode, categoryCode: p.categoryCode, title: p.title, body: p.address ? `${p.content} ${p.address}` : p.content,
  };
}

/** The row `writeDoc` writes for this petition's document. */
function petitionDocRow(p: NewPetitionDoc): DocRow {
  const d = petitionDoc(p);
  return [d.kind, d.sourceId, p.id, d.matterId, d.receivedAt, d.regionCode, d.categoryCode, d.title, d.body, indexText(docText(d))];
}

/** Prepared statements per SQLite connection, by text (a few per chunk size). */
const sqliteStatements = new WeakMap<object, Map<string, SQLite.Statement>>();
function prepared(db: SQLite.Database, text: string): SQLite.Statement {
  let m = sqliteStatements.get(db);
  if (!m) sqliteStatements.set(db, (m = new Map()));
  let stmt = m.get(text);
  if (!stmt) m.set(text, (stmt = db.prepare(text)));
  return stmt;
}
const marks = (n: number, one: string) => Array(n).fill(one).join(', ');

/**
 * SQLite: the rows with their tokens blank and the tokens straight into the contentless FTS5 index under each row's
 * id (as `writeDoc` does, migration 2026-11-27T1100), CHUNK rows to a statement; a petition already indexed (the
 * catch-up got there first) has its row updated and its index entry replaced.
 */
function writeSqlite(db: SQLite.Database, rows: DocRow[]): void {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const n = chunk.length;
    const known = new Map((prepared(db, `select source_id as s, id from text_docs where kind = 'petition' and source_id in (${marks(n, '?')})`)
      .all(...chunk.map((r) => r[1])) as { s: number; id: number }[]).map((r) => [r.s, r.id]));
    const fresh = chunk.filter((r) => !known.has(r[1]));
    const ids = new Map<number, number>();
    if (fresh.length) {
      const stmt = prepared(db, `insert into text_docs (${COLUMNS}) values ${marks(fresh.length, "(?, ?, ?, ?, ?, ?, ?, ?, ?, '')")} returning id, source_id as s`);
      for (const r of stmt.all(...fresh.flatMap((r) => r.slice(0, 9))) as { id: number; s: number }[]) ids.set(r.s, r.id);
    }
    for (const r of chunk) {
      const id = known.get(r[1]);
      if (id === undefined) continue;
      prepared(db, "update text_docs set title = ?, body = ?, tokens = '', region_code = ?, category_code = ? where id = ?").run(r[7], r[8], r[5], r[6], id);
      prepared(db, 'delete from text_fts where rowid = ?').run(id);
      ids.set(r[1], id);
    }
    const entries = chunk.filter((r) => r[9]).map((r) => [ids.get(r[1])!, r[9]]);
    if (entries.length) prepared(db, `insert into text_fts(rowid, tokens) values ${marks(entries.length, '(?, ?)')}`).run(...entries.flat());
  }
}

/**
 * Writes (or replaces) the index rows of these petitions. SQLite: call inside a `store.write` unit. PostgreSQL:
 * one statement, inside a transaction or not.
 */
export async function writePetitionDocs(tx: Tx, store: Store, docs: readonly NewPetitionDoc[]): Promise<void> {
  if (!docs.length) return;
  // the same petition twice in one batch: the later row wins, as two writeDoc calls in a row would leave it
  // (PostgreSQL refuses to update one row twice in a statement)
  const byId = new Map<number, DocRow>();
  for (const d of docs) { byId.delete(d.id); byId.set(d.id, petitionDocRow(d)); }
  const rows = [...byId.values()];
  if (store.sqlite) {
    writeSqlite(store.sqlite, rows);
    return;
  }
  // PostgreSQL: the codes instead of the tokens (see above); an int4[] per row goes as its array literal
  const columns: unknown[][] = Array.from({ length: 10 }, (_, c) => rows.map((r) => (c === 9 ? '' : r[c])));
  columns.push(rows.map((r) => `{${indexCodes(docText({ title: r[7], body: r[8] })).join(',')}}`));
  if (store.pg && !tx.isTransaction) {
    await store.pg.query({ name: 'fq_text_petition_docs', text: PG_INSERT, values: columns });
    return;
  }
  await tx.executeQuery(CompiledQuery.raw(PG_INSERT, columns));
}

/** the codes column of each row comes as the text of an int4[] (unnest cannot take an array of arrays of varying length) */
const PG_INSERT = `insert into text_docs (${COLUMNS}, codes)
  select kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens, codes::int4[]
  from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
    as d(kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens, codes)
  ${ON_CONFLICT}, codes = excluded.codes`;
