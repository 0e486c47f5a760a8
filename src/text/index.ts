/**
 * The search index: writing documents and the dialect-specific match expression. The only text file that knows
 * SQLite FTS5 from PostgreSQL's integer codes.
 */
import { CompiledQuery, sql, SqliteAdapter, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DialectName } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import type { Tx } from '../store/matter.repository.ts';
import type { SqliteBatch } from '../store/sqlite-writer.ts';
import '../store/schema-text.ts';
import { num, prepared } from '../store/db.ts';
import { indexText, isCjk, normalize, normalizeForCjk, queryCodes, queryPhrases, runs } from './tokenize.ts';
import { sketchOf } from './sketch.ts';
import { currentStats, localRefreshes, rarestShare, STATS_KEY, type CurrentStats, type StatsState } from './stats.ts';

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

/** The text a document is indexed by: its title and body (tokens on SQLite, codes on PostgreSQL, both from this). */
export const docText = (d: { title: string; body: string }): string => `${d.title} ${d.body}`;
/** A petition document's similarity sketch (sketch.ts), of the text it is indexed by; other documents have none. */
export const docSketch = (d: { kind: string; title: string; body: string }): Buffer | null => (d.kind === 'petition' ? sketchOf(docText(d)) : null);

/** A document with its bigram tokens, as the writers hand it to the index. */
export type IndexedDoc = DocInput & { tokens: string };

/**
 * Writes (or replaces) the index row of one document. PostgreSQL: one statement (its trigger codes the tokens and
 * blanks them). SQLite: `writeSqliteDocs`.
 */
export async function writeDoc(tx: Tx, d: DocInput): Promise<void> {
  const tokens = indexText(docText(d));
  if (tx.getExecutor().adapter instanceof SqliteAdapter) return writeSqliteDocs(tx, [{ ...d, tokens }]);
  const sketch = docSketch(d);
  await tx.insertInto('textDocs').values({ ...d, tokens, sketch })
    .onConflict((oc) => oc.columns(['kind', 'sourceId']).doUpdateSet({ title: d.title, body: d.body, tokens, sketch, regionCode: d.regionCode, categoryCode: d.categoryCode }))
    .execute();
}

/**
 * SQLite: the statements that write (or replace) documents, each with the rows bound to it in turn — an existing
 * document's entry out of the contentless FTS5 index (migration 2026-11-27T1100), the rows with their tokens blank
 * (a document already indexed, by the catch-up say, has its row updated), then the tokens into the index under each
 * row's id. (The table's triggers would move tokens written into the row just as well, but a row written long and
 * then shortened leaves its page mostly empty: the file grew by a fifth that way.) CHUNK documents to a statement;
 * the documents are distinct (kind, source). Run by `writeSqliteDocs` on the caller's connection, or as a batch by SQLite's writer thread
 * (store/sqlite-writer.ts; index-writer.ts `indexPetitions`).
 */
export function sqliteDocWrites(docs: readonly IndexedDoc[]): SqliteBatch['writes'] {
  const writes: SqliteBatch['writes'] = [];
  for (const kind of new Set(docs.map((d) => d.kind))) {
    const ofKind = docs.filter((d) => d.kind === kind);
    for (let i = 0; i < ofKind.length; i += CHUNK) {
      const chunk = ofKind.slice(i, i + CHUNK);
      const withTokens = chunk.filter((d) => d.tokens);
      writes.push(
        { sql: `delete from text_fts where rowid in (select id from text_docs where kind = ? and source_id in (${marks(chunk.length, '?')}))`, rows: [[kind, ...chunk.map((d) => d.sourceId)]] },
        {
          sql: `insert into text_docs (kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens, sketch) values ${marks(chunk.length, "(?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)")}
            on conflict (kind, source_id) do update set title = excluded.title, body = excluded.body, tokens = '', sketch = excluded.sketch, region_code = excluded.region_code, category_code = excluded.category_code`,
          rows: [chunk.flatMap((d) => [d.kind, d.sourceId, d.petitionId, d.matterId, d.receivedAt, d.regionCode, d.categoryCode, d.title, d.body, docSketch(d)])],
        },
      );
      if (withTokens.length) {
        writes.push({
          sql: `insert into text_fts (rowid, tokens) select t.id, v.column2 from (values ${marks(withTokens.length, '(?, ?)')}) v join text_docs t on t.kind = ? and t.source_id = v.column1`,
          rows: [[...withTokens.flatMap((d) => [d.sourceId, d.tokens]), kind]],
        });
      }
    }
  }
  return writes;
}
/** documents per SQLite statement */
const CHUNK = 32;
const marks = (n: number, one: string) => Array(n).fill(one).join(', ');

