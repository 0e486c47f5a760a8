/**
 * The search index: writing documents and the dialect-specific match expression. The only text file that knows
 * SQLite FTS5 from PostgreSQL tsvector.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DialectName } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import type { Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { num } from '../store/db.ts';
import { indexText, isCjk, normalize, queryCodes, queryPhrases, runs } from './tokenize.ts';

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

/**
 * PostgreSQL's match condition on `text_docs`: the row holds every code of the query (GIN on `codes`, exact) and
 * its text contains every run (adjacency; a one-character run is only looked for in the text). Null when the query
 * has no searchable characters.
 */
function pgCondition(q: string): RawBuilder<boolean> | null {
  const { codes, runs: rs } = queryCodes(q);
  if (!rs.length) return null;
  // ASCII words are looked for in the text as normalize() sees it (full-width letters and digits folded, lower case)
  const text = rs.some((r) => !isCjk(r)) ? sql`lower(normalize(text_docs.title || ' ' || text_docs.body, NFKC))` : sql`(text_docs.title || ' ' || text_docs.body)`;
  const has = sql.join(rs.map((r) => sql`strpos(${text}, ${r}) > 0`), sql` and `);
  return codes.length ? sql<boolean>`text_docs.codes @> ${`{${codes.join(',')}}`}::int4[] and ${has}` : sql<boolean>`${has}`;
}

/** A subquery yielding the ids of matching text_docs rows (column `doc_id`), or null for an empty query. */
export function matchingDocIds(store: { dialect: DialectName }, q: string): RawBuilder<{ doc_id: number }> | null {
  if (store.dialect === 'sqlite') {
    const e = ftsExpression(q);
    return e === null ? null : sql<{ doc_id: number }>`select rowid as doc_id from text_fts where text_fts match ${e}`;
  }
  const c = pgCondition(q);
  return c === null ? null : sql<{ doc_id: number }>`select id as doc_id from text_docs where ${c}`;
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
  const c = pgCondition(q);
  return c === null ? null : db.selectFrom('textDocs').where(c);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- text_docs joined with whatever the caller needs
type Matching = SelectQueryBuilder<Database, any, object>;

/**
 * PostgreSQL: the first window of ids a walk reads (FENGQIAO_SEARCH_FIRST_WINDOW, default 4,096; tests make it
 * small to walk many windows); later ones are sized from the density of matches seen.
 */
const firstWindow = () => Math.max(1, Number(process.env.FENGQIAO_SEARCH_FIRST_WINDOW) || 4096);

/**
 * The newest `limit` matches of a `matchingDocs` query (with any joins and filters the caller added), as values of
 * `column`, newest first — or the oldest, `oldest: true`. SQLite: one statement, FTS5 walking its doclists. PostgreSQL:
 * windows of ids from the newest end, `id between lo and hi` each: a window is small enough that the database reads
 * it by the primary key checking the codes inline, or takes the GIN index and the id range together; each next window
 * is sized from the density of matches seen so far, so a common word stops after a few thousand rows and a rare one
 * reaches the oldest row in a few steps. No statement reads every match of a common word.
 */
export async function newestMatches(db: Tx, dialect: DialectName, q: Matching, limit: number, opts: { column?: string; oldest?: boolean } = {}): Promise<number[]> {
  const column = opts.column ?? 'textDocs.id';
  const pick = (rows: Record<string, unknown>[]) => rows.map((r) => r[column.split('.').pop()!]).filter((v) => v !== null && v !== undefined).map(num);
  if (dialect === 'sqlite') {
    return pick(await q.select(column as never).orderBy(opts.oldest ? oldestFirst(dialect) : newestFirst(dialect)).limit(limit).execute() as Record<string, unknown>[]);
  }
  const b = await db.selectFrom('textDocs').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirst();
  if (!b || b.lo === null || b.hi === null) return [];
  const first = num(b.lo), last = num(b.hi);
  const out: number[] = [];
  let span = firstWindow(), walked = 0;
  let edge = opts.oldest ? first : last; // the next id to read
  while (out.length < limit && edge >= first && edge <= last) {
    const [lo, hi] = opts.oldest ? [edge, Math.min(last, edge + span - 1)] : [Math.max(first, edge - span + 1), edge];
    const rows = await q.select(column as never).where('textDocs.id', '>=', lo).where('textDocs.id', '<=', hi)
      .orderBy('textDocs.id', opts.oldest ? 'asc' : 'desc').limit(limit - out.length).execute() as Record<string, unknown>[];
    out.push(...pick(rows));
    walked += hi - lo + 1;
    edge = opts.oldest ? hi + 1 : lo - 1;
    // the next window: enough rows for what is missing at the density seen so far (half again for safety), at least
    // four times the last (a rare word reaches the end in a few steps)
    const need = limit - out.length;
    span = Math.max(4 * span, out.length ? Math.ceil((1.5 * need * walked) / out.length) : 0);
  }
  return out;
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
