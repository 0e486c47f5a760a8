import { createHash } from 'node:crypto';

/**
 * Chinese-aware tokenisation without a dictionary or a model: runs of CJK characters become overlapping character
 * bigrams (a run of one character stays a unigram), runs of ASCII letters and digits become lower-case words.
 * The same function makes index text, query terms and classifier features, so they always agree.
 */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
/** A token between runs, never produced by tokens(): phrases do not match across punctuation. */
export const RUN_BREAK = 'ǂ';
const RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/gu;

/**
 * Characters NFKC leaves as they are, or maps to characters that are never part of a run (full-width punctuation
 * to ASCII punctuation, the ideographic space to a space): for a text of only these, lower case alone gives the
 * same runs and tokens as NFKC, at a fraction of the cost (most Chinese texts are such texts). The set:
 * /^[\s\u0020-\u007f\u00b7\u2014\u2018-\u201d\u2026\u3000-\u3037\u303b-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff0f
 * \uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]*$/u, tested a character at a time: the regular expression took about
 * 18 ns a character, this loop about half (every search scores 200 texts with it, every repeat check 50);
 * test/text/shingles.test.ts checks the two agree on every character of the BMP.
 */
export function runsStable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) continue;
    if (c >= 0x4e00 ? c <= 0x9fff || (c >= 0xff01 && (c <= 0xff0f || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)))
      : (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && (c <= 0x3037 || (c >= 0x303b && c <= 0x303f))) || c === 0xb7 || c === 0x2014 || (c >= 0x2018 && c <= 0x201d) || c === 0x2026) continue;
    if (isSpace(c)) continue;
    return false;
  }
  return true;
}

/** JavaScript's `\s`, as a character code. */
const isSpace = (c: number) => (c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
  : c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));

/** NFKC (full-width letters and digits to ASCII), then lower case: what every text goes through unless `runsStable`. */
const nfkcLower = (text: string) => text.normalize('NFKC').toLowerCase();

/** NFKC (full-width letters and digits to ASCII), lower case; NFKC skipped where it cannot change a run. */
export function normalize(text: string): string {
  return runsStable(text) ? text.toLowerCase() : nfkcLower(text);
}

/**
 * `normalize(text)` as far as CJK runs go: the text itself when NFKC leaves it alone (lower case changes only A–Z in
 * such a text, so its CJK runs, their places and its length are those of `normalize(text)`), else `normalize(text)`.
 * For counting CJK phrases in many texts without a lower-case copy of each (text/index.ts `relevance`).
 */
export function normalizeForCjk(text: string): string {
  return runsStable(text) ? text : nfkcLower(text);
}

/** The runs of a text: CJK runs and ASCII words, in order. */
export function runs(text: string): string[] {
  return normalize(text).match(RUN) ?? [];
}

export function isCjk(run: string): boolean {
  return CJK.test(run.charAt(0));
}

/** Bigrams of one CJK run (a one-character run is its own token). */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** All tokens of a text in order: bigrams for CJK runs, words for ASCII runs. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const r of runs(text)) {
    if (isCjk(r)) for (const b of bigrams(r)) out.push(b);
    else out.push(r);
  }
  return out;
}

/**
 * The text stored in the index: tokens separated by spaces. Runs are separated by a marker token so that a phrase
 * query never matches across punctuation ("物业，费用" does not contain the phrase 业费).
 */
export function indexText(text: string): string {
  const parts: string[] = [];
  for (const r of runs(text)) {
    if (parts.length) parts.push(RUN_BREAK);
    if (isCjk(r)) parts.push(...bigrams(r));
    else parts.push(r);
  }
  return parts.join(' ');
}

/**
 * A search string → the phrases to match (all of them: AND). Each phrase is a list of adjacent tokens; a single
 * CJK character becomes a prefix term (matches every bigram starting with it).
 */
export interface QueryPhrase { tokens: string[]; prefix: boolean }
export function queryPhrases(q: string): QueryPhrase[] {
  return runs(q).slice(0, 16).map((r) => {
    if (isCjk(r)) {
      const b = bigrams(r);
      return { tokens: b, prefix: Array.from(r).length === 1 };
    }
    return { tokens: [r], prefix: false };
  });
}

/** Classifier and similarity features: bigrams and words of the text with all whitespace removed. */
export function features(text: string): string[] {
  return tokens(text.replace(/\s+/gu, ''));
}

const cjkCode = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
const wordCode = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/**
 * Set of shingles for similarity: the same set as `new Set(features(text))`, in one pass over the characters (the
 * repeat check computes it for every candidate).
 */
