/**
 * The category / unit classifier (kind 'lr2'): one-vs-rest linear SVM (L2-regularised squared hinge, dual
 * coordinate descent as in LIBLINEAR, Hsieh et al. 2008) over NB-scaled features (NB-SVM, Wang & Manning 2012:
 * each class's features multiplied by their log-count ratio), the vectors being L2-normalised TF-IDF with sublinear
 * term frequency (1 + ln tf) of character 1-, 2- and 3-grams of CJK runs and ASCII words, after whitespace and a few
 * function characters (的, 了, 我, 们 …) are removed; n-grams of the first LEAD characters (the title) count
 * LEAD_WEIGHT times. Pure, no I/O, deterministic (seeded shuffles); the model is plain JSON (weights folded back
 * onto the unscaled features, one linear score per label). Confidence: softmax of the scores (scaled by a
 * temperature fitted on cross-validation). Explanations: the features whose weight × value pushed most toward the
 * chosen label compared with the runner-up. Models of the first kind ('lr1': softmax regression over binary
 * bigrams and characters) still predict.
 */
import { features, isCjk, runs } from './tokenize.ts';

export interface Model {
  kind: 'lr2';
  labels: string[];
  vocab: string[];
  idf: number[];
  /** weights, feature-major: weights[k * labels.length + c] */
  weights: number[];
  bias: number[];
  /** characters removed from the text before features are taken */
  drop: string;
  /** longest character n-gram */
  ngram: number;
  /** n-grams starting in the first `lead` characters count `leadWeight` times */
  lead: number;
  leadWeight: number;
  trainedOn: number;
}
/** The first model kind, still readable. */
export interface ModelLr1 {
  kind: 'lr1';
  labels: string[];
  vocab: string[];
  idf: number[];
  weights: number[];
  bias: number[];
  trainedOn: number;
}
/** kept for callers that named the first model kind: any stored model */
export type NbModel = Model | ModelLr1;

export interface Prediction {
  label: string;
  confidence: number;
  /** the features that pushed most toward the label compared with the runner-up */
  words: string[];
  ranking: { label: string; p: number }[];
}

export interface TrainOptions {
  /** minimum document frequency of a feature */
  minDf?: number;
  seed?: number;
  /** longest character n-gram (1–3) */
  ngram?: number;
  /** keep at most this many features (the most frequent) */
  maxFeatures?: number;
  /** SVM cost C */
  C?: number;
  /** most passes of dual coordinate descent (it stops earlier once the projected gradient is below 0.01) */
  passes?: number;
  /** NB-scaling of the SVM's features: 0 = plain SVM, 1 = full log-count ratios */
  nb?: number;
  drop?: string;
  lead?: number;
  leadWeight?: number;
  /** of the first model kind (softmax regression), accepted and ignored */
  epochs?: number;
  rate?: number;
  l2?: number;
}

/**
 * Function characters that the stop-word lists of Chinese text processing remove almost always (measured on the
 * contest data: in pre-processed training text these characters survive less than 10% of the time), so that raw
 * text and stop-word-free training text give the same n-grams.
 */
export const DROP_CHARS = '啊它她吗他的也呢或们又但都么什仍且虽谁己我了被与哪';

/** The title comes first: n-grams starting in the first LEAD characters count LEAD_WEIGHT times. */
export const LEAD = 24, LEAD_WEIGHT = 2;
/** softmax temperature of the scores (fitted: least log-loss on 5-fold cross-validation of the contest data) */
const TEMPERATURE = 4;

const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/** Feature → count: CJK character n-grams (1..n) of each run, ASCII words. */
export function featureCounts(text: string, ngram = 3, drop = DROP_CHARS, lead = LEAD, leadW = LEAD_WEIGHT): Map<string, number> {
  let t = text.replace(/\s+/gu, '');
  if (drop) t = Array.from(t).filter((c) => !drop.includes(c)).join('');
  const out = new Map<string, number>();
  let pos = 0;
  const add = (k: string, p = pos) => out.set(k, (out.get(k) ?? 0) + (p < lead ? leadW : 1));
  for (const r of runs(t)) {
    if (!isCjk(r)) { add(r); pos += r.length; continue; }
    // the CJK ranges of a run are all in the BMP: one character is one code unit
    for (let i = 0; i < r.length; i++) for (let n = 1; n <= ngram && i + n <= r.length; n++) add(r.slice(i, i + n), pos + i);
    pos += r.length;
  }
  return out;
}

