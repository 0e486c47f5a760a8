/**
 * `npx tsx scripts/eval-repeats.ts` — repeat detection and hotspots on 附件3 (../shared/data/teddycup2020c).
 * Repeats: the reposts in 附件3 (same body text after whitespace normalisation, posted more than once) are the
 * positives; each message is checked against all earlier ones with the detector's rule (Jaccard over bigram
 * shingles ≥ threshold, candidates from MinHash LSH), and precision/recall are computed over message pairs.
 * Hotspots: MinHash groups (threshold 0.5) ranked by size × (1 + log(1 + votes)), compared with the two teams'
 * reference tables by the share of their top-5 问题 whose messages overlap one of our top-10 groups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearDuplicateGroups } from '../src/text/minhash.ts';
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

const hot = nearDuplicateGroups(msgs.map((m) => `${m.title}${m.body}`), 0.3)
  .map((g) => ({ g, heat: g.length * (1 + Math.log1p(g.reduce((s, i) => s + msgs[i]!.votes, 0))) }))
  .sort((a, b) => b.heat - a.heat).slice(0, 10);
hot.forEach((x, k) => console.log(`  hotspot ${k + 1}: ${x.g.length} messages, heat ${x.heat.toFixed(1)} — ${msgs[x.g[0]!]!.title.slice(0, 40)}`));
const ours = hot.map((x) => new Set(x.g.map((i) => msgs[i]!.id)));
for (const team of ['jesHrz', 'Syucryingstar']) {
  const [hh, ...rr] = parseCsv(fs.readFileSync(path.join(DATA, `derived_${team}_热点问题留言明细表.csv`), 'utf8'));
  const qi = hh!.indexOf('问题ID'), mi = hh!.indexOf('留言编号');
  const topics = new Map<string, Set<string>>();
  for (const r of rr) { const s = topics.get(r[qi]!) ?? new Set(); s.add(r[mi]!.trim()); topics.set(r[qi]!, s); }
  let found = 0;
  for (const ids of topics.values()) if (ours.some((o) => [...ids].some((id) => o.has(id)))) found++;
  console.log(`hotspots vs ${team}'s top ${topics.size}: ${found} of ${topics.size} reference topics overlap one of our top 10 groups`);
}
