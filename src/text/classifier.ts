/**
 * The category / unit classifier: multinomial logistic regression (softmax) over L2-normalised TF-IDF of binary
 * features — character bigrams, ASCII words and single CJK characters — trained with AdaGrad SGD. Pure, no I/O,
 * deterministic (seeded shuffles); the model is plain JSON. Explanations: the features whose weight × value pushed
 * most toward the chosen label compared with the runner-up.
 */
import { features } from './tokenize.ts';

export interface Model {
  kind: 'lr1';
  labels: string[];
  vocab: string[];
  idf: number[];
  /** weights, feature-major: weights[k * labels.length + c] */
  weights: number[];
  bias: number[];
  trainedOn: number;
}
/** kept for callers that named the first model kind */
export type NbModel = Model;

export interface Prediction {
  label: string;
  confidence: number;
  /** the features that pushed most toward the label compared with the runner-up */
  words: string[];
  ranking: { label: string; p: number }[];
}

const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

export function featureSet(text: string): string[] {
  const f = features(text);
  const chars = Array.from(text.replace(/\s+/gu, '').normalize('NFKC')).filter((c) => CJK_CHAR.test(c));
  return [...new Set([...f, ...chars.map((c) => `1${c}`)])];
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Vec { ks: number[]; vs: number[] }
function vectorize(fs: string[], index: Map<string, number>, idf: ArrayLike<number>): Vec {
  const ks: number[] = [];
  for (const w of fs) { const k = index.get(w); if (k !== undefined) ks.push(k); }
  const raw = ks.map((k) => idf[k]!);
  const norm = Math.sqrt(raw.reduce((a, b) => a + b * b, 0)) || 1;
  return { ks, vs: raw.map((v) => v / norm) };
}

export function train(docs: { text: string; label: string }[], opts: { epochs?: number; rate?: number; l2?: number; minDf?: number; seed?: number } = {}): Model {
  const epochs = opts.epochs ?? 6, rate = opts.rate ?? 0.5, l2 = opts.l2 ?? 1e-6, minDf = opts.minDf ?? 2;
  const rnd = seeded(opts.seed ?? 20200601);
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const C = labels.length;
  const feats = docs.map((d) => featureSet(d.text));
  const df = new Map<string, number>();
  for (const f of feats) for (const w of f) df.set(w, (df.get(w) ?? 0) + 1);
  const vocab: string[] = [];
  const index = new Map<string, number>();
  for (const [w, n] of df) if (n >= minDf) { index.set(w, vocab.length); vocab.push(w); }
  const idf = vocab.map((w) => Math.log((docs.length + 1) / (df.get(w)! + 1)) + 1);
  const W = new Float64Array(vocab.length * C), G = new Float64Array(vocab.length * C).fill(1e-8), b = new Float64Array(C);
  const X = feats.map((f) => vectorize(f, index, idf));
  const Y = docs.map((d) => labels.indexOf(d.label));
  const order = docs.map((_, i) => i);
  const z = new Float64Array(C);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    for (const n of order) {
      const { ks, vs } = X[n]!;
      z.set(b);
      for (let t = 0; t < ks.length; t++) { const base = ks[t]! * C, v = vs[t]!; for (let c = 0; c < C; c++) z[c]! += W[base + c]! * v; }
      let m = -Infinity; for (let c = 0; c < C; c++) m = Math.max(m, z[c]!);
      let sum = 0; for (let c = 0; c < C; c++) { z[c] = Math.exp(z[c]! - m); sum += z[c]!; }
      for (let c = 0; c < C; c++) {
        const g = z[c]! / sum - (c === Y[n] ? 1 : 0);
        b[c]! -= 0.1 * g;
        for (let t = 0; t < ks.length; t++) {
          const k = ks[t]! * C + c;
          const gi = g * vs[t]! + l2 * W[k]!;
          G[k]! += gi * gi;
          W[k]! -= (rate * gi) / Math.sqrt(G[k]!);
        }
      }
    }
  }
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return { kind: 'lr1', labels, vocab, idf: idf.map(round), weights: Array.from(W, round), bias: Array.from(b, round), trainedOn: docs.length };
}

const indexes = new WeakMap<Model, Map<string, number>>();

export function predict(model: Model, text: string, explain = 5): Prediction {
  let index = indexes.get(model);
  if (!index) { index = new Map(model.vocab.map((w, k) => [w, k])); indexes.set(model, index); }
  const C = model.labels.length;
  const { ks, vs } = vectorize(featureSet(text), index, model.idf);
  const z = model.bias.slice();
  for (let t = 0; t < ks.length; t++) for (let c = 0; c < C; c++) z[c]! += model.weights[ks[t]! * C + c]! * vs[t]!;
  const max = Math.max(...z);
  const exp = z.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranking = model.labels.map((label, c) => ({ label, p: exp[c]! / sum })).sort((a, b) => b.p - a.p);
  const best = model.labels.indexOf(ranking[0]!.label);
  const second = model.labels.indexOf(ranking[1]?.label ?? ranking[0]!.label);
  const words = explain <= 0 ? [] : ks
    .map((k, t) => ({ w: model.vocab[k]!.replace(/^1/u, ''), d: (model.weights[k * C + best]! - model.weights[k * C + second]!) * vs[t]! }))
    .filter((x) => x.d > 0)
    .sort((a, b) => b.d - a.d)
    .map((x) => x.w)
    .filter((w, i, a) => a.indexOf(w) === i)
    .slice(0, explain);
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