export function featureSet(text: string): string[] {
  return [...featureCounts(text).keys()];
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
function shuffle(a: number[], rnd: () => number) {
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
}

interface Vec { ks: number[]; vs: number[] }
function vectorize(counts: Map<string, number>, index: Map<string, number>, idf: ArrayLike<number>): Vec {
  const ks: number[] = [], vs: number[] = [];
  for (const [w, n] of counts) {
    const k = index.get(w);
    if (k !== undefined) { ks.push(k); vs.push((1 + Math.log(n)) * idf[k]!); }
  }
  const norm = Math.sqrt(vs.reduce((a, b) => a + b * b, 0)) || 1;
  return { ks, vs: vs.map((v) => v / norm) };
}

/** Training vectors as one sparse matrix (rows = documents). */
interface Csr { ptr: Int32Array; idx: Int32Array; val: Float64Array }
function toCsr(X: Vec[]): Csr {
  const ptr = new Int32Array(X.length + 1);
  X.forEach((x, i) => { ptr[i + 1] = ptr[i]! + x.ks.length; });
  const idx = new Int32Array(ptr[X.length]!), val = new Float64Array(ptr[X.length]!);
  X.forEach((x, i) => { idx.set(x.ks, ptr[i]!); val.set(x.vs, ptr[i]!); });
  return { ptr, idx, val };
}

/**
 * One-vs-rest L2-regularised L2-loss SVM by dual coordinate descent (Hsieh et al. 2008), bias as a constant
 * feature, on features scaled by the class's NB log-count ratio r (to the power `nb`); the weights folded back
 * (w ∘ r) so that they apply to the unscaled vector.
 */
function trainSvm(X: Csr, Y: number[], V: number, C: number, o: Required<TrainOptions>, W: Float64Array, b: Float64Array) {
  const N = Y.length;
  const { ptr, idx, val } = X;
  const rnd = seeded(o.seed ^ 0x5bd1e995);
  const w = new Float64Array(V), alpha = new Float64Array(N), QD = new Float64Array(N), r = new Float64Array(V);
  const xs = new Float64Array(val.length);
  const order = Y.map((_, i) => i);
  const Dii = 1 / (2 * o.C);
  for (let c = 0; c < C; c++) {
    // NB log-count ratio of binary occurrence, smoothing 1
    if (o.nb > 0) {
      const p = new Float64Array(V).fill(1), q = new Float64Array(V).fill(1);
      let ps = V, qs = V;
      for (let i = 0; i < N; i++) {
        const to = Y[i] === c ? p : q;
        for (let t = ptr[i]!; t < ptr[i + 1]!; t++) to[idx[t]!]! += 1;
        if (Y[i] === c) ps += ptr[i + 1]! - ptr[i]!; else qs += ptr[i + 1]! - ptr[i]!;
      }
      for (let k = 0; k < V; k++) r[k] = Math.abs(Math.log((p[k]! / ps) / (q[k]! / qs))) ** o.nb;
    } else r.fill(1);
    for (let t = 0; t < val.length; t++) xs[t] = val[t]! * r[idx[t]!]!;
    w.fill(0); alpha.fill(0);
    let wb = 0;
    for (let i = 0; i < N; i++) {
      let s = 1 + Dii;
      for (let t = ptr[i]!; t < ptr[i + 1]!; t++) s += xs[t]! * xs[t]!;
      QD[i] = s;
    }
    for (let e = 0; e < o.passes; e++) {
      shuffle(order, rnd);
      let maxPG = 0;
      for (const i of order) {
        const from = ptr[i]!, to = ptr[i + 1]!;
        const y = Y[i] === c ? 1 : -1;
        let dot = wb;
        for (let t = from; t < to; t++) dot += w[idx[t]!]! * xs[t]!;
        const G = y * dot - 1 + Dii * alpha[i]!;
        const PG = alpha[i] === 0 ? Math.min(G, 0) : G;
        if (Math.abs(PG) < 1e-12) continue;
        maxPG = Math.max(maxPG, Math.abs(PG));
        const old = alpha[i]!;
        alpha[i] = Math.max(old - G / QD[i]!, 0);
        const d = (alpha[i]! - old) * y;
        for (let t = from; t < to; t++) w[idx[t]!]! += d * xs[t]!;
        wb += d;
      }
      if (maxPG < 0.01) break;
    }
    for (let k = 0; k < V; k++) W[k * C + c] = TEMPERATURE * w[k]! * r[k]!;
    b[c] = TEMPERATURE * wb;
  }
}

export function train(docs: { text: string; label: string }[], opts: TrainOptions = {}): Model {
  const o: Required<TrainOptions> = {
    minDf: 2, seed: 20200601, ngram: 3, maxFeatures: 300_000, C: 1, passes: 30, nb: 1,
    drop: DROP_CHARS, lead: LEAD, leadWeight: LEAD_WEIGHT, epochs: 0, rate: 0, l2: 0, ...opts,
  };
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const C = labels.length;
  // every distinct feature gets an id at first sight; documents become (id, count) lists
  const ids = new Map<string, number>();
  const names: string[] = [];
  let df = new Int32Array(1 << 16);
  const docIds: Int32Array[] = [], docTf: Float64Array[] = [];
  for (const d of docs) {
    const fc = featureCounts(d.text, o.ngram, o.drop, o.lead, o.leadWeight);
    const di = new Int32Array(fc.size), dt = new Float64Array(fc.size);
    let t = 0;
    for (const [w, n] of fc) {
      let id = ids.get(w);
      if (id === undefined) {
        id = names.length; ids.set(w, id); names.push(w);
        if (id >= df.length) { const g = new Int32Array(df.length * 2); g.set(df); df = g; }
      }
      df[id]!++;
      di[t] = id; dt[t++] = 1 + Math.log(n);
    }
    docIds.push(di); docTf.push(dt);
  }
  let kept: number[] = [];
  for (let id = 0; id < names.length; id++) if (df[id]! >= o.minDf) kept.push(id);
  if (kept.length > o.maxFeatures) kept = kept.sort((a, b) => df[b]! - df[a]! || a - b).slice(0, o.maxFeatures).sort((a, b) => a - b);
  const vocab = kept.map((id) => names[id]!);
  const col = new Int32Array(names.length).fill(-1);
  kept.forEach((id, k) => { col[id] = k; });
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const idf = kept.map((id) => round(Math.log((docs.length + 1) / (df[id]! + 1)) + 1));
  const X = toCsr(docIds.map((di, i) => {
    const ks: number[] = [], vs: number[] = [];
    const dt = docTf[i]!;
    for (let t = 0; t < di.length; t++) { const k = col[di[t]!]!; if (k >= 0) { ks.push(k); vs.push(dt[t]! * idf[k]!); } }
    const norm = Math.sqrt(vs.reduce((a, b) => a + b * b, 0)) || 1;
    return { ks, vs: vs.map((v) => v / norm) };
  }));
  const Y = docs.map((d) => labels.indexOf(d.label));
  const V = vocab.length;
  const W = new Float64Array(V * C), b = new Float64Array(C);
  if (C > 1) trainSvm(X, Y, V, C, o, W, b);
  return { kind: 'lr2', labels, vocab, idf, weights: Array.from(W, round), bias: Array.from(b, round), drop: o.drop, ngram: o.ngram, lead: o.lead, leadWeight: o.leadWeight, trainedOn: docs.length };
}

const indexes = new WeakMap<object, Map<string, number>>();

/** Features of the first model kind: binary bigrams, words and single characters, TF-IDF, L2. */
function lr1Vector(model: ModelLr1, text: string, index: Map<string, number>): Vec {
  const chars = Array.from(text.replace(/\s+/gu, '').normalize('NFKC')).filter((c) => CJK_CHAR.test(c));
  const ks: number[] = [];
  for (const w of new Set([...features(text), ...chars.map((c) => `1${c}`)])) { const k = index.get(w); if (k !== undefined) ks.push(k); }
  const raw = ks.map((k) => model.idf[k]!);
  const norm = Math.sqrt(raw.reduce((a, b) => a + b * b, 0)) || 1;
  return { ks, vs: raw.map((v) => v / norm) };
}

export function predict(model: NbModel, text: string, explain = 5): Prediction {
  if (model.kind !== 'lr2' && model.kind !== 'lr1') throw new Error(`unknown classifier model kind ${String((model as { kind?: unknown }).kind)}: retrain`);
  let index = indexes.get(model);
  if (!index) { index = new Map(model.vocab.map((w, k) => [w, k])); indexes.set(model, index); }
  const C = model.labels.length;
  const { ks, vs } = model.kind === 'lr2' ? vectorize(featureCounts(text, model.ngram, model.drop, model.lead, model.leadWeight), index, model.idf) : lr1Vector(model, text, index);
  const z = model.bias.slice();
  for (let t = 0; t < ks.length; t++) for (let c = 0; c < C; c++) z[c]! += model.weights[ks[t]! * C + c]! * vs[t]!;
  const max = Math.max(...z);
  const exp = z.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranking = model.labels.map((label, c) => ({ label, p: exp[c]! / sum })).sort((a, b) => b.p - a.p);
  const best = model.labels.indexOf(ranking[0]!.label);
  const second = model.labels.indexOf(ranking[1]?.label ?? ranking[0]!.label);
  const words = explain <= 0 ? [] : explainWords(model, ks, vs, best, second, explain);
  return { label: ranking[0]!.label, confidence: ranking[0]!.p, words, ranking };
}

/**
 * The features that favour the label `best` over `second` most (weight difference × value). For an lr2 model the
 * words shown are character bigrams and ASCII words: a trigram's part goes to both of its bigrams, single
 * characters are left out (a bigram is the usual length of a Chinese word, and overlapping n-grams would repeat it).
 */
function explainWords(model: NbModel, ks: number[], vs: number[], best: number, second: number, explain: number): string[] {
  const C = model.labels.length;
  const by = new Map<string, number>();
  const add = (w: string, d: number) => by.set(w, (by.get(w) ?? 0) + d);
  ks.forEach((k, t) => {
    const d = (model.weights[k * C + best]! - model.weights[k * C + second]!) * vs[t]!;
    const w = model.vocab[k]!;
    if (model.kind === 'lr1') add(w.replace(/^1/u, ''), d);
    else if (!isCjk(w)) add(w, d);
    else if (w.length === 2) add(w, d);
    else if (w.length === 3) { add(w.slice(0, 2), d); add(w.slice(1), d); }
  });
  return [...by].filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]).slice(0, explain).map(([w]) => w);
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
