/**
 * Repeat and related petitions (issue 7): earlier petitions of the same person (ID number, phone, name+address)
 * and of the same matter (text similarity over bigram shingles, place, category, respondent), each with its reasons.
 * A registrar confirms or rejects a suggested link. Mass petitions: near-identical texts grouped with MinHash.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { num, type DialectName } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo, type Tx } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { matchingDocs, newestMatches, recentWalkStart } from '../text/index.ts';
import { catchUp, REQUEST_CATCH_UP } from './text-search.ts';
import { nearDuplicateGroups } from '../text/minhash.ts';
import { bigrams, jaccardWith, runBigramCodes, runTrigramCodes, shingleCodes } from '../text/tokenize.ts';
import { sampleFrequency } from '../text/stats.ts';
import { estimateJaccard, sketchOf, type Sketch } from '../text/sketch.ts';
import { petitionText } from '../text/index-writer.ts';
import type { Ctx } from './context.ts';

export interface Reason { code: 'sameIdNumber' | 'samePhone' | 'sameNameAddress' | 'similarText' | 'samePlace' | 'sameCategory' | 'sameRespondent'; label: string }
export interface Related { petitionId: number; petitionCode: string; matterId: number; title: string; receivedAt: string; score: number; reasons: Reason[]; status: string }

/** The similarity from which a petition's text counts as repeating another's (`similarText`). */
export const SIMILAR = 0.35;
/**
 * How far a sketch's estimate must lie from SIMILAR for the check to take it without the texts: 3.5 standard
 * deviations of a 128-hash estimate at SIMILAR (text/sketch.ts), so that about 2 in 10,000 candidates at the
 * threshold would land on the wrong side of it.
 */
const MARGIN = 0.15;
/** The same person's reasons, by the number each look-up of `relatedPetitions` tags its rows with. */
const PERSON_REASONS: Reason[] = [
  { code: 'sameIdNumber', label: '同一身份证号' }, { code: 'samePhone', label: '同一联系电话' }, { code: 'sameNameAddress', label: '同一姓名和住址' },
];

/**
 * How many probe phrases the repeat check looks up. Four spread over the text (`rareProbes`) found more partial
 * repeats than the six rarest of the whole text did, and cost less (docs/TEXT.md, ninth session).
 */
export const PROBES = 4;

/** How the repeat check gathers its text candidates (`textCandidates`). */
export interface CandidateOptions {
  /** how many candidates are kept, those sharing the most probes */
  keep?: number;
  /** how many probe phrases are looked up */
  probes?: number;
  /** how many of each probe's newest holders are read */
  perProbe?: number;
}
/** What the service uses: bench/text measures other settings against these. */
export const CANDIDATE_DEFAULTS: Required<CandidateOptions> = { keep: 50, probes: PROBES, perProbe: 100 };

/**
 * Probe phrases to fetch text candidates from the index: four-character windows spread over the text's longest
 * CJK runs (a 4-character phrase is selective: a few hundred hits at a million petitions). Used when there are no
 * code statistics yet (`rareProbes` otherwise).
 */
export function probePhrases(text: string, n = PROBES): string[] {
  const runs = cjkRuns(text).sort((a, b) => b.length - a.length).slice(0, n);
  const out: string[] = [];
  for (let k = 0; out.length < n && k < 4; k++) {
    for (const r of runs) {
      const chars = Array.from(r);
      const at = Math.floor(((k * 2 + 1) * (chars.length - 4)) / 8);
      const p = chars.slice(at, at + 4).join('');
      if (!out.includes(p)) out.push(p);
      if (out.length >= n) break;
    }
  }
  return out;
}

const cjkRuns = (text: string) => text.normalize('NFKC').match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{4,}/gu) ?? [];

