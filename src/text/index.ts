/**
 * The search index: writing documents and the dialect-specific match expression. The only text file that knows
 * SQLite FTS5 from PostgreSQL tsvector.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../store/db.ts';
import type { Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { indexText, queryPhrases } from './tokenize.ts';

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
