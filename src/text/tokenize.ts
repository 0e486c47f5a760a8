/**
 * Chinese-aware tokenisation without a dictionary or a model: runs of CJK characters become overlapping character
 * bigrams (a run of one character stays a unigram), runs of ASCII letters and digits become lower-case words.
 * The same function makes index text, query terms and classifier features, so they always agree.
 */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
/** A token between runs, never produced by tokens(): phrases do not match across punctuation. */
export const RUN_BREAK = 'ǂ';
const RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/gu;

/** NFKC (full-width letters and digits to ASCII), lower case. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
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

/** Set of shingles for similarity (bigrams). */
export function shingles(text: string): Set<string> {
  return new Set(features(text));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
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