/**
 * Rare four-character windows of the text that do not overlap, by the sample frequency of their rarest bigram (then
 * of all three; text/stats.ts): the phrases fewest other petitions share. Looking one up reads the shortest lists of
 * the index, and its newest 100 holders are more likely to include an old petition this one repeats than those of a
 * phrase every third petition holds (小区物业, 相关部门).
 *
 * One from each of `n` equal parts of the text (its windows in order), the rarest of that part; then, if a part had
 * none, the rarest left anywhere. A petition that repeats only part of an earlier one (a paragraph copied, a
 * complaint re-sent with a new opening) shares only the probes that fall in that part: the rarest windows of the
 * whole text often sit together in one sentence (a place, a name). At 1,000,000 petitions, of texts made of 60% of
 * an earlier one and 40% of another, four spread probes found a similar earlier petition for 86 of 100 where the
 * six rarest found 71 (bench/text `--partial 0.6`; docs/TEXT.md). A pass over the windows for each probe, nothing sorted: a long
 * petition has thousands of windows.
 */
export function rareProbes(text: string, df: ReadonlyMap<number, number>, n = PROBES): string[] {
  const f = (c: number) => sampleFrequency(df, c);
  const mins: number[] = [], sums: number[] = [], ats: number[] = [], phrase: (() => string)[] = [];
  let at = 0;
  for (const r of cjkRuns(text)) {
    const chars = Array.from(r), bi = runBigramCodes(r).map(f);
    for (let i = 0; i + 4 <= chars.length; i++) {
      mins.push(Math.min(bi[i]!, bi[i + 1]!, bi[i + 2]!));
      sums.push(bi[i]! + bi[i + 1]! + bi[i + 2]!);
      ats.push(at + i); // windows of different runs never overlap
      phrase.push(() => chars.slice(i, i + 4).join(''));
    }
    at += chars.length + 4;
  }
  const out: string[] = [], taken: number[] = [], skipped = new Set<number>();
  /** the rarest window of windows from..to-1 not yet taken nor overlapping one taken: added, or false */
  const take = (from: number, to: number): boolean => {
    for (;;) {
      let best = -1;
      for (let j = from; j < to; j++) {
        if (skipped.has(j) || taken.some((t) => Math.abs(t - ats[j]!) < 4)) continue;
        if (best < 0 || mins[j]! < mins[best]! || (mins[j] === mins[best] && sums[j]! < sums[best]!)) best = j;
      }
      if (best < 0) return false;
      const p = phrase[best]!();
      if (out.includes(p)) { skipped.add(best); continue; }
      out.push(p);
      taken.push(ats[best]!);
      return true;
    }
  };
  for (let k = 0; k < n; k++) take(Math.floor((k * ats.length) / n), Math.floor(((k + 1) * ats.length) / n));
  while (out.length < n && take(0, ats.length));
  return out;
}

/**
 * SQLite: a probe phrase as the words the index is asked for (PostgreSQL: `probeTrigrams`): its two rarest bigrams
 * in the order of the text (all of them without statistics), each a word of its own, so documents holding both,
 * adjacent or not. A holder of them apart is
 * one more candidate for the Jaccard that follows; not checking adjacency spares PostgreSQL reading each holder's
 * text, and a third bigram would add a third of its index look-ups (each code is asked in every block) and remove
 * almost no candidate: the two rarest of a rare window are what makes it rare.
 */
export function probeTerm(probe: string, df?: ReadonlyMap<number, number>): string {
  const bs = bigrams(probe);
  if (!df || bs.length <= 2) return bs.join(' ');
  const f = runBigramCodes(probe).map((c) => sampleFrequency(df, c));
  const rarest = bs.map((_, i) => i).sort((a, b) => f[a]! - f[b]! || a - b).slice(0, 2).sort((a, b) => a - b);
  return rarest.map((i) => bs[i]).join(' ');
}

/**
 * PostgreSQL: a probe phrase as the index is asked for it there: its rarer trigram (both without statistics), as
 * runs for `queryCodes`. A four-character window's trigram is about as selective as the window itself, and is one
 * look-up a block where its two rarest bigrams were two, each with a longer list (docs/TEXT.md, thirteenth session).
 * The walk asks its code alone, not the text: a holder of another trigram of the same code (one in fifty) is one
 * more candidate for the Jaccard that follows.
 */
