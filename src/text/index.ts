/**
 * The search index: writing documents and the dialect-specific match expression. The only text file that knows
 * SQLite FTS5 from PostgreSQL tsvector.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DialectName } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import type { Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { indexText, normalize, queryPhrases, runs } from './tokenize.ts';

export interface DocInput {
  kind: 'petition' | 'event';
  sourceId: number;
  petitionId: number | null;
  matterId: number;
  receivedAt: string;
  regionCode: string | null;
  categoryCode: string | null;
  title: string;
  body: string;
}

/** Writes (or replaces) the index row of one document. One statement; cheap enough for the registration path. */
export async function writeDoc(tx: Tx, d: DocInput): Promise<void> {
  const tokens = indexText(`${d.title} ${d.body}`);
  await tx.insertInto('textDocs').values({ ...d, tokens })
    .onConflict((oc) => oc.columns(['kind', 'sourceId']).doUpdateSet({ title: d.title, body: d.body, tokens, regionCode: d.regionCode, categoryCode: d.categoryCode }))
    .execute();
}

/** FTS5 match expression: every phrase must occur (AND). Null when the query has no searchable characters. */
export function ftsExpression(q: string): string | null {
  const ps = queryPhrases(q);
  if (!ps.length) return null;
  return ps.map((p) => (p.prefix ? `"${p.tokens[0]}" *` : `"${p.tokens.join(' ')}"`)).join(' AND ');
}

/** PostgreSQL tsquery text: phrases with <->, prefixes with :*, AND between phrases. */
export function tsqueryText(q: string): string | null {
  const ps = queryPhrases(q);
  if (!ps.length) return null;
  return ps.map((p) => (p.prefix ? `${p.tokens[0]}:*` : `(${p.tokens.join(' <-> ')})`)).join(' & ');
}

/** A subquery yielding the ids of matching text_docs rows (column `doc_id`), or null for an empty query. */
export function matchingDocIds(store: { dialect: DialectName }, q: string): RawBuilder<{ doc_id: number }> | null {
  if (store.dialect === 'sqlite') {
    const e = ftsExpression(q);
    return e === null ? null : sql<{ doc_id: number }>`select rowid as doc_id from text_fts where text_fts match ${e}`;
  }
  const t = tsqueryText(q);
  return t === null ? null : sql<{ doc_id: number }>`select id as doc_id from text_docs where tsv @@ to_tsquery('simple', ${t})`;
}

/** Subquery: matter ids whose petitions or replies match. */
export function matchingMatterIds(store: { dialect: DialectName }, q: string): RawBuilder<{ matter_id: number }> | null {
  const docs = matchingDocIds(store, q);
  return docs && sql<{ matter_id: number }>`select matter_id from text_docs where id in (${docs})`;
}

/** Subquery: petition ids whose own text matches, or whose matter's replies match. */
export function matchingPetitionIds(store: { dialect: DialectName }, q: string): RawBuilder<{ petition_id: number }> | null {
  const docs = matchingDocIds(store, q);
  return docs && sql<{ petition_id: number }>`select petition_id from text_docs where kind = 'petition' and id in (${docs}) union select p.id from petitions p join text_docs d on d.matter_id = p.matter_id where d.kind = 'event' and d.id in (${docs})`;
}

/**
 * The documents matching `q` as a query over `text_docs`, meant to be read newest first (`newestFirst`) with a
 * LIMIT: SQLite walks the FTS5 doclists backwards from the newest row and stops at the limit; PostgreSQL reads the
 * GIN index (or, for a very common term, walks the primary key backwards checking the tsvector, as its planner
 * decides). Neither reads every match, which is what makes a search over a million petitions answer in
 * milliseconds (docs/TEXT.md, "Search at scale"). Null for a query with no searchable characters.
 */
export function matchingDocs(db: Tx, dialect: DialectName, q: string): SelectQueryBuilder<Database, 'textDocs', object> | null {
  if (dialect === 'sqlite') {
    const e = ftsExpression(q);
    if (e === null) return null;
    // text_fts is the outer loop (CROSS JOIN keeps it there) so ORDER BY its rowid is its own descending walk
    return db.selectFrom(sql`text_fts`.as('text_fts')).crossJoin('textDocs')
      .where(sql<boolean>`text_fts match ${e}`).where(sql<boolean>`text_docs.id = text_fts.rowid`) as unknown as SelectQueryBuilder<Database, 'textDocs', object>;
  }
  const t = tsqueryText(q);
  return t === null ? null : db.selectFrom('textDocs').where(sql<boolean>`text_docs.tsv @@ to_tsquery('simple', ${t})`);
}

/** The ORDER BY for `matchingDocs`: newest index row first (the FTS5 rowid on SQLite, so that FTS5 walks backwards). */
export function newestFirst(dialect: DialectName): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`text_fts.rowid desc` : sql`text_docs.id desc`;
}

/** The opposite walk: oldest index row first (the search's total estimate needs the oldest match). */
export function oldestFirst(dialect: DialectName): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`text_fts.rowid asc` : sql`text_docs.id asc`;
}

const K1 = 1.2, B = 0.75, TITLE_WEIGHT = 2;

/** Occurrences of `needle` in `hay` (both normalised), not overlapping. */
function occurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Relevance of one matching document to `q`: BM25's term saturation and length normalisation over the query's
 * phrases (k1 1.2, b 0.75), a title occurrence counting twice. Every document scored matches every phrase (AND), so
 * BM25's idf is the same for all of them and is left out. Computed in the application for the candidates only,
 * identically on both databases.
 */
export function relevance(q: string, doc: { title: string; body: string }, avgLen: number): number {
  const title = normalize(doc.title), body = normalize(doc.body);
  const len = body.length + title.length;
  const norm = K1 * (1 - B + (B * len) / Math.max(1, avgLen));
  let score = 0;
  for (const r of runs(q).slice(0, 16)) {
    const tf = TITLE_WEIGHT * occurrences(title, r) + occurrences(body, r);
    score += (tf * (K1 + 1)) / (tf + norm);
  }
  return Math.round(score * 1e4) / 1e4;
}
