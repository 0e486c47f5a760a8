/**
 * The index rows of new petitions, many at a time: the petition indexer (jobs/scheduler.ts) writes the rows of the
 * registrations that committed since its last write. Each row is exactly what `indexNewPetition` (services/text-
 * search.ts, through text/index.ts `writeDoc`) writes — the body is the content and the address, the tokens are
 * `indexText(title + ' ' + body)`, and an existing row of the same petition is replaced — but written without the
 * query builder:
 *
 * - SQLite: the statements of text/index.ts `sqliteDocWrites`, which `writeDoc` runs too: inside the caller's
 *   `store.write` unit (`writeSqliteDocs`), or on a file as a batch of the writer thread (`indexPetitions`), the rows
 *   with their tokens blank, then the tokens into the contentless FTS5 index under the rows' ids;
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
import { docSketch, docText, sqliteDocWrites, writeSqliteDocs, type DocInput, type IndexedDoc } from './index.ts';
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

const COLUMNS = 'kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens';
/** writeDoc's upsert: a petition indexed again (by the catch-up, say) gets its row replaced, not a second one */
const ON_CONFLICT = 'on conflict (kind, source_id) do update set title = excluded.title, body = excluded.body, tokens = excluded.tokens, region_code = excluded.region_code, category_code = excluded.category_code';

/** A petition's index document: its title, and its content followed by the address as the body. */
export function petitionDoc(p: NewPetitionDoc): DocInput {
  return {
    kind: 'petition', sourceId: p.id, petitionId: p.id, matterId: p.matterId, receivedAt: p.receivedAt,
    regionCode: p.regionCode, categoryCode: p.categoryCode, title: p.title, body: petitionBody(p),
  };
}
const petitionBody = (p: { content: string; address: string | null }) => (p.address ? `${p.content} ${p.address}` : p.content);
/** The text a petition is indexed by (and its sketch taken of): `docText` of its document. */
export const petitionText = (p: { title: string; content: string; address: string | null }): string => docText({ title: p.title, body: petitionBody(p) });

/**
 * The index documents of these petitions, with their tokens; a petition given twice keeps its later text, as two
 * writeDoc calls in a row would leave it (PostgreSQL refuses to update one row twice in a statement).
 */
function indexedPetitions(docs: readonly NewPetitionDoc[]): IndexedDoc[] {
  const byId = new Map<number, IndexedDoc>();
  for (const p of docs) {
    const d = petitionDoc(p);
    byId.delete(p.id);
    byId.set(p.id, { ...d, tokens: indexText(docText(d)) });
  }
  return [...byId.values()];
}

/**
 * Writes (or replaces) the index rows of these petitions. SQLite: call inside a `store.write` unit. PostgreSQL:
 * one statement, inside a transaction or not.
 */
export async function writePetitionDocs(tx: Tx, store: Store, docs: readonly NewPetitionDoc[]): Promise<void> {
  if (!docs.length) return;
  const rows = indexedPetitions(docs);
  // SQLite: as writeDoc writes them (text/index.ts)
  if (store.sqlite) return writeSqliteDocs(tx, rows);
  // PostgreSQL: the codes instead of the tokens (see above); an int4[] per row goes as its array literal
  const columns: unknown[][] = [
    rows.map((r) => r.kind), rows.map((r) => r.sourceId), rows.map((r) => r.petitionId), rows.map((r) => r.matterId), rows.map((r) => r.receivedAt),
    rows.map((r) => r.regionCode), rows.map((r) => r.categoryCode), rows.map((r) => r.title), rows.map((r) => r.body), rows.map(() => ''),
    rows.map((r) => `{${indexCodes(docText(r)).join(',')}}`), rows.map((r) => docSketch(r)),
  ];
  if (store.pg && !tx.isTransaction) {
    await store.pg.query({ name: 'fq_text_petition_docs', text: PG_INSERT, values: columns });
    return;
  }
  await tx.executeQuery(CompiledQuery.raw(PG_INSERT, columns));
}

/**
 * Writes the index rows of petitions already registered, as a unit of its own: on SQLite on a file by the writer
 * thread (store/sqlite-writer.ts), off the request thread; else in a unit of the group commit (SQLite) or as one
 * statement, atomic by itself (PostgreSQL). The petition indexer's write, and a group of registrations' without it.
 */
export async function indexPetitions(store: Store, docs: readonly NewPetitionDoc[]): Promise<void> {
  if (!docs.length) return;
  if (store.sqliteBatch) await store.sqliteBatch({ checks: [], writes: sqliteDocWrites(indexedPetitions(docs)) });
  else await store.atomic((tx) => writePetitionDocs(tx, store, docs));
}

/** the codes column of each row comes as the text of an int4[] (unnest cannot take an array of arrays of varying length) */
const PG_INSERT = `insert into text_docs (${COLUMNS}, codes, sketch)
  select kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens, codes::int4[], sketch
  from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[])
    as d(kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens, codes, sketch)
  ${ON_CONFLICT}, codes = excluded.codes, sketch = excluded.sketch`;
