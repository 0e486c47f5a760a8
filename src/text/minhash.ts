/**
 * MinHash with LSH banding over bigram shingles: groups near-identical texts (text-reuse campaigns, reposts) in
 * near-linear time. Pure.
 */
import { jaccard, shingles } from './tokenize.ts';

const PERMS = 32, BANDS = 8, ROWS = PERMS / BANDS;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
const SEEDS = Array.from({ length: PERMS }, (_, i) => [Math.imul(i + 1, 0x9e3779b1) >>> 0, Math.imul(i + 7, 0x85ebca6b) >>> 0] as const);

export function signature(sh: Set<string>): Uint32Array {
  const sig = new Uint32Array(PERMS).fill(0xffffffff);
  for (const s of sh) {
    const h = fnv(s);
    for (let i = 0; i < PERMS; i++) {
      const [a, b] = SEEDS[i]!;
      const v = (Math.imul(h ^ a, 0x2c1b3c6d) + b) >>> 0;
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Groups of indexes (size ≥ 2) whose texts have Jaccard similarity ≥ threshold (connected components). */
export function nearDuplicateGroups(texts: string[], threshold = 0.7): number[][] {
  const sh = texts.map((t) => shingles(t));
  const sigs = sh.map(signature);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; } return i; };
  const checked = new Set<string>();
  for (let b = 0; b < BANDS; b++) {
    const buckets = new Map<string, number[]>();
    sigs.forEach((sig, i) => {
      if (sh[i]!.size < 3) return;
      const key = Array.from(sig.subarray(b * ROWS, b * ROWS + ROWS)).join(',');
      const arr = buckets.get(key);
      if (arr) arr.push(i); else buckets.set(key, [i]);
    });
    for (const arr of buckets.values()) {
      if (arr.length < 2) continue;
      for (let x = 1; x < arr.length; x++) {
        const i = arr[0]!, j = arr[x]!;
        const k = `${i}:${j}`;
        if (checked.has(k)) continue;
        checked.add(k);
        if (jaccard(sh[i]!, sh[j]!) >= threshold) parent[find(j)] = find(i);
      }
    }
  }
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => { const r = find(i); const g = groups.get(r); if (g) g.push(i); else groups.set(r, [i]); });
  return [...groups.values()].filter((g) => g.length > 1);
}