/** SQLite: writes (or replaces) documents in the caller's transaction (`sqliteDocWrites`): `writeDoc` and the petition indexer's batch writer (index-writer.ts). */
export async function writeSqliteDocs(tx: Tx, docs: readonly IndexedDoc[]): Promise<void> {
  for (const w of sqliteDocWrites(docs)) for (const r of w.rows) await tx.executeQuery(CompiledQuery.raw(w.sql, r));
}

/** FTS5 match expression: every phrase must occur (AND). Null when the query has no searchable characters. */
export function ftsExpression(q: string): string | null {
  const ps = queryPhrases(q);
  if (!ps.length) return null;
  return ps.map((p) => (p.prefix ? `"${p.tokens[0]}" *` : `"${p.tokens.join(' ')}"`)).join(' AND ');
}

/**
 * PostgreSQL's text condition on `text_docs`: each run that the codes alone do not settle must occur in the row's own
 * text (`strpos` on title and body) — a run of three or more characters (its bigrams must be adjacent), a
 * one-character run (it has no code) and an ASCII word (its code is a hash; looked for in the text as normalize()
 * sees it: full-width letters and digits folded, lower case). A two-character run is its bigram's code exactly, so
 * the row's text is not read for it. Null when no run needs it.
 */
function pgText({ runs: rs }: { runs: string[] }): RawBuilder<boolean> | null {
  const need = rs.filter((r) => !isCjk(r) || Array.from(r).length !== 2);
  if (!need.length) return null;
  const text = need.some((r) => !isCjk(r)) ? sql`lower(normalize(text_docs.title || ' ' || text_docs.body, NFKC))` : sql`(text_docs.title || ' ' || text_docs.body)`;
  return sql<boolean>`${sql.join(need.map((r) => sql`strpos(${text}, ${r}) > 0`), sql` and `)}`;
}

/** PostgreSQL: the row holds every code (read from the row itself; where a statement can, it asks `inBlocks`). */
const holdsCodes = (codes: number[]) => sql<boolean>`text_docs.codes @> ${`{${codes.join(',')}}`}::int4[]`;

/**
 * PostgreSQL: rows are grouped in blocks of 2^16 ids for the bucketed index (migration 2026-12-07T0300; 2^14 before):
 * its keys are code · 2²⁴ + block, so "rows of block b holding codes C" is one index look-up costing what block b
 * holds. A rare phrase asks every block, one look-up a code each: 16 blocks at 1,000,000 documents.
 */
const BLOCK_BITS = 16;
const blockOf = (id: number) => Math.floor(id / 2 ** BLOCK_BITS);
/**
 * Rows of any of `blocks` holding every code, exactly, through the bucketed GIN index: for each code, the row's keys
 * overlap that code's keys in those blocks (a row has the keys of its own block only). One array a code, however many
 * blocks: the statement's text depends on the query alone, and GIN reads each code's entries of those blocks, which
 * sit side by side.
 */