export function shingles(text: string): Set<string> {
  const t = normalize(text.replace(/\s+/gu, ''));
  const out = new Set<string>();
  let cjkRun = 0, wordStart = -1;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 0;
    if (cjkCode(c)) {
      if (cjkRun > 0) out.add(t.slice(i - 1, i + 1));
      cjkRun++;
    } else {
      if (cjkRun === 1) out.add(t.charAt(i - 1));
      cjkRun = 0;
    }
    if (wordCode(c)) { if (wordStart < 0) wordStart = i; } else if (wordStart >= 0) { out.add(t.slice(wordStart, i)); wordStart = -1; }
  }
  return out;
}

/** Index of a CJK character among the ideographs of RUN (BMP; 28,096 of them), so two of them code into a small integer. */
function cjkIndex(c: number): number {
  return c >= 0x4e00 ? (c <= 0x9fff ? c - 0x4e00 : 27_584 + c - 0xf900) : 20_992 + c - 0x3400;
}
const CJK_SPAN = 28_096;

/**
 * `shingles` as small integers (a bigram is i·28,096 + j of its characters' indexes, a lone character or an ASCII
 * word a negative code): the same sets, cheaper to build and compare, for the repeat check's candidates.
 */
export function shingleCodes(text: string): Set<number> {
  const out = new Set<number>();
  eachShingleCode(text, (c) => out.add(c));
  return out;
}

/** The seen-codes table of `jaccardWith`, reused: open addressing, a slot in use when its stamp is this call's. */
let seenKeys = new Int32Array(4096), seenStamps = new Uint32Array(4096), stamp = 0;

/**
 * `jaccard(mine, shingleCodes(text))` without building the text's set: each code of the text is looked up once in a
 * reused open-addressing table (a slot counts when its stamp is this call's, so nothing is cleared between calls),
 * and only a code seen for the first time is looked for in `mine`. The repeat check compares a petition with its 50
 * candidates this way; sorting each text's codes instead cost a fifth more in the check (docs/TEXT.md, fourteenth
 * session).
 */