export function probeTrigrams(probe: string, df?: ReadonlyMap<number, number>): string {
  const chars = Array.from(probe);
  const tris = chars.slice(2).map((_, i) => chars.slice(i, i + 3).join(''));
  if (!df || tris.length < 2) return tris.join(' ') || probe;
  const f = runTrigramCodes(probe).map((c) => sampleFrequency(df, c));
  return tris[f.indexOf(Math.min(...f))]!;
}

/**
 * Earlier petitions whose text may repeat `text`: for each probe phrase the newest 100 petitions containing it (an
 * index walk that stops there, text/index.ts `matchingDocs`), then the `keep` sharing the most probes. A repeat
 * shares most of its probes; one sharing a single probe rarely reaches the similarity threshold. The probes are the
 * rarest phrases of each part of the text once the index has code statistics (`rareProbes`), spread over its longest
 * runs before (`probePhrases`). Each is asked as its two rarest bigrams on SQLite (`probeTerm`), its rarer trigram on
 * PostgreSQL (`probeTrigrams`).
 * bench/text times this with the Jaccard that follows.
 */
export async function textCandidates(db: Tx, dialect: DialectName, text: string, opts: CandidateOptions = {}): Promise<number[]> {
  const { keep, probes: n, perProbe } = { ...CANDIDATE_DEFAULTS, ...opts };
  const hits = new Map<number, number>();
  const start = await recentWalkStart(db, dialect);
  const probes = start.stats ? rareProbes(text, start.stats.df, n) : probePhrases(text, n);
  // the probes at once: on PostgreSQL each on its own connection of the pool (SQLite runs them one after another),
  // all from the one start, as prepared statements (a handful of texts: one per shape of walk statement)
  const found = await Promise.all(probes.map((probe) => {
    const walk = { column: 'textDocs.petitionId', start, prepare: true };
    if (dialect === 'postgres') {
      // codes only, no text condition: the index answers for them exactly, and no holder's text is read
      const term = probeTrigrams(probe, start.stats?.df);
      return newestMatches(db, dialect, db.selectFrom('textDocs').where('textDocs.kind', '=', 'petition'), term, perProbe, walk);
    }
    const term = probeTerm(probe, start.stats?.df);
    const docs = matchingDocs(db, dialect, term);
    return docs ? newestMatches(db, dialect, docs.where('textDocs.kind', '=', 'petition'), term, perProbe, walk) : [];
  }));
  for (const ids of found) for (const id of ids) hits.set(id, (hits.get(id) ?? 0) + 1);
  return [...hits].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, keep).map(([id]) => id);
}

/**
 * The Jaccard similarity of a petition's text (`mine`, its index document's text: `petitionText`) with each
 * candidate, from the candidates' sketches (text/sketch.ts) where they decide it: an estimate exact for two short
 * texts, or far enough from SIMILAR that the texts could not put it on the other side. The others — near the
 * threshold, or without a sketch — are compared exactly (`jaccardWith`) with the texts `textsOf` reads for them.
 * At a million petitions the 50 candidates' texts cost more to read and compare than the rest of the check
 * (docs/TEXT.md, fourteenth session); their sketches are 512 bytes at most. bench/text times the check with this.
 */
export async function textSimilarities(mine: string, cands: readonly { id: number; sketch: Sketch | null }[], textsOf: (ids: number[]) => Promise<Map<number, string>>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const mineSketch = sketchOf(mine);
  const exact: number[] = [];
  for (const c of cands) {
    const e = c.sketch ? estimateJaccard(mineSketch, c.sketch) : null;
    if (e && (e.exact || Math.abs(e.value - SIMILAR) >= MARGIN)) out.set(c.id, e.value);
    else exact.push(c.id);
  }
  if (exact.length) {
    const codes = shingleCodes(mine);
    for (const [id, text] of await textsOf(exact)) out.set(id, jaccardWith(codes, text));
  }
  return out;
}

