/**
 * The index rows of new petitions, many at a time: the petition indexer (jobs/scheduler.ts) writes the rows of the
 * registrations that committed since its last write. Each row is exactly what `indexNewPetition` (services/text-
 * search.ts, through text/index.ts `writeDoc`) writes — the body is the content and the address, the tokens are
 * `indexText(title + ' ' + body)`, and an existing row of the same petition is replaced — but written without the
 * query builder:
 *
 * - SQLite: statements of up to CHUNK rows each, prepared once per connection and row count, run on the
 *   connection inside the caller's `store.write` unit (as registration.repository.ts does); the FTS5 trigger
 *   indexes each row as before;
 * - PostgreSQL: one statement for the whole batch (`unnest` of one array per column), a named statement planned
 *   once per connection, atomic by itself (run it in `store.atomic`); inside a transaction it runs on that
 *   transaction. The row's codes (migration 2026-11-27T0800-text-codes) are computed here, by tokenize.ts
 *   `indexCodes` — the numbers the database's trigger computes from the tokens, which it then blanks — and the
 *   tokens are written blank, so the trigger has nothing to do: coding a row in SQL costs the database more than
 *   the rest of a registration. test/text/index-writer.test.ts checks the rows are those `writeDoc` leaves.
 */
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

/** Prepared inserts of n rows, per SQLite connection. */
const sqliteStatements = new WeakMap<object, Map<number, { run(...v: unknown[]): unknown }>>();

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
    let prepared = sqliteStatements.get(store.sqlite);
    if (!prepared) sqliteStatements.set(store.sqlite, (prepared = new Map()));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      let stmt = prepared.get(chunk.length);
      if (!stmt) {
        const values = Array(chunk.length).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
        stmt = store.sqlite.prepare(`insert into text_docs (${COLUMNS}) values ${values} ${ON_CONFLICT}`);
        prepared.set(chunk.length, stmt);
      }
      stmt.run(...chunk.flat());
    }
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
