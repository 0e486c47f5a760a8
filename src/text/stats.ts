/**
 * How common each index code is: document frequencies of the codes (tokenize.ts `indexCodes`: bigrams, trigrams, words,
 * lone characters) over a sample of the newest documents, kept in `text_code_df` (migration
 * 2026-11-27T1300-text-code-df) with the sample's size and date in `text_state` ('code-df').
 *
 * Two readers use them, both for speed and neither for what a result is:
 * - the repeat check picks its probe phrases among the rarest four-character windows of the text
 *   (services/text-related.ts `rareProbes`): a rare phrase is cheap to look up on both databases, and its newest
 *   100 holders are not crowded by unrelated petitions;
 * - PostgreSQL's newest-first walk sizes its first statement by how common the query's rarest code is
 *   (text/index.ts `walkPg`) instead of learning it from a first window.
 * Without statistics (a new deployment until the text job's first run) both do what they did before.
 *
 * The server's text job refreshes them (jobs/scheduler.ts) when they are missing, a day old, or the index has grown
 * by a tenth since; `fengqiao text stats` and `fengqiao text reindex` refresh them at once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../store/matter.repository.ts';
import type { Store } from '../store/db.ts';
import { num } from '../store/db.ts';
import '../store/schema-text.ts';
import { indexCodes } from './tokenize.ts';

/** Documents sampled, newest first. A code seen once in the sample is not kept (it counts as rare). */
export const STATS_SAMPLE = 20_000;
/** The `text_state` key of the sample's size, newest id and date. */
export const STATS_KEY = 'code-df';

/** `gen` numbers the refreshes (the rows of `text_code_df` that are current); `id` names one (a process keeps what it read by it). */
export interface StatsState { id: string; gen: number; sample: number; maxId: number; at: string }

/** The sample's size, the newest id it saw and when, or null before the first refresh. */
export async function statsState(db: Tx): Promise<StatsState | null> {
  const r = await db.selectFrom('textState').select('value').where('key', '=', STATS_KEY).executeTakeFirst();
  return r ? JSON.parse(r.value) as StatsState : null;
}

/**
 * The kept frequencies of the last two refreshes this process has read or taken, by the refresh's id: a repeat check
 * needs those of a few hundred codes, and one read of them all (a few hundred thousand rows, once a refresh) costs
 * less than a statement for every check. About 14 MiB each for 344,000 codes (1,000,000 petitions).
 */
const loaded = new Map<string, Map<number, number>>();
function remember(id: string, df: Map<number, number>): Map<number, number> {
  loaded.set(id, df);
  if (loaded.size > 2) loaded.delete(loaded.keys().next().value!);
  return df;
}

async function keptFrequencies(db: Tx, state: StatsState): Promise<Map<number, number>> {
  const df = loaded.get(state.id);
  if (df) return df;
  const read = new Map<number, number>();
  for (const r of await db.selectFrom('textCodeDf').select(['code', 'df']).where('gen', '=', state.gen).execute()) read.set(num(r.code), num(r.df));
  return remember(state.id, read);
}

/** The current statistics: which refresh they are of, and its frequencies. */
export interface CurrentStats { state: StatsState; df: ReadonlyMap<number, number> }

/**
 * The current statistics, or null before the first refresh: the state as `statsState` reads it (or as the caller
 * read it in a statement of its own), and the frequencies, read once a refresh per process. The server's text job
 * calls it every 30 s in every process, so that no search pays for the read (a few hundred thousand rows: 0.3–0.6 s
 * at 1,000,000 petitions) after another process refreshed them.
 */
export async function currentStats(db: Tx, state?: StatsState | null): Promise<CurrentStats | null> {
  const s = state === undefined ? await statsState(db) : state;
  return s?.sample ? { state: s, df: await keptFrequencies(db, s) } : null;
}

/** Refreshes taken by this process: a walk start kept from before one is not used after it (index.ts `recentWalkStart`). */
let refreshesTaken = 0;
export const localRefreshes = (): number => refreshesTaken;

/** How many sampled documents held `code`: a code the statistics did not keep was seen at most once. */
export const sampleFrequency = (df: ReadonlyMap<number, number>, code: number): number => df.get(code) ?? 1;

