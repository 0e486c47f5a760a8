/**
 * `npm run bench text -- [--n 1000000] [--dialect sqlite|postgres|both] [--queries 200] [--keep] [--reuse URL] [--seed 42] [--no-stats]
 *    [--probes 4] [--per-probe 100] [--candidates 50] [--partial F] [--exact-too] [--cold [--prewarm]]`
 * Builds a scratch database whose search index holds N petitions synthesised from the shared TeddyCup texts
 * (../shared/data/teddycup2020c: 附件3, 附件4 and the segmented training set), then measures index build time,
 * search p50/p95 for 2-, 3- and 4-character queries — the total and the first page by relevance with highlighted
 * snippets, through the service's own code (text-search.ts `rankedPage`: the search minus the matters join) — the
 * text part of the repeat check for a new petition (text-related.ts `textCandidates`, then `textSimilarities`:
 * the candidates' sketches, and the texts of those they leave undecided), and memory. Scratch databases are dropped after, unless `--keep` (prints the URL to pass to
 * `--reuse` with one `--dialect`, which skips the build). `--probes`, `--per-probe` and `--candidates` set the repeat
 * check's probe phrases, the holders read per probe and the candidates compared (text-related.ts `CandidateOptions`;
 * the defaults are the service's); `--partial F` gives the check texts that repeat only part of an earlier one: a
 * slice of F of its length, then as much of another text. `--exact-too` times beside each check, in turn, the check
 * before the sketches (every candidate's text read and compared) and says how far the two similarities differ.
 * `--cold` drops the operating system's page cache before the searches (as after a restart of the machine; needs
 * root), and `--prewarm` then reads the SQLite file as the server does when it starts (store/prewarm.ts), or on
 * PostgreSQL reads the search index's table and indexes with `pg_prewarm` (the extension must be installed in the
 * database), as an operator would after a restart (docs/OPERATIONS.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { migrate, num, openStore } from '../src/store/db.ts';
import '../src/store/schema-text.ts';
import { docText, matchingDocs } from '../src/text/index.ts';
import { writePetitionDocs, type NewPetitionDoc } from '../src/text/index-writer.ts';
import { highlight, jaccardWith, shingleCodes } from '../src/text/tokenize.ts';
import { CANDIDATE_DEFAULTS, SIMILAR, textCandidates, textSimilarities, type CandidateOptions } from '../src/services/text-related.ts';
import { refreshCodeStats } from '../src/text/stats.ts';
import { rankedPage } from '../src/services/text-search.ts';
import { parseCsv } from '../scripts/eval-classify.ts';
import { scratchDatabase } from './util.ts';
import { prewarmFile, readSearchIndex } from '../src/store/prewarm.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../shared/data/teddycup2020c/csv');
const args = process.argv.slice(2);
const opt = (n: string, d: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1]! : d; };
const N = Number(opt('--n', '1000000'));
const Q = Number(opt('--queries', '200'));
const keep = args.includes('--keep');
const reuse = args.includes('--reuse') ? opt('--reuse', '') : null;
/** A whole number ≥ 1 given as `name`, or the default. */
const count = (name: string, d: number) => {
  const v = Number(opt(name, String(d)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} takes a whole number of at least 1, not ${opt(name, '')}`);
  return v;
};
const candidates: Required<CandidateOptions> = {
  probes: count('--probes', CANDIDATE_DEFAULTS.probes), perProbe: count('--per-probe', CANDIDATE_DEFAULTS.perProbe), keep: count('--candidates', CANDIDATE_DEFAULTS.keep),
};
const exactToo = args.includes('--exact-too');
const partial = args.includes('--partial') ? Number(opt('--partial', '')) : null;
if (partial !== null && !(partial > 0 && partial < 1)) throw new Error(`--partial takes a share of the text between 0 and 1 (0.6), not ${opt('--partial', '')}`);
const dialects = opt('--dialect', 'both') === 'both' ? ['sqlite', 'postgres'] : [opt('--dialect', 'sqlite')];
const cold = args.includes('--cold'), warm = args.includes('--prewarm');
if (warm && !cold) throw new Error('--prewarm goes with --cold');

/** Empties the operating system's page cache, as a restart of the machine would (Linux, as root). */
function dropPageCache(): void {
  execFileSync('sync');
  try { fs.writeFileSync('/proc/sys/vm/drop_caches', '1'); } catch (e) { throw new Error(`--cold drops the page cache through /proc/sys/vm/drop_caches, which needs root: ${(e as Error).message}`); }
}

function loadTexts(): string[] {
  const out: string[] = [];
  for (const f of ['附件3_full.csv', '附件4_full.csv']) {
    const [h, ...rows] = parseCsv(fs.readFileSync(path.join(DATA, f), 'utf8'));
    const t = h!.indexOf('留言主题'), d = h!.indexOf('留言详情');
    for (const r of rows) out.push(`${r[t] ?? ''}。${(r[d] ?? '').trim()}`);
  }
  const [, ...rows] = parseCsv(fs.readFileSync(path.join(DATA, 'train_segmented_without_holdout.csv'), 'utf8'));
  for (const r of rows) out.push((r[0] ?? '').replace(/\s+/g, ''));
  return out.filter((x) => x.length > 10);
}

let seed = Number(opt('--seed', '42')); // another seed: other queries and texts (a rerun with the same seed reads pages the last one cached)
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

function queries(texts: string[], len: number): string[] {
  const out: string[] = [];
  while (out.length < Q) {
    const t = texts[Math.floor(rnd() * texts.length)]!;
    const runs = t.match(/[\u4e00-\u9fff]+/g)?.filter((r) => r.length >= len) ?? [];
    const r = runs[Math.floor(rnd() * runs.length)];
    if (!r) continue;
    const i = Math.floor(rnd() * (r.length - len + 1));
    out.push(r.slice(i, i + len));
  }
  return out;
}

async function run(dialect: string, texts: string[]) {
  const scratch = reuse ? { url: reuse, drop: async () => {} } : await scratchDatabase(dialect, 'textbench');
  const store = openStore(scratch.url);
  try {
    await migrate(store);
    const db = store.db;
    if (!reuse) await build(store, dialect, scratch.url, texts);
    else console.log(`${dialect}: reusing ${reuse} (${num((await db.selectFrom('textDocs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)} documents)`);
    if (args.includes('--no-stats')) {
      // as a deployment before the text job's first run: no code statistics (probes spread over the longest runs)
      await store.write(async (tx) => { await tx.deleteFrom('textCodeDf').execute(); await tx.deleteFrom('textState').where('key', '=', 'code-df').execute(); });
      console.log('  no code statistics');
    } else {
      const s0 = performance.now();
      const s = await refreshCodeStats(store, new Date().toISOString());
      console.log(`  code statistics (as the server's text job takes them): ${s.codes} codes over the newest ${s.sample} documents in ${Math.round(performance.now() - s0)} ms`);
    }
    if (cold) {
      dropPageCache();
      console.log('  page cache dropped');
      if (warm && dialect === 'sqlite') {
        const r = await prewarmFile(scratch.url);
        console.log(`  prewarmed as the server does at start: ${Math.round(r.bytes / 2 ** 20)} MiB in ${r.ms} ms${r.skipped ? ` (${r.skipped})` : ''}`);
      } else if (warm) {
        const r = await readSearchIndex(db).catch((e: Error) => { throw new Error(`--prewarm on PostgreSQL needs the pg_prewarm extension in the database (create extension pg_prewarm): ${e.message}`); });
        console.log(`  the search index's table and indexes read with pg_prewarm: ${Math.round(r.bytes / 2 ** 20)} MiB in ${r.ms} ms`);
      }
    }
    for (const len of [2, 3, 4]) {
      const qs = queries(texts, len);
      const times: number[] = [];
      let hits = 0;
      let estimated = 0;
      for (const q of qs) {
        const s = performance.now();
        const r = await rankedPage(db, store.dialect, matchingDocs(db, store.dialect, q)!, { q, page: 1, pageSize: 20 });
        for (const id of r.pageIds) highlight(r.docs.get(id)!.body, q); // page 1 lies in the scored window
        times.push(performance.now() - s);
        hits += r.total;
        if (r.estimated) estimated++;
      }
      console.log(`  ${len}-char queries (${qs.length}): total + first 20 by relevance, highlighted: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(0)} ms; mean hits ${Math.round(hits / qs.length)} (${estimated} totals estimated)`);
    }
    const rtimes: number[] = [], etimes: number[] = [];
    let found = 0, compared = 0, disagree = 0, maxDiff = 0;
    // the texts the check compares: each document's title and body (text/index.ts `docText`), as its sketch was taken
    const textsOf = async (ids: number[]) => new Map((await db.selectFrom('textDocs').select(['sourceId', 'title', 'body']).where('kind', '=', 'petition').where('sourceId', 'in', ids).execute())
      .map((r) => [num(r.sourceId), docText(r)]));
    for (let k = 0; k < 100; k++) {
      let text = texts[Math.floor(rnd() * texts.length)]!;
      if (partial !== null) {
        const other = texts[Math.floor(rnd() * texts.length)]!;
        const len = Math.max(20, Math.floor(text.length * partial)), at = Math.floor(rnd() * Math.max(1, text.length - len));
        text = text.slice(at, at + len) + other.slice(0, Math.floor((len * (1 - partial)) / partial));
      }
      // the check as relatedPetitions makes it: candidates, their sketches, the texts of those the sketches leave open
      const check = async () => {
        const ids = await textCandidates(db, store.dialect, text, candidates);
        const cands = ids.length ? await db.selectFrom('textDocs').select(['sourceId as id', 'sketch']).where('kind', '=', 'petition').where('sourceId', 'in', ids).execute() : [];
        return textSimilarities(text, cands.map((c) => ({ id: num(c.id), sketch: c.sketch ?? null })), textsOf);
      };
      // --exact-too: beside it, in turn, the check before the sketches (every candidate's text read and compared)
      const exact = async () => {
        const mine = shingleCodes(text);
        const ids = await textCandidates(db, store.dialect, text, candidates);
        const read = ids.length ? await textsOf(ids) : new Map<number, string>();
        return new Map([...read].map(([id, t]) => [id, jaccardWith(mine, t)]));
      };
      // the two in turn, each first every other text (the second finds the pages the first read)
      const order = !exactToo ? ['sketch'] : k % 2 ? ['exact', 'sketch'] : ['sketch', 'exact'];
      let sims = new Map<number, number>(), exactSims = new Map<number, number>();
      for (const which of order) {
        const s = performance.now();
        if (which === 'sketch') { sims = await check(); rtimes.push(performance.now() - s); } else { exactSims = await exact(); etimes.push(performance.now() - s); }
      }
      const best = Math.max(0, ...sims.values());
      if (best >= SIMILAR) found++;
      for (const [id, e] of exactSims) {
        const v = sims.get(id);
        if (v === undefined) continue;
        compared++;
        maxDiff = Math.max(maxDiff, Math.abs(v - e));
        if ((v >= SIMILAR) !== (e >= SIMILAR)) disagree++;
      }
    }
    const summary = (t: number[]) => `p50 ${pct(t, 0.5).toFixed(1)} ms, p95 ${pct(t, 0.95).toFixed(1)} ms, mean ${(t.reduce((a, b) => a + b, 0) / t.length).toFixed(1)} ms`;
    console.log(`  repeat check (text part: ${candidates.probes} probe 4-character phrases, newest ${candidates.perProbe} each, similarity to the ${candidates.keep} sharing most, by their sketches or texts${partial === null ? '' : `; texts repeating ${partial} of an earlier one`}): ${summary(rtimes)}`);
    if (exactToo) {
      console.log(`  the same checks reading and comparing every candidate's text (in turn with the above): ${summary(etimes)}`);
      console.log(`  the sketches' similarity against the texts' for ${compared} candidates: largest difference ${maxDiff.toFixed(3)}, ${disagree} on the other side of ${SIMILAR}`);
    }
    // every text the check is given is held by the index about N / 15,388 times (the copies carry 40 characters of
    // another text): a check that finds none of them at the related-petitions threshold (SIMILAR) missed
    console.log(`  repeat check found an earlier copy (Jaccard ≥ ${SIMILAR}) for ${found} of 100 texts`);
    const m = process.memoryUsage();
    console.log(`  memory of the bench process: rss ${(m.rss / 2 ** 20).toFixed(0)} MiB, heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await store.close();
    if (keep) console.log(`  kept: --reuse ${scratch.url}`);
    else await scratch.drop();
  }
}

async function build(store: ReturnType<typeof openStore>, dialect: string, url: string, texts: string[]) {
  const db = store.db;
  const t0 = performance.now();
  const BATCH = 500;
  // PostgreSQL: a bulk load builds its GIN index once at the end (as `fengqiao text reindex` would), not row by row
  if (dialect === 'postgres') await sql`drop index if exists text_docs_bucket_codes`.execute(db);
  for (let start = 0; start < N; start += BATCH) {
    const rows: NewPetitionDoc[] = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const base = texts[i % texts.length]!;
      const extra = texts[(i * 7919 + 13) % texts.length]!.slice(0, 40);
      const body = i < texts.length ? base : `${base}。${extra}`;
      const day = new Date(Date.UTC(2018, 0, 1) + (i % 730) * 86_400_000).toISOString();
      rows.push({ id: i + 1, matterId: i + 1, receivedAt: day, regionCode: null, categoryCode: null, title: '', content: body, address: null });
    }
    // through the petition indexer's own writer (text/index-writer.ts), as a server writes new petitions
    await store.write((tx) => writePetitionDocs(tx, store, rows));
    if (start % 100_000 === 0 && start) process.stderr.write(`  ${dialect}: ${start} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  if (dialect === 'sqlite') await sql`insert into text_fts(text_fts) values ('optimize')`.execute(db);
  else {
    // one simple-protocol query, so that the setting and the build share a connection of the pool
    await sql`set maintenance_work_mem = '1GB'; create index text_docs_bucket_codes on text_docs using gin (fq_bucket_codes(id, codes)) with (gin_pending_list_limit = 256)`.execute(db);
    await sql`vacuum analyze text_docs`.execute(db);
  }
  const buildS = (performance.now() - t0) / 1000;
  let size = '';
  if (dialect === 'sqlite') size = `${(fs.statSync(url).size / 2 ** 20).toFixed(0)} MiB file`;
  else size = String((await sql<{ s: string }>`select pg_size_pretty(pg_total_relation_size('text_docs')) as s`.execute(db)).rows[0]!.s);
  console.log(`${dialect}: ${N} petitions indexed in ${buildS.toFixed(1)} s (${Math.round(N / buildS)}/s), index+table ${size}`);
}

const texts = loadTexts();
console.log(`bench/text: ${texts.length} distinct source texts, N=${N}`);
for (const d of dialects) await run(d, texts);
