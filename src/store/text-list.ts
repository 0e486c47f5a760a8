/**
 * One page of a list filtered by text (`?q=` on the matter and petition lists) without reading every
 * match of the word. Collecting every matching document first (text/index.ts `matchingMatterIds`) costs what the word
 * has matches: at 1,000,000 petitions a word in one text in ten took 2.5–16 s a page (docs/SCALE.md). A page of a
 * common word is near the top of the list, so the list's own rows are read in the list's order, each checked for a
 * matching document (text/index.ts `textRowCondition`), and the read stops at a bounded number of rows:
 *
 * - the rows read are the first `scan` of the list with every other filter applied (the list's index, in its
 *   order), and only their ids and whether they match come back;
 * - the matches among them, in that order, are exactly the list's first matches: the page is their slice;
 * - `scan` is what the code statistics say should hold the page twice over (at least `SCAN.min` rows), or, when that
 *   falls short and the share of matches seen says a read of `SCAN.max` rows would reach the page, once more at that
 *   size; otherwise (a rarer word than its statistics said, a word the newest rows lack, a deep page) the answer is
 *   null and the caller collects the matches as before — a rare word has few;
 * - once the page is found, a list no longer than `SCAN.max` rows without the word (counted then) is read whole;
 * - `total`: exact when the rows read were the whole list; otherwise the share of matches among the rows read times
 *   the list's total without the word (db.ts `countRows`: bounded on PostgreSQL, exact on SQLite), with
 *   `estimated: true` — the same contract as the lists past FENGQIAO_EXACT_TOTAL_UP_TO.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { matchingMatterIds, matchingPetitionIds, textRowCondition } from '../text/index.ts';
import { countRows, num, type Db, type DialectName } from './db.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the matter or the petition list
type List = SelectQueryBuilder<any, any, object>;

/**
 * The fewest rows a first read takes, and the most a list reads this way (past it the matches are collected instead;
 * FENGQIAO_TEXT_LIST_SCAN sets the most). A row's check costs PostgreSQL about 2 µs (codes inline) and SQLite about
 * 60 µs (an FTS5 query for one rowid), so SQLite reads fewer.
 */
const SCAN = { postgres: { min: 1_000, max: 5_000 }, sqlite: { min: 200, max: 2_000 } } as const;

/** The list's total without the word, where the caller counts it better than `countRows` would. */
export type ListCount = () => Promise<{ total: number; estimated: boolean }>;

export interface TextPage {
  /** ids of the page's rows, in the list's order */
  ids: number[];
  total: number;
  estimated: boolean;
}

/**
 * `list`: the list's query with every filter but the text (and the cursor, if any); `holds`: the text condition on
 * its rows; `density`: the share of documents the word can match at most (null: unknown); `id` and `order`: the
 * column of the ids and the list's order, newest first.
 */
async function textFilteredPage(
  db: Db,
  dialect: DialectName,
  list: List,
  opts: { holds: RawBuilder<boolean>; density: number | null; id: string; order: [string, string]; offset: number; pageSize: number; count?: ListCount },
): Promise<TextPage | null> {
  const want = opts.offset + opts.pageSize;
  const minScan = SCAN[dialect].min;
  const maxScan = Math.max(minScan, Number(process.env.FENGQIAO_TEXT_LIST_SCAN) || SCAN[dialect].max);
  const guess = opts.density ? Math.ceil((2 * want) / opts.density) : minScan;
  if (guess > maxScan) return null; // the statistics say the page lies deeper than a read this size reaches
  const read = async (scan: number) => {
    const rows = await list
      .select([sql<number>`${sql.ref(opts.id)}`.as('id'), sql<boolean>`${opts.holds}`.as('hit')])
      .orderBy(opts.order[0], 'desc').orderBy(opts.order[1], 'desc')
      .limit(scan)
      .execute() as { id: unknown; hit: unknown }[];
    return { hits: rows.filter((r) => r.hit === true || r.hit === 1).map((r) => num(r.id)), whole: rows.length < scan };
  };
  for (const scan of [...new Set([Math.max(minScan, guess), maxScan])].sort((a, b) => a - b)) {
    const { hits, whole } = await read(scan);
    if (whole) return { ids: hits.slice(opts.offset, want), total: hits.length, estimated: false };
    if (hits.length < want) {
      // the next read only if, at the share seen, it should reach the page
      if ((hits.length * maxScan) / scan < want) return null;
      continue;
    }
    // the page is found; the total: a list no longer than the longest read (counted without the word) is read whole,
    // so that a register of a few thousand matters gets an exact total; a longer one's total is estimated from it
    const base = opts.count ? await opts.count() : await countRows(db, list);
    if (!base.estimated && base.total <= maxScan && base.total > scan) {
      const all = await read(base.total + 1);
      if (all.whole) return { ids: all.hits.slice(opts.offset, want), total: all.hits.length, estimated: false };
    }
    return { ids: hits.slice(opts.offset, want), total: Math.max(hits.length, Math.round((hits.length / scan) * base.total)), estimated: true };
  }
  return null;
}

/**
 * The text filter of the matter list (`of: 'matters'`) or the petition list (`'petitions'`, joined with its matter):
 * either one page read from the list's own rows (`page`: its ids in the list's order, and its total), or the list
 * narrowed to every match (`list`), which the caller pages and counts as any other list — a rare word, a deep page,
 * a cursor (`after`), a query without codes, and a phrase on SQLite.
 */
export async function filterByText<Q extends List>(
  db: Db, dialect: DialectName, list: Q, q: string, of: 'matters' | 'petitions',
  opts: { order: [string, string]; offset: number; pageSize: number; after: boolean; count?: ListCount },
): Promise<{ page: TextPage } | { list: Q }> {
  const cond = opts.after ? null : await textRowCondition(db, dialect, q, of);
  const page = cond && await textFilteredPage(db, dialect, list, { ...cond, id: `${of}.id`, ...opts });
  if (page) return { page };
  // every match, as a subquery of ids (null: the query has nothing to search for)
  const ids = of === 'matters' ? await matchingMatterIds(db, dialect, q) : await matchingPetitionIds(db, dialect, q);
  return { list: (ids ? list.where(sql<boolean>`${sql.ref(`${of}.id`)} in (${ids})`) : list.where(sql<boolean>`1 = 0`)) as Q };
}