/**
 * Matches per document a query of `codes` can have at most: the sample frequency of its rarest code (never taken
 * below half a document). Null for an empty sample.
 */
export function rarestShare(state: StatsState, df: ReadonlyMap<number, number>, codes: readonly number[]): number | null {
  if (!state.sample || !codes.length) return null;
  return Math.max(0.5, Math.min(...codes.map((c) => sampleFrequency(df, c)))) / state.sample;
}

/** Whether the statistics are missing, older than a day, or the index has grown by a tenth since they were taken. */
export async function statsDue(db: Tx, now: string): Promise<boolean> {
  const state = await statsState(db);
  const top = await db.selectFrom('textDocs').select((eb) => eb.fn.max('id').as('hi')).executeTakeFirst();
  const maxId = top?.hi == null ? 0 : num(top.hi);
  if (!state) return maxId > 0;
  if (Date.parse(now) - Date.parse(state.at) > 86_400_000) return true;
  return maxId - state.maxId > Math.max(100, state.maxId / 10);
}

/**
 * Counts the codes of the newest `sample` documents and makes them the current frequencies. The rows are written in
 * short transactions beside the current ones, then named current, then the old ones deleted a few thousand at a
 * time: a refresh never holds SQLite's one writer for long (a few hundred thousand rows in one transaction took
 * about a second, during which no petition could be registered).
 */
export async function refreshCodeStats(store: Store, now: string, sample = STATS_SAMPLE): Promise<{ sample: number; codes: number }> {
  const rows = await store.db.selectFrom('textDocs').select(['id', 'title', 'body']).orderBy('id', 'desc').limit(sample).execute();
  const df = new Map<number, number>();
  for (const r of rows) for (const c of indexCodes(`${r.title} ${r.body}`)) df.set(c, (df.get(c) ?? 0) + 1);
  const kept = [...df].filter(([, n]) => n >= 2);
  const before = await statsState(store.db);
  const top = await store.db.selectFrom('textCodeDf').select((eb) => eb.fn.max('gen').as('g')).executeTakeFirst();
  const gen = Math.max(before?.gen ?? 0, top?.g == null ? 0 : num(top.g)) + 1;
  for (let i = 0; i < kept.length; i += 2_000) {
    // a refresh run at the same moment by hand (`fengqiao text stats`) may have taken the same number: its rows stand
    await store.write((tx) => tx.insertInto('textCodeDf').values(kept.slice(i, i + 2_000).map(([code, n]) => ({ gen, code, df: n })))
      .onConflict((oc) => oc.columns(['gen', 'code']).doNothing()).execute());
  }
  const state: StatsState = { id: randomUUID(), gen, sample: rows.length, maxId: rows.length ? num(rows[0]!.id) : 0, at: now };
  await store.write((tx) => tx.insertInto('textState').values({ key: STATS_KEY, value: JSON.stringify(state) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(state) })).execute());
  remember(state.id, new Map(kept));
  refreshesTaken++;
  // the rows of earlier refreshes (and of one that stopped half way)
  for (;;) {
    const n = await store.write(async (tx) => {
      const first = await tx.selectFrom('textCodeDf').select('gen').where('gen', '<>', gen).limit(1).executeTakeFirst();
      if (!first) return 0;
      const some = tx.selectFrom('textCodeDf').select('code').where('gen', '=', first.gen).limit(5_000);
      const r = await tx.deleteFrom('textCodeDf').where('gen', '=', first.gen).where('code', 'in', some).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
    if (!n) break;
  }
  // PostgreSQL: the deleted rows' space made reusable and the planner's statistics, here rather than left to
  // autovacuum: at a million petitions a refresh rewrites about 1.3 million rows, and on a server with autovacuum off
  // (this project's test machine) the table kept every deleted row: 803 MB and 10 million dead rows after nine
  // refreshes, 535 MB once vacuumed. The vacuum adds 1–4 s to a refresh of about 21 s there (docs/TEXT.md)
  if (store.dialect === 'postgres') await sql`vacuum (analyze) text_code_df`.execute(store.db);
  return { sample: rows.length, codes: kept.length };
}
