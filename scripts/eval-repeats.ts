/**
 * `npx tsx scripts/eval-repeats.ts` — repeat detection and hotspots on 附件3 (../shared/data/teddycup2020c).
 * Repeats: the reposts in 附件3 (same body text after whitespace normalisation, posted more than once) are the
 * positives; each message is checked against all earlier ones with the detector's rule (Jaccard over bigram
 * shingles ≥ threshold, candidates from MinHash LSH), and precision/recall are computed over message pairs.
 * Hotspots: topics of src/text/topics.ts (place/entity + problem clustering, ranked by heat), our top 10 printed
 * and compared with the two teams' reference tables (a silver standard): for each of their top-5 问题, whether one
 * of our top-5 / top-10 topics shares a message with it, and the best Jaccard of message sets among our top 10.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearDuplicateGroups } from '../src/text/minhash.ts';
import { topics } from '../src/text/topics.ts';
import { parseCsv } from './eval-classify.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../shared/data/teddycup2020c/csv');
const threshold = Number(process.argv[2] ?? 0.8);

const [h, ...rows] = parseCsv(fs.readFileSync(path.join(DATA, '附件3_full.csv'), 'utf8'));
const col = (n: string) => h!.indexOf(n);
const msgs = rows.map((r) => ({ id: r[col('留言编号')]!.trim(), title: r[col('留言主题')] ?? '', body: (r[col('留言详情')] ?? '').replace(/\s+/g, ''), votes: Number(r[col('点赞数')] ?? 0) + Number(r[col('反对数')] ?? 0) }));

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const truth = new Set<string>();
const byBody = new Map<string, number[]>();
msgs.forEach((m, i) => { if (m.body.length >= 10) { const a = byBody.get(m.body) ?? []; a.push(i); byBody.set(m.body, a); } });
for (const g of byBody.values()) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) truth.add(pairKey(g[i]!, g[j]!));

const t0 = performance.now();
const groups = nearDuplicateGroups(msgs.map((m) => m.body), threshold);
const pred = new Set<string>();
for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pred.add(pairKey(g[i]!, g[j]!));
let tp = 0;
for (const k of pred) if (truth.has(k)) tp++;
console.log(`附件3: ${msgs.length} messages, ${truth.size} repost pairs (identical bodies), detector at Jaccard ≥ ${threshold}: ${pred.size} pairs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`repeat detection: precision ${(pred.size ? tp / pred.size : 0).toFixed(3)} recall ${(truth.size ? tp / truth.size : 0).toFixed(3)}`);
console.log('  (precision counts as false every near-identical pair whose bodies differ by a character: a conservative reading)');

const rawTime = (r: string[]) => (r[col('留言时间')] ?? '').trim();
const t1 = performance.now();
const found = topics(rows.map((r) => ({
  id: r[col('留言编号')]!.trim(), user: r[col('留言用户')]!.trim(), title: r[col('留言主题')] ?? '', text: r[col('留言详情')] ?? '', at: rawTime(r),
  votes: Number(r[col('点赞数')] ?? 0) + Number(r[col('反对数')] ?? 0),
})));
const day = (iso: string) => iso.slice(0, 10);
console.log(`hotspot topics: ${found.length} topics of ≥ 2 messages in ${((performance.now() - t1) / 1000).toFixed(2)} s; top 10:`);
found.slice(0, 10).forEach((t, k) => console.log(`  ${k + 1}. ${t.label} — ${t.size} messages, ${t.users} users, ${t.votes} votes, ${day(t.from)}..${day(t.to)}, peak ${t.peakShare}, heat ${t.heat.toFixed(1)}`));
const ours = found.slice(0, 10).map((t) => new Set(t.ids));
const jac = (a: Set<string>, b: Set<string>) => { let i = 0; for (const x of a) if (b.has(x)) i++; return i / (a.size + b.size - i); };
for (const team of ['jesHrz', 'Syucryingstar']) {
  const [hh, ...rr] = parseCsv(fs.readFileSync(path.join(DATA, `derived_${team}_热点问题留言明细表.csv`), 'utf8'));
  const qi = hh!.indexOf('问题ID'), mi = hh!.indexOf('留言编号'), ti = hh!.indexOf('留言主题');
  const refs = new Map<string, { ids: Set<string>; title: string }>();
  for (const r of rr) { const s = refs.get(r[qi]!) ?? { ids: new Set<string>(), title: r[ti]!.trim() }; s.ids.add(r[mi]!.trim()); refs.set(r[qi]!, s); }
  let in5 = 0, in10 = 0;
  const lines: string[] = [];
  for (const [q, ref] of refs) {
    const share = ours.map((o) => [...ref.ids].some((id) => o.has(id)));
    if (share.slice(0, 5).some(Boolean)) in5++;
    if (share.some(Boolean)) in10++;
    let best = 0, at = -1;
    ours.forEach((o, k) => { const j = jac(o, ref.ids); if (j > best) { best = j; at = k; } });
    lines.push(`    ${team} #${q} (${ref.ids.size} messages, e.g. "${ref.title.slice(0, 24)}"): best Jaccard ${best.toFixed(2)}${at >= 0 ? ` with our #${at + 1}` : ''}`);
  }
  console.log(`hotspots vs ${team}'s top ${refs.size}: ${in5} of ${refs.size} share messages with one of our top 5, ${in10} of ${refs.size} with one of our top 10`);
  for (const l of lines) console.log(l);
}
