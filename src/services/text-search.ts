/**
 * Full-text search over petitions and the texts of events (replies, review decisions), with ranking (FTS5 bm25 on
 * SQLite, ts_rank on PostgreSQL), highlighting, filters combined with text, and keyset-free paging past 10,000.
 * Also: the registration hook, the catch-up that indexes later writes (events with text), and the full rebuild.
 */
import { sql } from 'kysely';
import { countRows, num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo, type Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { ftsExpression, matchingDocIds, tsqueryText, writeDoc } from '../text/index.ts';
import { highlight } from '../text/tokenize.ts';
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
export async function indexNewPetition(tx: Tx, p: { id: number; matterId: number; receivedAt: string; regionCode: string | null; categoryCode: string | null; title: string; content: string; address: string | null }): Promise<void> {
  await writeDoc(tx, {
    kind: 'petition', sourceId: p.id, petitionId: p.id, matterId: p.matterId, receivedAt: p.receivedAt,
    regionCode: p.regionCode, categoryCode: p.categoryCode, title: p.title, body: p.address ? `${p.content} ${p.address}` : p.content,
  });
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
 * the services). Cheap when nothing is new: two indexed range reads. A search calls it bounded (`REQUEST_CATCH_UP`:
 * a request never does unbounded work); the server's background job (jobs/scheduler.ts), `fengqiao text catchup`
 * and the rebuild call it unbounded.
 */
export const REQUEST_CATCH_UP = { batch: 200, maxBatches: 1 } as const;

export async function catchUp(ctx: Ctx, opts: { batch?: number; maxBatches?: number } = {}): Promise<{ events: number; petitions: number; more: boolean }> {
  const db = ctx.store.db;
  const size = opts.batch ?? BATCH;
  let budget = opts.maxBatches ?? Infinity;
  let events = 0, petitions = 0, more = false;
  for (;;) {
    if (budget-- <= 0) { more = true; break; }
    const after = await getState(ctx, 'eventsIndexedTo');
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
      await setState(tx, 'eventsIndexedTo', num(rows[rows.length - 1]!.id));
    });
    if (rows.length < size) break;
  }
  budget = opts.maxBatches ?? Infinity;
  for (;;) {
    if (budget-- <= 0) { more = true; break; }
    const after = await getState(ctx, 'petitionsCheckedTo');
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
      await setState(tx, 'petitionsCheckedTo', num(rows[rows.length - 1]!.id));
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
    await tx.deleteFrom('textState').where('key', 'in', ['eventsIndexedTo', 'petitionsCheckedTo']).execute();
  });
  if (ctx.store.dialect === 'sqlite') await sql`insert into text_fts(text_fts) values ('rebuild')`.execute(ctx.store.db);
  const r = await catchUp(ctx);
  if (ctx.store.dialect === 'sqlite') await sql`insert into text_fts(text_fts) values ('optimize')`.execute(ctx.store.db);
  else await sql`analyze text_docs`.execute(ctx.store.db);
  return { ...r, ms: Math.round(performance.now() - t0) };
}

export async function search(ctx: Ctx, viewer: { unitId: number }, f: SearchFilter): Promise<{ items: SearchHit[]; total: number; totalEstimated?: true }> {
  await catchUp(ctx, REQUEST_CATCH_UP);
  const docs = matchingDocIds(ctx.store, f.q);
  if (!docs) return { items: [], total: 0 };
  const db = ctx.store.db;
  const pg = ctx.store.dialect === 'postgres';
  let q = db.selectFrom('textDocs').innerJoin('matters', 'matters.id', 'textDocs.matterId')
    .where(sql<boolean>`text_docs.id in (${docs})`)
    .where(visibleTo(ctx.org(), viewer));
  if (f.kind) q = q.where('textDocs.kind', '=', f.kind);
  if (f.from) q = q.where('textDocs.receivedAt', '>=', dayStartUtc(f.from));
  if (f.to) q = q.where('textDocs.receivedAt', '<', nextDayStartUtc(f.to));
  if (f.regionCode) q = q.where('textDocs.regionCode', 'like', `${f.regionCode.replace(/(00)+$/, '')}%`);
  if (f.categoryCode) q = q.where('textDocs.categoryCode', 'like', `${f.categoryCode}%`);
  // exact up to FENGQIAO_EXACT_TOTAL_UP_TO on PostgreSQL, the planner's estimate past it (store/db.ts countRows)
  const { total, estimated } = await countRows(db, q);
  // relevance: bm25 (SQLite; lower is better, so negated) or ts_rank (PostgreSQL), computed for the page's candidates
  const tsq = pg ? tsqueryText(f.q) : null;
  const fts = pg ? null : ftsExpression(f.q);
  const scoreExpr = pg
    ? sql<number>`ts_rank(text_docs.tsv, to_tsquery('simple', ${tsq}))`
    : sql<number>`(select -bm25(text_fts) from text_fts where text_fts match ${fts} and text_fts.rowid = text_docs.id)`;
  let rows = q.select(['textDocs.id', 'textDocs.kind', 'textDocs.petitionId', 'textDocs.matterId', 'matters.code as matterCode', 'textDocs.receivedAt', 'textDocs.title', 'textDocs.body'])
    .select(scoreExpr.as('score'));
  rows = f.sort === 'newest' ? rows.orderBy('textDocs.receivedAt', 'desc') : rows.orderBy('score', 'desc').orderBy('textDocs.receivedAt', 'desc');
  const page = await rows.orderBy('textDocs.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return {
    total,
    ...(estimated ? { totalEstimated: true as const } : {}),
    items: page.map((r) => ({
      docId: num(r.id), kind: r.kind, petitionId: r.petitionId === null ? null : num(r.petitionId), matterId: num(r.matterId),
      matterCode: r.matterCode, receivedAt: r.receivedAt, title: r.title, snippet: highlight(r.body, f.q), score: Number(r.score ?? 0),
    })),
  };
}