export async function relatedPetitions(ctx: Ctx, viewer: { unitId: number }, petitionId: number, limit = 20): Promise<Related[]> {
  await catchUp(ctx, REQUEST_CATCH_UP); // a petition registered a moment ago may still wait for its index row
  const db = ctx.store.db;
  // the petition and its people side by side (PostgreSQL: on two connections of the pool; SQLite: in turn)
  const [p, people] = await Promise.all([
    db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
      .select(['petitions.id', 'petitions.title', 'petitions.content', 'petitions.address', 'petitions.regionCode', 'petitions.categoryCode', 'petitions.respondentUnitId', 'petitions.respondentName', 'petitions.matterId'])
      .where('petitions.id', '=', petitionId).executeTakeFirst(),
    db.selectFrom('petitioners').select(['idHash', 'phoneHash', 'name', 'address']).where('petitionId', '=', petitionId).execute(),
  ]);
  if (!p) throw new DomainError('NOT_FOUND', '信访件不存在');
  const mine = petitionText(p);
  const cand = new Map<number, Reason[]>();
  const add = (id: number, r: Reason) => { if (id === petitionId) return; const a = cand.get(id) ?? []; if (!a.some((x) => x.code === r.code)) a.push(r); cand.set(id, a); };
  // the same person: every look-up of every petitioner (up to 200 petitions each) in one statement
  const lookUps: SelectQueryBuilder<Database, 'petitioners', { petitionId: number; why: number }>[] = [];
  const same = (why: number) => db.selectFrom('petitioners').select(['petitionId', sql.lit(why).as('why')]);
  for (const x of people) {
    if (x.idHash) lookUps.push(same(0).where('idHash', '=', x.idHash).limit(200));
    if (x.phoneHash) lookUps.push(same(1).where('phoneHash', '=', x.phoneHash).limit(200));
    if (x.name && x.address) lookUps.push(same(2).where('name', '=', x.name).where('address', '=', x.address).limit(200));
  }
  // each with its own LIMIT, so each a subquery (SQLite allows no parenthesised SELECT in a UNION)
  const each = lookUps.map((q, i) => db.selectFrom(q.as(`l${i}`)).select(['petitionId', 'why']));
  // beside them the text candidates: the newest documents sharing the probe phrases, those sharing most probes first
  const [found, texts] = await Promise.all([
    each.length ? each.slice(1).reduce((u, q) => u.unionAll(q), each[0]!).execute() : [],
    // the probes from the title and content (an address would lend a probe phrase to petitions from the same street)
    textCandidates(db, ctx.store.dialect, `${p.title}${p.content}`),
  ]);
  // the reasons in the order of the look-ups (ID number, phone, name and address), whatever order the rows came in
  for (const r of [...found].sort((a, b) => Number(a.why) - Number(b.why))) add(num(r.petitionId), PERSON_REASONS[Number(r.why)]!);
  const textIds = new Set(texts);
  for (const id of cand.keys()) textIds.add(id);
  textIds.delete(petitionId);
  if (!textIds.size) return [];
  // with the registrar's decision on each link, if any (one row a pair: text_links_pair), and the sketch of each
  // (not the text: textSimilarities reads only the few texts the sketches leave undecided)
  const rows = await db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
    .leftJoin('textLinks', (j) => j.onRef('textLinks.relatedPetitionId', '=', 'petitions.id').on('textLinks.petitionId', '=', petitionId))
    .leftJoin('textDocs', (j) => j.onRef('textDocs.sourceId', '=', 'petitions.id').on('textDocs.kind', '=', 'petition'))
    .select(['petitions.id', 'petitions.code', 'petitions.matterId', 'petitions.title', 'petitions.receivedAt', 'petitions.regionCode', 'petitions.categoryCode', 'petitions.respondentUnitId', 'petitions.respondentName', 'textLinks.status', 'textDocs.sketch'])
    .where('petitions.id', 'in', [...textIds]).execute();
  const sims = await textSimilarities(mine, rows.map((r) => ({ id: num(r.id), sketch: r.sketch ?? null })), async (ids) => {
    const texts = await db.selectFrom('petitions').select(['id', 'title', 'content', 'address']).where('id', 'in', ids).execute();
    return new Map(texts.map((t) => [num(t.id), petitionText(t)]));
  });
  const out: Related[] = [];
  for (const r of rows) {
    const id = num(r.id);
    const reasons = [...(cand.get(id) ?? [])];
    const sim = sims.get(id) ?? 0;
    if (sim >= SIMILAR) reasons.push({ code: 'similarText', label: `内容相似度 ${(sim * 100).toFixed(0)}%` });
    if (!reasons.length) continue;
    if (p.regionCode && r.regionCode === p.regionCode) reasons.push({ code: 'samePlace', label: '同一地区' });
    if (p.categoryCode && r.categoryCode === p.categoryCode) reasons.push({ code: 'sameCategory', label: '同一问题类别' });
    if ((p.respondentUnitId && r.respondentUnitId === p.respondentUnitId) || (p.respondentName && r.respondentName === p.respondentName)) reasons.push({ code: 'sameRespondent', label: '同一被反映对象' });
    const person = reasons.some((x) => PERSON_REASONS.some((pr) => pr.code === x.code));
    const score = Math.min(1, sim + (person ? 0.5 : 0) + 0.05 * reasons.filter((x) => ['samePlace', 'sameCategory', 'sameRespondent'].includes(x.code)).length);
    out.push({ petitionId: id, petitionCode: r.code, matterId: num(r.matterId), title: r.title, receivedAt: r.receivedAt, score: Math.round(score * 1000) / 1000, reasons, status: r.status ?? 'suggested' });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** A registrar confirms or rejects the link between two petitions; the decision is kept and shown next time. */
export async function decideLink(ctx: Ctx, actor: { userId: number; unitId: number }, petitionId: number, relatedId: number, decision: 'confirmed' | 'rejected', note?: string) {
  const found = (await relatedPetitions(ctx, actor, petitionId, 200)).find((r) => r.petitionId === relatedId);
  if (!found) throw new DomainError('NOT_FOUND', '未找到这两件信访件之间的关联');
  const now = ctx.now();
  await ctx.store.write(async (tx) => {
    await tx.insertInto('textLinks').values({
      petitionId, relatedPetitionId: relatedId, score: found.score, reasons: JSON.stringify(found.reasons), status: decision,
      decidedBy: actor.userId, decidedAt: now, note: note ?? null, createdAt: now,
    }).onConflict((oc) => oc.columns(['petitionId', 'relatedPetitionId']).doUpdateSet({ status: decision, decidedBy: actor.userId, decidedAt: now, note: note ?? null })).execute();
  });
  return { ...found, status: decision };
}

/** Mass petitions: groups of near-identical texts registered in a window (text-reuse campaigns). */
export async function massGroups(ctx: Ctx, viewer: { unitId: number }, f: { from: string; to: string; threshold?: number; limit?: number }) {
  const rows = await ctx.store.db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
    .select(['petitions.id', 'petitions.code', 'petitions.title', 'petitions.content', 'petitions.receivedAt'])
    .where('petitions.receivedAt', '>=', dayStartUtc(f.from)).where('petitions.receivedAt', '<', nextDayStartUtc(f.to))
    .orderBy('petitions.id').limit(f.limit ?? 20000).execute();
  const groups = nearDuplicateGroups(rows.map((r) => `${r.title}${r.content}`), f.threshold ?? 0.7);
  return groups.map((g) => ({
    size: g.length,
    title: rows[g[0]!]!.title,
    petitions: g.map((i) => ({ id: num(rows[i]!.id), code: rows[i]!.code, title: rows[i]!.title, receivedAt: rows[i]!.receivedAt })),
  })).sort((a, b) => b.size - a.size);
}