export function jaccardWith(mine: ReadonlySet<number>, text: string): number {
  const need = 2 * text.length + 16;
  if (seenKeys.length < need) {
    let n = seenKeys.length;
    while (n < need) n *= 2;
    seenKeys = new Int32Array(n); seenStamps = new Uint32Array(n); stamp = 0;
  }
  if (++stamp === 0xffffffff) { seenStamps.fill(0); stamp = 1; }
  const keys = seenKeys, stamps = seenStamps, mask = keys.length - 1, now = stamp;
  let size = 0, inter = 0;
  eachShingleCode(text, (c) => {
    let h = (Math.imul(c, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      if (stamps[h] !== now) { stamps[h] = now; keys[h] = c; size++; if (mine.has(c)) inter++; return; }
      if (keys[h] === c) return;
      h = (h + 1) & mask;
    }
  });
  return !mine.size && !size ? 0 : inter / (mine.size + size - inter);
}

/**
 * Each shingle code of a text (`shingleCodes`), in order, repeats included: of the text with its whitespace removed,
 * normalised. For a text NFKC leaves alone (`runsStable`: most Chinese texts) in one pass over the text itself, the
 * whitespace skipped and A–Z lowered as they come (lower case changes nothing else such a text can hold), without the
 * two copies the regular expression and `normalize` made; other texts as `normalize` does.
 */
export function eachShingleCode(text: string, emit: (code: number) => void): void {
  const stable = runsStable(text);
  const t = stable ? text : nfkcLower(text.replace(/\s+/gu, ''));
  let cjkRun = 0, prev = 0, inWord = false, word = 0;
  for (let i = 0; i <= t.length; i++) {
    let c = i < t.length ? t.charCodeAt(i) : 0;
    if (stable && c !== 0) {
      if (isSpace(c)) continue;
      if (c >= 0x41 && c <= 0x5a) c += 32;
    }
    if (cjkCode(c)) {
      const k = cjkIndex(c);
      if (cjkRun > 0) emit(prev * CJK_SPAN + k);
      prev = k;
      cjkRun++;
    } else {
      if (cjkRun === 1) emit(-1 - prev);
      cjkRun = 0;
    }
    // an ASCII word's FNV-1a, as it comes
    if (wordCode(c)) { if (!inWord) { inWord = true; word = 0x811c9dc5; } word = Math.imul(word ^ c, 0x01000193); }
    else if (inWord) { emit(-1 - CJK_SPAN - ((word >>> 0) % 2 ** 29)); inWord = false; }
  }
}

/**
 * The index terms of a text as integers, as PostgreSQL stores them (`text_docs.codes`, an int4[] with a GIN index;
 * the database computes them itself from the index text, migration 2026-11-27T0800-text-codes `fq_codes`, trigrams
 * since 2026-12-07T0700-text-trigram-codes): a CJK bigram is i·28,096 + j of its characters' indexes, a trigram
 * `trigramsOf`, a one-character run −1 − i, an ASCII word −28,097 minus the first 28 bits of its MD5. Sorted, each
 * once. The two computations must agree; test/text/codes.test.ts checks it.
 */
export function indexCodes(text: string): number[] {
  const out = new Set<number>();
  for (const r of runs(text)) {
    if (!isCjk(r)) { out.add(wordIndexCode(r)); continue; }
    const bi = runBigramCodes(r);
    if (!bi.length) out.add(-1 - cjkIndex(r.codePointAt(0)!)); // a one-character run
    for (const c of bi) out.add(c);
    for (const c of trigramsOf(bi)) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Trigram codes sit above every bigram code (28,096² of them), hashed into what is left of the int4 range: the
 * trigram's number (i·28,096 + j)·28,096 + k modulo the largest prime that fits. Two trigrams may share a code (about
 * one in fifty of those a million petitions hold); the row's text is read for every phrase of three or more characters
 * anyway (text/index.ts `pgText`), so a shared code costs a row read, never a wrong match. In SQL:
 * 789385216 + (((bigram::int8 * 28096) + k) % 1358098429)::int.
 */
export const TRIGRAM_BASE = CJK_SPAN * CJK_SPAN;
const TRIGRAM_MOD = 1_358_098_429;
/**
 * The trigram codes of a run, from its bigram codes in order: each bigram followed by the last character of the next
 * (a bigram's code modulo 28,096 is its second character's index). (i·28,096 + j)·28,096 + k stays below 2^53: exact.
 */
const trigramsOf = (bi: readonly number[]): number[] => bi.slice(1).map((b, i) => TRIGRAM_BASE + ((bi[i]! * CJK_SPAN + (b % CJK_SPAN)) % TRIGRAM_MOD));

/** The codes of a CJK run's trigrams in the run's order (as `indexCodes` codes them); none for a run under three. */
export function runTrigramCodes(run: string): number[] {
  return trigramsOf(runBigramCodes(run));
}

/** The codes of a CJK run's bigrams in the run's order, one for each pair of neighbours (as `indexCodes` codes them). */
export function runBigramCodes(run: string): number[] {
  const out: number[] = [];
  let prev = -1;
  for (const ch of run) {
    const k = cjkIndex(ch.codePointAt(0)!);
    if (prev >= 0) out.push(prev * CJK_SPAN + k);
    prev = k;
  }
  return out;
}

/** The code of an ASCII word in `indexCodes` (the same in SQL: ('x' || substr(md5(w), 1, 7))::bit(28)::int). */
function wordIndexCode(word: string): number {
  return -1 - CJK_SPAN - parseInt(createHash('md5').update(word).digest('hex').slice(0, 7), 16);
}

/**
 * A query for PostgreSQL's index: every code the matching documents must hold (a two-character word's bigram, a
 * longer phrase's trigrams, its words) and the runs themselves, which the database then finds in the text (the codes
 * say a document holds the trigrams, the run says they are adjacent and not another trigram's hash). A
 * one-character run has no code: only its run is looked for.
 */
export function queryCodes(q: string): { codes: number[]; runs: string[] } {
  const rs = runs(q).slice(0, 16);
  const codes = new Set<number>();
  for (const r of rs) {
    if (!isCjk(r)) { codes.add(wordIndexCode(r)); continue; }
    const bi = runBigramCodes(r);
    for (const c of bi.length > 1 ? trigramsOf(bi) : bi) codes.add(c);
  }
  return { codes: [...codes].sort((a, b) => a - b), runs: [...new Set(rs)] };
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (!a.size && !b.size) return 0;
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Highlight the query's characters in a text: wraps each matched stretch in 【】-free <mark> tags on a snippet. */
export function highlight(text: string, q: string, width = 120): string {
  const needles = runs(q).filter((r) => r.length > 0);
  const lower = normalize(text);
  const marks: [number, number][] = [];
  for (const n of needles) {
    let i = lower.indexOf(n);
    while (i >= 0) { marks.push([i, i + n.length]); i = lower.indexOf(n, i + n.length); }
  }
  marks.sort((a, b) => a[0] - b[0]);
  const first = marks[0]?.[0] ?? 0;
  const start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [s, e] of marks) {
    if (s < pos || e > end) continue;
    out += escapeHtml(text.slice(pos, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    pos = e;
  }
  out += escapeHtml(text.slice(pos, end)) + (end < text.length ? '…' : '');
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
