/**
 * Full-text search over petitions and the texts of events (replies, review decisions), with ranking (FTS5 bm25 on
 * SQLite, ts_rank on PostgreSQL), highlighting, filters combined with text, and keyset-free paging past 10,000.
 * Also: the registration hook, the catch-up that indexes later writes (events with text), and the full rebuild.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { num, type DialectName, type Db } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo, type Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { matchingDocs, newestMatches, newestRows, recentWalkStart, relevance, writeDoc } from '../text/index.ts';
import { highlight } from '../text/tokenize.ts';
import { petitionDoc, type NewPetitionDoc } from '../text/index-writer.ts';
import type { Ctx } from './context.ts';

export interface SearchFilter {
  q: string;
  from?: string;
  to?: string;
  regionCode?: string;
  categoryCode?: string;
  kind?: 'petition' | 'event';
  sort?: 'relevance' | 'newest';
  page: number;
  pageSize: number;
}

export interface SearchHit {
  docId: number; kind: string; petitionId: number | null; matterId: number; matterCode: string; receivedAt: string;
  title: string; snippet: string; score: number;
}

/** Index one newly registered petition, inside the registration's unit of work. */
export async function indexNewPetition(tx: Tx, p: NewPetitionDoc): Promise<void> {
  await writeDoc(tx, petitionDoc(p));
}

const BATCH = 2000;

