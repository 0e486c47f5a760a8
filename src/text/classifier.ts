/**
 * Multinomial naive Bayes over character bigrams and ASCII words (binary per document), with the classic
 * TF-IDF-free tricks that matter on short Chinese complaints: presence instead of counts, Laplace smoothing α,
 * and a vocabulary pruned to features seen in at least `minDf` documents. Pure, no I/O; the model is plain JSON.
 */
import { features } from './tokenize.ts';

export interface NbModel {
  kind: 'nb1';
  labels: string[];
  /** log prior per label */
  prior: number[];
  /** feature → log P(feature | label) per label */
  weights: Record<string, number[]>;
  /** log P(unseen | label) */
  unseen: number[];
  trainedOn: number;
}

export interface Prediction {
  label: string;
  confidence: number;
  /** the features that pushed most toward the label compared with the runner-up */
  words: string[];
  ranking: { label: string; p: number }[];
}

export function train(docs: { text: string; label: string }[], opts: { alpha?: number; minDf?: number } = {}): NbModel {
  const alpha = opts.alpha ?? 0.3;
  const minDf = opts.minDf ?? 2;
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const df = new Map<string, number>();
  const counts = new Map<string, number[]>();
  const docCount = labels.map(() => 0);
  const feats = docs.map((d) => [...new Set(features(d.text))]);
  for (const f of feats) for (const w of f) df.set(w, (df.get(w) ?? 0) + 1);
  const total = labels.map(() => 0);
  docs.forEach((d, k) => {
    const c = li.get(d.label)!;
    docCount[c]!++;
    for (const w of feats[k]!) {
      if ((df.get(w) ?? 0) < minDf) continue;
      let arr = counts.get(w);
      if (!arr) { arr = labels.map(() => 0); counts.set(w, arr); }
      arr[c]!++;
      total[c]!++;
    }
  });
  const v = counts.size;
  const denom = total.map((t) => Math.log(t + alpha * (v + 1)));
  const weights: Record<string, number[]> = {};
  for (const [w, arr] of counts) weights[w] = arr.map((n, c) => Math.log(n + alpha) - denom[c]!);
  return {
    kind: 'nb1', labels,
    prior: docCount.map((n) => Math.log((n + 1) / (docs.length + labels.length))),
    weights, unseen: denom.map((d) => Math.log(alpha) - d), trainedOn: docs.length,
  };
}

export function predict(model: NbModel, text: string, explain = 5): Prediction {
  const fs = [...new Set(features(text))].filter((w) => model.weights[w]);
  const score = model.prior.slice();
  for (const w of fs) {
    const ws = model.weights[w]!;
    for (let c = 0; c < score.length; c++) score[c]! += ws[c]!;
  }
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranking = model.labels.map((label, c) => ({ label, p: exp[c]! / sum })).sort((a, b) => b.p - a.p);
  const best = model.labels.indexOf(ranking[0]!.label);
  const second = model.labels.indexOf(ranking[1]?.label ?? ranking[0]!.label);
  const words = fs
    .map((w) => ({ w, d: model.weights[w]![best]! - model.weights[w]![second]! }))
    .filter((x) => x.d > 0)
    .sort((a, b) => b.d - a.d)
    .slice(0, explain)
    .map((x) => x.w);
  return { label: ranking[0]!.label, confidence: ranking[0]!.p, words, ranking };
}

/** Accuracy and macro-F1 of predictions against truth. */
export function score(truth: string[], pred: string[]): { accuracy: number; macroF1: number; perLabel: Record<string, { p: number; r: number; f1: number; n: number }> } {
  const labels = [...new Set(truth)].sort();
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) ok++;
  const perLabel: Record<string, { p: number; r: number; f1: number; n: number }> = {};
  let f1sum = 0;
  for (const l of labels) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === l && truth[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (truth[i] === l) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    const f1 = p + r ? (2 * p * r) / (p + r) : 0;
    perLabel[l] = { p, r, f1, n: tp + fn };
    f1sum += f1;
  }
  return { accuracy: truth.length ? ok / truth.length : 0, macroF1: labels.length ? f1sum / labels.length : 0, perLabel };
}
