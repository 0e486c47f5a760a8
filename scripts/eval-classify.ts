/**
 * `npm run eval:classify` — 5-fold cross-validated accuracy and macro-F1 of the category classifier on the shared
 * training set (../shared/data/teddycup2020c/csv/train_segmented_without_holdout.csv).
 * `npm run eval:classify -- --train A.csv --score B.csv`: train on A (default: that training set), score any CSV
 * whose columns are (text, label) or 附件2-style (…, 留言主题, …, 留言详情, 一级分类).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { predict, score, train } from '../src/text/classifier.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../shared/data/teddycup2020c/csv');

/** RFC-4180 CSV parser (quoted fields with commas and newlines). */
export function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', i = 0, quoted = false;
  if (src.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') { if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((c) => c.trim()));
}

export function readLabelled(file: string): { text: string; label: string }[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const h = header!.map((c) => c.trim());
  const title = h.indexOf('留言主题'), detail = h.indexOf('留言详情'), lab = h.indexOf('一级分类');
  if (title >= 0 && detail >= 0 && lab >= 0) return rows.map((r) => ({ text: `${r[title] ?? ''} ${r[detail] ?? ''}`.trim(), label: (r[lab] ?? '').trim() }));
  const li = lab >= 0 ? lab : h.length - 1;
  return rows.map((r) => ({ text: r.filter((_, k) => k !== li).join(' '), label: (r[li] ?? '').trim() }));
}

function shuffle<T>(a: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a;
}

function main() {
  const args = process.argv.slice(2);
  const opt = (n: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : undefined; };
  const trainFile = opt('--train') ?? path.join(DATA, 'train_segmented_without_holdout.csv');
    const docs = readLabelled(trainFile).filter((d) => d.label);
  const scoreFile = opt('--score');
  if (scoreFile) {
    const t0 = performance.now();
    const model = train(docs);
    const test = readLabelled(scoreFile).filter((d) => d.label);
    const pred = test.map((d) => predict(model, d.text, 0).label);
    const s = score(test.map((d) => d.label), pred);
    console.log(`trained on ${docs.length} (${path.basename(trainFile)}), scored ${test.length} (${path.basename(scoreFile)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`accuracy ${s.accuracy.toFixed(4)}  macro-F1 ${s.macroF1.toFixed(4)}`);
    for (const [l, v] of Object.entries(s.perLabel)) console.log(`  ${l}\tP ${v.p.toFixed(3)} R ${v.r.toFixed(3)} F1 ${v.f1.toFixed(3)} n=${v.n}`);
    return;
  }
  const k = 5;
  const order = shuffle(docs.map((_, i) => i), 20200601);
  const truth: string[] = [], pred: string[] = [];
  const folds: { accuracy: number; macroF1: number }[] = [];
  const t0 = performance.now();
  for (let f = 0; f < k; f++) {
    const testIdx = order.filter((_, i) => i % k === f);
    const trainIdx = order.filter((_, i) => i % k !== f);
    const model = train(trainIdx.map((i) => docs[i]!));
    const t = testIdx.map((i) => docs[i]!.label);
    const p = testIdx.map((i) => predict(model, docs[i]!.text, 0).label);
    folds.push(score(t, p));
    truth.push(...t); pred.push(...p);
  }
  const s = score(truth, pred);
  console.log(`5-fold cross-validation on ${docs.length} messages (${path.basename(trainFile)}), NB-SVM (one-vs-rest squared-hinge linear SVM over NB-scaled sublinear TF-IDF of character 1-3-grams, title n-grams ×2), ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  folds.forEach((f, i) => console.log(`  fold ${i + 1}: accuracy ${f.accuracy.toFixed(4)} macro-F1 ${f.macroF1.toFixed(4)}`));
  console.log(`accuracy ${s.accuracy.toFixed(4)}  macro-F1 ${s.macroF1.toFixed(4)}`);
  for (const [l, v] of Object.entries(s.perLabel)) console.log(`  ${l}\tP ${v.p.toFixed(3)} R ${v.r.toFixed(3)} F1 ${v.f1.toFixed(3)} n=${v.n}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