/** Text carried by an event's data that should be searchable (reply text, review decisions, reasons). */
export function eventText(data: string): string | null {
  try {
    const d = JSON.parse(data) as Record<string, unknown>;
    const parts = ['text', 'reason', 'channelGuidance'].map((k) => d[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length ? parts.join(' ') : null;
  } catch { return null; }
}

/** The index's high-water marks in text_state: events indexed up to this id; petitions checked for a row up to this id. */
const EVENTS_MARK = 'eventsIndexedTo', PETITIONS_MARK = 'petitionsCheckedTo';

async function getState(ctx: Ctx, key: string): Promise<number> {
  const r = await ctx.store.db.selectFrom('textState').select('value').where('key', '=', key).executeTakeFirst();
  return r ? Number(r.value) : 0;
}
/** Moves a high-water mark forward only: a slower catch-up running beside a faster one never sets it back. */
async function setState(tx: Tx, key: string, value: number): Promise<void> {
  await tx.insertInto('textState').values({ key, value: String(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(value) }).where(sql<boolean>`cast(text_state.value as bigint) < ${value}`)).execute();
}

/**
 * Brings the index up to date with writes made since the last call: events that carry text (replies …) and any
 * petition that has no index row (a registration whose index write failed, or rows bulk-loaded or imported around
 * the services). Cheap when nothing is new: one statement reads both high-water marks and the newest event and
 * petition ids (three round trips fewer for every search than reading them one by one). A search calls it bounded
 * (`REQUEST_CATCH_UP`: a request never does unbounded work); the server's background job (jobs/scheduler.ts),
 * `fengqiao text catchup` and the rebuild call it unbounded.
 */
export const REQUEST_CATCH_UP = { batch: 200, maxBatches: 1 } as const;

export async function catchUp(ctx: Ctx, opts: { batch?: number; maxBatches?: number } = {}): Promise<{ events: number; petitions: number; more: boolean }> {
  const db = ctx.store.db;
  const size = opts.batch ?? BATCH;
  let budget = opts.maxBatches ?? Infinity;
  let events = 0, petitions = 0, more = false;
  // one statement when nothing is new (the usual case for a search): both marks and the newest event and petition;
  // the marks read start the first batch of each
  const marks = await sql<{ e: string | null; me: number | null; p: string | null; mp: number | null }>`select
      (select value from text_state where key = ${EVENTS_MARK}) as e, (select max(id) from events) as me,
      (select value from text_state where key = ${PETITIONS_MARK}) as p, (select max(id) from petitions) as mp`.execute(db);
  const m = marks.rows[0]!;
  const eventsNew = m.me !== null && num(m.me) > Number(m.e ?? 0);
  const petitionsNew = m.mp !== null && num(m.mp) > Number(m.p ?? 0);
  for (let first = true; eventsNew; first = false) {
    if (budget-- <= 0) { more = true; break; }
    const after = first ? Number(m.e ?? 0) : await getState(ctx, EVENTS_MARK);
    const rows = await db.selectFrom('events').innerJoin('matters', 'matters.id', 'events.matterId')
      .select(['events.id', 'events.matterId', 'events.at', 'events.data', 'events.action', 'matters.title', 'matters.regionCode', 'matters.categoryCode'])
      .where('events.id', '>', after).orderBy('events.id').limit(size).execute();
    if (!rows.length) break;
    await ctx.store.write(async (tx) => {
      for (const r of rows) {
        const text = eventText(r.data);
        if (!text) continue;
        await writeDoc(tx, { kind: 'event', sourceId: num(r.id), petitionId: null, matterId: num(r.matterId), receivedAt: r.at, regionCode: r.regionCode, categoryCode: r.categoryCode, title: r.title, body: text });
        events++;
      }
      await setState(tx, EVENTS_MARK, num(rows[rows.length - 1]!.id));
    });
    if (rows.length < size) break;
  }
  budget = opts.maxBatches ?? Infinity;
  for (let first = true; petitionsNew; first = false) {
    if (budget-- <= 0) { more = true; break; }
    const after = first ? Number(m.p ?? 0) : await getState(ctx, PETITIONS_MARK);
    const rows = await db.selectFrom('petitions').leftJoin('textDocs', (j) => j.onRef('textDocs.sourceId', '=', 'petitions.id').on('textDocs.kind', '=', 'petition'))
      .select(['petitions.id', 'petitions.matterId', 'petitions.receivedAt', 'petitions.regionCode', 'petitions.categoryCode', 'petitions.title', 'petitions.content', 'petitions.address', 'textDocs.id as docId'])
      .where('petitions.id', '>', after).orderBy('petitions.id').limit(size).execute();
    if (!rows.length) break;
    await ctx.store.write(async (tx) => {
      for (const r of rows) {
        if (r.docId !== null) continue;
        await indexNewPetition(tx, { ...r, id: num(r.id), matterId: num(r.matterId) });
        petitions++;
      }
      await setState(tx, PETITIONS_MARK, num(rows[rows.length - 1]!.id));
    });
    if (rows.length < size) break;
  }
  return { events, petitions, more };
}

/** Drops and rebuilds the whole index from petitions and events. */
export async function rebuildIndex(ctx: Ctx): Promise<{ petitions: number; events: number; ms: number }> {
  const t0 = performance.now();
  await ctx.store.write(async (tx) => {
    await tx.deleteFrom('textDocs').execute();
    await tx.deleteFrom('textState').where('key', 'in', [EVENTS_MARK, PETITIONS_MARK]).execute();
  });
  // SQLite: the FTS5 index is contentless (migration 2026-11-27T1100): emptied whole, tombstones of the deletes too
  if (ctx.store.dialect === 'sqlite') await sql`insert into text_fts(text_fts) values ('delete-all')`.execute(ctx.store.db);
  const r = await catchUp(ctx);
  if (ctx.store.dialect === 'sqlite') await sql`insert into text_fts(text_fts) values ('optimize')`.execute(ctx.store.db);
  else await sql`analyze text_docs`.execute(ctx.store.db);
  return { ...r, ms: Math.round(performance.now() - t0) };
}

/**
 * How many of the newest matches are ranked by relevance (`FENGQIAO_SEARCH_RANK_WINDOW`, default 200). A query
 * matching more is ranked within its newest matches, and the older ones follow, newest first: reading and scoring
 * every one of 200,000 matches of a common word would take seconds at a million petitions.
 */
export const rankWindow = () => Math.max(20, Number(process.env.FENGQIAO_SEARCH_RANK_WINDOW) || 200);
/**
 * A search counts its matches exactly up to this many (`FENGQIAO_SEARCH_EXACT_UP_TO`), estimates past it. Default
 * 1,000 on SQLite; on PostgreSQL the ranked window, whose texts the walk reads with the ids (text/index.ts
 * `newestRows`): counting further would read the texts of matches no one sees.
 */
export const searchExactUpTo = (dialect: DialectName) => Math.max(rankWindow(), Number(process.env.FENGQIAO_SEARCH_EXACT_UP_TO) || (dialect === 'sqlite' ? 1000 : 0));

/**
 * Full-text search, read newest first and stopped early (text/index.ts `matchingDocs`): the newest
 * `searchExactUpTo()` matching ids are walked once — that gives an exact total up to that many, and beyond it an
 * estimate extrapolated from how much of the index the walk covered (`totalEstimated`). The newest `rankWindow()`
 * matches are scored (text/index.ts `relevance`) and sorted (or sorted by date of receipt for `sort: newest`); pages
 * past the window continue with older matches newest first, so every match stays reachable (past 10,000 too).
 */
export async function search(ctx: Ctx, viewer: { unitId: number }, f: SearchFilter): Promise<{ items: SearchHit[]; total: number; totalEstimated?: true }> {
  await catchUp(ctx, REQUEST_CATCH_UP);
  const dialect = ctx.store.dialect;
  const db = ctx.store.db;
  const matching = matchingDocs(db, dialect, f.q);
  if (!matching) return { items: [], total: 0 };
  let q = matching.innerJoin('matters', 'matters.id', 'textDocs.matterId').where(visibleTo(ctx.org(), viewer));
  if (f.kind) q = q.where('textDocs.kind', '=', f.kind);
  if (f.from) q = q.where('textDocs.receivedAt', '>=', dayStartUtc(f.from));
  if (f.to) q = q.where('textDocs.receivedAt', '<', nextDayStartUtc(f.to));
  if (f.regionCode) q = q.where('textDocs.regionCode', 'like', `${f.regionCode.replace(/(00)+$/, '')}%`);
  if (f.categoryCode) q = q.where('textDocs.categoryCode', 'like', `${f.categoryCode}%`);
  const { pageIds, scores, docs, total, estimated } = await rankedPage(db, dialect, q, f);
  // the page's texts: from the scored window where they are, read for pages past it
  const missing = pageIds.filter((id) => !docs.has(id));
  if (missing.length) for (const d of await db.selectFrom('textDocs').select(['id', 'title', 'body', 'receivedAt']).where('id', 'in', missing).execute()) docs.set(num(d.id), d);
  const rows = pageIds.length
    ? await db.selectFrom('textDocs').innerJoin('matters', 'matters.id', 'textDocs.matterId')
      .select(['textDocs.id', 'textDocs.kind', 'textDocs.petitionId', 'textDocs.matterId', 'matters.code as matterCode'])
      .where('textDocs.id', 'in', pageIds).execute()
    : [];
  const byId = new Map(rows.map((r) => [num(r.id), r]));
  const items: SearchHit[] = [];
  for (const id of pageIds) {
    const r = byId.get(id), d = docs.get(id);
    if (!r || !d) continue;
    items.push({
      docId: id, kind: r.kind, petitionId: r.petitionId === null ? null : num(r.petitionId), matterId: num(r.matterId),
      matterCode: r.matterCode, receivedAt: d.receivedAt, title: d.title, snippet: highlight(d.body, f.q), score: scores.get(id) ?? relevance(f.q, d, d.body.length + d.title.length),
    });
  }
  return { total, ...(estimated ? { totalEstimated: true as const } : {}), items };
}

/** Builder of matching documents: `matchingDocs` with any joins and filters added (search) or none (bench/text). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- text_docs joined with whatever the caller needs
type Matching = SelectQueryBuilder<Database, any, object>;

/**
 * The core of `search`, without joins of its own: the page's document ids in order, their scores, the texts read
 * (the scored window's), and the total. bench/text times exactly this.
 */
export async function rankedPage(db: Db, dialect: DialectName, q: Matching, f: { q: string; sort?: 'relevance' | 'newest'; page: number; pageSize: number }) {
  const cap = searchExactUpTo(dialect);
  // PostgreSQL: every walk of the search from one start read at most a second ago (SQLite's walks need none)
  const walk = dialect === 'postgres' ? { start: await recentWalkStart(db, dialect) } : {};
  // PostgreSQL reads the texts on the walk itself (it visits those rows anyway); SQLite's walk reads only FTS5's
  // index, and the scored window's texts are fetched after
  const walkedRows = await newestRows(db, dialect, q, f.q, cap + 1, dialect === 'postgres' ? ['textDocs.id', 'textDocs.title', 'textDocs.body', 'textDocs.receivedAt'] : ['textDocs.id'], walk);
  const ids = walkedRows.map((r) => num(r.id));
  let total = ids.length, estimated = false;
  if (ids.length > cap) {
    // the walk covered ids[cap]..newest of the index; the same density over the rest of it
    const [oldest] = await newestMatches(db, dialect, q, f.q, 1, { ...walk, oldest: true });
    const newest = ids[0]!, reached = ids[cap]!, first = oldest ?? reached;
    total = Math.max(cap + 1, Math.round((cap * (newest - first + 1)) / Math.max(1, newest - reached + 1)));
    estimated = true;
  }
  const window = ids.slice(0, rankWindow());
  const start = (f.page - 1) * f.pageSize, end = start + f.pageSize;
  const pageIds: number[] = [];
  let scores = new Map<number, number>();
  const docs = new Map<number, { title: string; body: string; receivedAt: string }>();
  if (start < window.length) {
    const rows = dialect === 'postgres'
      ? walkedRows.slice(0, window.length) as { id: number; title: string; body: string; receivedAt: string }[]
      : await db.selectFrom('textDocs').select(['id', 'title', 'body', 'receivedAt']).where('id', 'in', window).execute();
    for (const d of rows) docs.set(num(d.id), d);
    const avg = rows.reduce((a, d) => a + d.body.length + d.title.length, 0) / Math.max(1, rows.length);
    scores = new Map(rows.map((d) => [num(d.id), relevance(f.q, d, avg)]));
    const at = new Map(rows.map((d) => [num(d.id), d.receivedAt]));
    const newer = (a: number, b: number) => (at.get(b)! < at.get(a)! ? -1 : at.get(b)! > at.get(a)! ? 1 : b - a);
    const sorted = [...window].sort(f.sort === 'newest' ? newer : (a, b) => scores.get(b)! - scores.get(a)! || newer(a, b));
    pageIds.push(...sorted.slice(start, end));
  }
  if (end > window.length) {
    // older than the window: newest first, straight from the walk (or past it)
    const from = Math.max(start, window.length);
    const more = end <= ids.length || ids.length <= cap
      ? ids.slice(from, end)
      : (await newestMatches(db, dialect, q, f.q, end, walk)).slice(from);
    pageIds.push(...more);
  }
  return { pageIds, scores, docs, total, estimated };
}