function inBlocks(codes: number[], blocks: number[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.join(codes.map((c) => sql`fq_bucket_codes(text_docs.id, text_docs.codes) && ${`{${blocks.map((b) => ((BigInt(c) << 24n) | BigInt(b)).toString()).join(',')}}`}::int8[]`), sql` and `)}`;
}
/** Block numbers from `a` to `b`, both included. */
const blockRange = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * A subquery yielding the ids of matching text_docs rows (column `doc_id`), or null for an empty query. On PostgreSQL
 * every block is asked (one index look-up each: 16 at 1,000,000 rows).
 */
async function matchingDocIds(db: Tx, dialect: DialectName, q: string): Promise<RawBuilder<{ doc_id: number }> | null> {
  if (dialect === 'sqlite') {
    const e = ftsExpression(q);
    return e === null ? null : sql<{ doc_id: number }>`select rowid as doc_id from text_fts where text_fts match ${e}`;
  }
  const parsed = queryCodes(q), { codes } = parsed;
  if (!parsed.runs.length) return null;
  const text = pgText(parsed) ?? sql<boolean>`true`;
  if (!codes.length) return sql<{ doc_id: number }>`select id as doc_id from text_docs where ${text}`;
  const { range } = await walkStart(db, dialect);
  return range ? sql<{ doc_id: number }>`select id as doc_id from text_docs where ${inBlocks(codes, blockRange(blockOf(range[0]), blockOf(range[1])))} and ${text}` : null;
}

/**
 * A list filtered by text (`?q=` on the matter and petition lists): the condition that a row of the list (`matters`,
 * or `petitions` joined with its matter) has a matching document — for a matter, its petitions' texts or a reply on
 * it; for a petition, its own text or a reply on its matter, as `matchingMatterIds` and `matchingPetitionIds` —
 * checked on the row itself (the documents of one matter by `text_docs_matter`; PostgreSQL reads their codes and text
 * inline, about 2 µs a row; SQLite asks FTS5 for that one rowid, about 60 µs, and only for a one-word query). With it
 * a list of a common word reads its own rows in its own order and stops at the page, instead of first collecting
 * every match of the word (store/text-list.ts). Also the share of documents the query can match at most, by the code
 * statistics (null without them). Null when the query has no codes (one character), or is a phrase on SQLite: the
 * list takes every match.
 */
export async function textRowCondition(db: Tx, dialect: DialectName, q: string, of: 'matters' | 'petitions'): Promise<{ holds: RawBuilder<boolean>; density: number | null } | null> {
  const parsed = queryCodes(q), { codes } = parsed;
  if (!parsed.runs.length || !codes.length) return null;
  const doc = of === 'matters'
    ? sql<boolean>`text_docs.matter_id = matters.id`
    : sql<boolean>`text_docs.matter_id = petitions.matter_id and (text_docs.kind = 'event' or (text_docs.kind = 'petition' and text_docs.source_id = petitions.id))`;
  if (dialect === 'sqlite') {
    // one word (a two-character word, an ASCII word) only: FTS5 asked for one rowid still reads the whole position
    // lists of a phrase's words, so a phrase of common bigrams held by no row cost 11 ms a row (拖欠工资 at 1,000,000:
    // 2.3 s for the 200 rows, against 22 ms for all its matches at once)
    const ps = queryPhrases(q);
    const e = ftsExpression(q);
    if (e === null || ps.length !== 1 || ps[0]!.tokens.length !== 1 || ps[0]!.prefix) return null;
    return { holds: sql<boolean>`coalesce((select 1 from text_docs join text_fts on text_fts.rowid = text_docs.id where ${doc} and text_fts match ${e} limit 1), 0)`, density: await densityOf(db, dialect, codes) };
  }
  // a scalar subquery with LIMIT, not EXISTS: PostgreSQL may turn a correlated EXISTS into a hashed subplan that reads
  // every document holding the codes first (0.8 s for a common word at 1,000,000), whatever the list's LIMIT
  const text = pgText(parsed);
  return { holds: sql<boolean>`coalesce((select true from text_docs where ${doc} and ${holdsCodes(codes)}${text ? sql` and ${text}` : sql``} limit 1), false)`, density: await densityOf(db, dialect, codes) };
}

/** The share of documents a query of these codes can match at most, by the code statistics (null without them). */
async function densityOf(db: Tx, dialect: DialectName, codes: number[]): Promise<number | null> {
  const { stats } = await walkStart(db, dialect);
  return stats && rarestShare(stats.state, stats.df, codes);
}

/** Subquery: matter ids whose petitions or replies match (null: nothing can match). */
export async function matchingMatterIds(db: Tx, dialect: DialectName, q: string): Promise<RawBuilder<{ matter_id: number }> | null> {
  const docs = await matchingDocIds(db, dialect, q);
  return docs && sql<{ matter_id: number }>`select matter_id from text_docs where id in (${docs})`;
}

/** Subquery: petition ids whose own text matches, or whose matter's replies match (null: nothing can match). */
export async function matchingPetitionIds(db: Tx, dialect: DialectName, q: string): Promise<RawBuilder<{ petition_id: number }> | null> {
  const docs = await matchingDocIds(db, dialect, q);
  return docs && sql<{ petition_id: number }>`select petition_id from text_docs where kind = 'petition' and id in (${docs}) union select p.id from petitions p join text_docs d on d.matter_id = p.matter_id where d.kind = 'event' and d.id in (${docs})`;
}

/**
 * The documents matching `q` as a query over `text_docs`, meant to be read newest first (`newestFirst`) with a
 * LIMIT, through `newestMatches`: SQLite walks the FTS5 doclists backwards from the newest row and stops at the
 * limit; PostgreSQL reads blocks of ids through the bucketed GIN index, newest first (a common word's newest ids
 * along the primary key).
 * Neither reads every match, which is what makes a search over a million petitions answer in milliseconds
 * (docs/TEXT.md, "Search at scale"). On PostgreSQL it must be read through them: the query holds only the text
 * condition, and the walk adds the codes. Null for a query with no searchable characters.
 */
export function matchingDocs(db: Tx, dialect: DialectName, q: string): SelectQueryBuilder<Database, 'textDocs', object> | null {
  if (dialect === 'sqlite') {
    const e = ftsExpression(q);
    if (e === null) return null;
    // text_fts is the outer loop (CROSS JOIN keeps it there) so ORDER BY its rowid is its own descending walk
    return db.selectFrom(sql`text_fts`.as('text_fts')).crossJoin('textDocs')
      .where(sql<boolean>`text_fts match ${e}`).where(sql<boolean>`text_docs.id = text_fts.rowid`) as unknown as SelectQueryBuilder<Database, 'textDocs', object>;
  }
  // the codes are asked by the walk (newestRows), through the index where it can: `codes @>` read from every row
  // would cost more than the rest of the statement (each row's codes are a kilobyte, mostly stored out of line)
  const parsed = queryCodes(q);
  if (!parsed.runs.length) return null;
  const text = pgText(parsed);
  return text ? db.selectFrom('textDocs').where(text) : db.selectFrom('textDocs');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- text_docs joined with whatever the caller needs
type Matching = SelectQueryBuilder<Database, any, object>;

/**
 * PostgreSQL: how many of the newest (or oldest) ids a walk first reads along the primary key
 * (FENGQIAO_SEARCH_FIRST_WINDOW, default 2,048; tests make it small).
 */
const firstWindow = () => Math.max(1, Number(process.env.FENGQIAO_SEARCH_FIRST_WINDOW) || 2048);
/** PostgreSQL: at most this many blocks are asked in one statement. */
const MAX_BLOCKS = 64;

/**
 * The newest `limit` matches of `matchingDocs(…, text)` (with any joins and filters the caller added), as values of
 * `column`, newest first — or the oldest, `oldest: true`. SQLite: one statement, FTS5 walking its doclists.
 *
 * PostgreSQL, in a few statements, none of which reads every match of a common word. How common the query can be
 * is known from the code statistics (text/stats.ts: its rarest code's share of the sample), when there are any:
 * 1. a query common enough that the newest `firstWindow()` ids should hold what is asked reads just as many ids along
 *    the primary key, codes and text checked inline (about 2 µs a row); so does any query without statistics;
 * 2. then blocks of 2^16 ids, newest first, through the bucketed GIN index, counted by the ids they cover: as many
 *    as should hold a fifth more than the matches still missing, at the density seen (or, before any match, the
 *    statistics' bound: a rare phrase asks every block at once), but at most four times the ids of the last
 *    statement, one block with nothing to go by; each block costs what it holds; the matches of those blocks are
 *    sorted by id (`id + 0`: no plan that walks the primary key hoping to stop early, which the planner may pick when
 *    it overrates how common a rare code is — 1.3 s at 1,000,000 rows, measured).
 * A query without codes (one character) walks windows of ids along the primary key, four times larger each time.
 */
export async function newestMatches(db: Tx, dialect: DialectName, q: Matching, text: string, limit: number, opts: WalkOptions & { column?: string } = {}): Promise<number[]> {
  const column = opts.column ?? 'textDocs.id';
  const key = column.split('.').pop()!;
  return (await newestRows(db, dialect, q, text, limit, [column], opts)).map((r) => r[key]).filter((v) => v !== null && v !== undefined).map(num);
}

/**
 * How a walk runs: `oldest` first instead of newest; from a `start` the caller read (`walkStart`, or
 * `recentWalkStart`), when it walks several times at once (the repeat check's probes); its statements `prepare`d on
 * PostgreSQL (store/db.ts `PREPARED`: only for walks of few distinct statement texts, as the probes').
 */
export interface WalkOptions { oldest?: boolean; start?: WalkStart; prepare?: boolean }

/** `newestMatches` with the columns asked for, read on the walk itself (the rows it visits anyway). */
export async function newestRows(db: Tx, dialect: DialectName, q: Matching, text: string, limit: number, columns: string[], opts: WalkOptions = {}): Promise<Record<string, unknown>[]> {
  if (dialect === 'sqlite') return await q.select(columns as never).orderBy(opts.oldest ? oldestFirst(dialect) : newestFirst(dialect)).limit(limit).execute() as Record<string, unknown>[];
  const { range, stats } = opts.start ?? await walkStart(db, dialect);
  if (!range) return [];
  const { codes } = queryCodes(text);
  const density = stats && rarestShare(stats.state, stats.df, codes);
  // each step is one statement, no transaction: parallel workers are off for text_docs by its storage parameter
  // (migration 2026-11-27T1200): the planner rates a block's few rows as thousands (it has no statistics for the
  // bucketed keys) and would start workers for a query that takes a millisecond
  return walkPg(db, q, codes, limit, { range, slack: opts.start?.slack }, density, columns, opts);
}

async function walkPg(db: Tx, q: Matching, codes: number[], limit: number, start: { range: [number, number]; slack?: number }, density: number | null, columns: string[], opts: { oldest?: boolean; prepare?: boolean }): Promise<Record<string, unknown>[]> {
  const run = async (w: Matching, n: number) => {
    const c = w.select(columns as never).limit(n).compile();
    return (await db.executeQuery(opts.prepare ? prepared(c) : c)).rows as Record<string, unknown>[];
  };
  const [first, newest] = start.range;
  // a start read a moment ago (`recentWalkStart`): ids up to `slack` above the newest it saw may have been indexed
  // since, and the walk reaches them; the ids it counts as read are those up to `newest`
  const slack = start.slack ?? 0, last = newest + slack;
  const asc = !!opts.oldest;
  const dir = asc ? 'asc' : 'desc';
  // how many ids should hold `limit` matches, by the code statistics (text/stats.ts): a query is at most as common
  // as its rarest code. Without them (or for a query that common) the walk starts with the first window.
  const expected = density === null ? 0 : (1.3 * limit) / density;
  // ... and only where reading them costs less than a block statement, which reads every match of its block however
  // few are asked (a row along the key, its codes checked, about 2.3 µs; a match in a block about 0.5 µs): the oldest
  // match of a rare word (the total's estimate asks one) is a block statement of 0.1 ms, not 1,734 ids in 4 ms
  const alongKey = expected <= firstWindow() && (density === null || expected <= (density * 2 ** BLOCK_BITS) / 4.5);
  const out: Record<string, unknown>[] = [];
  // ids read so far, and by the last statement
  let walked = 0, span = density === null ? firstWindow() : Math.max(256, Math.ceil(expected));
  // the ids the next statement reads along the primary key, or 0: it asks the blocks
  let keyIds = alongKey || !codes.length ? span : 0;
  let edge = asc ? first : last; // the next id to read
  while (out.length < limit && edge >= first && edge <= last) {
    const need = limit - out.length;
    // the first statement of a walk from the newest: the ids above the newest the start saw, few of which exist, are
    // read but not counted
    const above = !asc && edge === last ? slack : 0;
    if (keyIds) {
      // along the primary key: the first window, the rest of a common query, or every window of a query without codes
      const [lo, hi] = asc ? [edge, Math.min(last, edge + keyIds - 1)] : [Math.max(first, edge - keyIds - above + 1), edge];
      const w = q.where('textDocs.id', '>=', lo).where('textDocs.id', '<=', hi);
      out.push(...await run((codes.length ? w.where(holdsCodes(codes)) : w).orderBy('textDocs.id', dir), need));
      walked += hi - lo + 1 - above;
      edge = asc ? hi + 1 : lo - 1;
      span = hi - lo + 1 - above;
      // a query without codes: windows four times larger each time. A common one the statistics overrated (the
      // sample's share is only a bound) falls a few matches short of its first window: the rest along the key too, at
      // the density seen and a fifth more, when that is within a first window; so does a common word of one code (the
      // sample's share is its own) that found none in a stretch without it, with a window four times larger. A block
      // statement would read the whole block's matches of a common word to give those few (10 ms for 问题 at
      // 1,000,000, against 2 ms for the window). A phrase of several codes may be far rarer than its rarest code:
      // having found none, it asks the blocks
      const rest = out.length ? Math.max(256, Math.ceil((1.2 * (limit - out.length) * walked) / out.length)) : alongKey && codes.length === 1 ? 4 * span : Infinity;
      keyIds = !codes.length ? 4 * keyIds : rest <= firstWindow() ? rest : 0;
      continue;
    }
    // blocks through the bucketed index, as many as cover the ids that should hold what is missing (a fifth more):
    // at the density the walk has seen, or else the statistics' bound; at most four times the ids of the last
    // statement (a few thousand rows are a poor sample of how common a word is); with nothing to go by, one block
    const bounds = [walked ? 4 * span : Infinity, out.length ? (1.2 * need * walked) / out.length : density ? (1.3 * need) / density : Infinity];
    const want = Math.min(...bounds);
    const from = blockOf(edge);
    const reach = want === Infinity ? from : blockOf(asc ? Math.min(last, edge + want) : Math.max(first, edge - above - want));
    const to = asc ? Math.min(reach, from + MAX_BLOCKS - 1) : Math.max(reach, from - MAX_BLOCKS + 1);
    const list = asc ? blockRange(from, to) : blockRange(to, from);
    const bound = asc ? sql<boolean>`text_docs.id + 0 >= ${edge}` : sql<boolean>`text_docs.id + 0 <= ${edge}`;
    out.push(...await run(q.where(inBlocks(codes, list)).where(bound).orderBy(sql`text_docs.id + 0`, dir), need));
    const next = asc ? (to + 1) * 2 ** BLOCK_BITS : to * 2 ** BLOCK_BITS - 1;
    span = Math.abs(next - edge) - above;
    walked += span;
    edge = next;
  }
  return out;
}

/**
 * Where walks start: the index's id range (PostgreSQL; null when empty or on SQLite) and the current code statistics;
 * `slack`: how many ids above the range's newest may have been indexed since it was read (`recentWalkStart`).
 */
export interface WalkStart { range: [number, number] | null; stats: CurrentStats | null; slack?: number }

/**
 * What a walk starts from. PostgreSQL: the lowest and highest id of the index and which code statistics are current,
 * in one statement; SQLite needs no range. The statistics' frequencies are read once a refresh (text/stats.ts).
 */
export async function walkStart(db: Tx, dialect: DialectName): Promise<WalkStart> {
  if (dialect === 'sqlite') return { range: null, stats: await currentStats(db) };
  const r = (await sql<{ lo: number | null; hi: number | null; state: string | null }>`select
      (select min(id) from text_docs) as lo, (select max(id) from text_docs) as hi,
      (select value from text_state where key = ${STATS_KEY}) as state`.execute(db)).rows[0]!;
  const range: [number, number] | null = r.lo === null || r.hi === null ? null : [num(r.lo), num(r.hi)];
  return { range, stats: await currentStats(db, r.state ? JSON.parse(r.state) as StatsState : null) };
}

/** How long `recentWalkStart` keeps a start, and how many ids above its newest the walks from it reach. */
const RECENT_START_MS = 1_000;
const RECENT_START_SLACK = 2 ** BLOCK_BITS;
const recentStarts = new WeakMap<Tx, { at: number; refreshes: number; start: WalkStart }>();

/**
 * `walkStart` as read at most a second ago by this process on this connection pool (PostgreSQL; SQLite reads no
 * range, and gets `walkStart` itself): the repeat check's probes walk from it without a statement of their own, a
 * round trip that was a tenth of the check (docs/TEXT.md, twelfth session). Its walks reach `RECENT_START_SLACK`
 * (65,536) ids above the newest it saw, the next block of the bucketed index, so they miss nothing indexed since
 * unless more than that many documents were indexed in that second. Its code statistics may be a second old too (they
 * only choose the probes), except after a refresh this process took. An empty index is not kept.
 */
export async function recentWalkStart(db: Tx, dialect: DialectName): Promise<WalkStart> {
  if (dialect === 'sqlite') return walkStart(db, dialect);
  const kept = recentStarts.get(db);
  if (kept && performance.now() - kept.at < RECENT_START_MS && kept.refreshes === localRefreshes()) return kept.start;
  const refreshes = localRefreshes();
  const start = { ...await walkStart(db, dialect), slack: RECENT_START_SLACK };
  if (start.range) recentStarts.set(db, { at: performance.now(), refreshes, start });
  return start;
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

/** The runs `relevance` counts (at most 16), worked out once for the many documents one search scores. */
let lastQuery: { q: string; runs: string[] } = { q: '', runs: [] };
function queryRuns(q: string): string[] {
  if (lastQuery.q !== q) lastQuery = { q, runs: runs(q).slice(0, 16) };
  return lastQuery.runs;
}

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
  const rs = queryRuns(q);
  // a query of CJK runs only counts them in the texts as they are where NFKC would change nothing: no lower-case copy
  // of each of the 200 texts a search ranks (the copies were a tenth of a search's CPU, with their garbage)
  const fold = rs.every(isCjk) ? normalizeForCjk : normalize;
  const title = fold(doc.title), body = fold(doc.body);
  const len = body.length + title.length;
  const norm = K1 * (1 - B + (B * len) / Math.max(1, avgLen));
  let score = 0;
  for (const r of rs) {
    const tf = TITLE_WEIGHT * occurrences(title, r) + occurrences(body, r);
    score += (tf * (K1 + 1)) / (tf + norm);
  }
  return Math.round(score * 1e4) / 1e4;
}
