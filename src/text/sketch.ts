/**
 * A petition's similarity sketch: the SKETCH_SIZE smallest 32-bit hashes of its shingle codes (tokenize.ts
 * `shingleCodes`, taken one by one from `eachShingleCode`), a bottom-k MinHash. Two sketches estimate the Jaccard
 * similarity of the two shingle sets without the texts: of the k smallest hashes of both sets together, the share
 * that both sets hold. The estimate is exact (up to 32-bit hash collisions) when both sets have fewer than k shingles
 * (the sketch is then the whole set), and otherwise off by about √(J(1−J)/k): 0.042 at J = 0.35 for k = 128.
 *
 * The index keeps each petition document's sketch (text_docs.sketch, migration 2026-12-07T1000), so that the repeat
 * check need not read and decode the text of each of its 50 candidates: at a million petitions the texts of long
 * candidates cost more than the rest of the check (docs/TEXT.md, fourteenth and fifteenth sessions). Pure.
 */
import { eachShingleCode } from './tokenize.ts';

export const SKETCH_SIZE = 128;

/** murmur3's finaliser: a shingle code (a small integer or a negative one) to a well-spread 32-bit hash */
function mix(c: number): number {
  let h = c | 0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** the hashes of one text's shingles, reused from call to call, grown as needed (NFKC can lengthen a text) */
let scratch = new Uint32Array(1024);

/**
 * The sketch of a text: its distinct shingle hashes, the smallest SKETCH_SIZE, ascending, as 4-byte little-endian
 * words. Every shingle is hashed as it comes, repeats included, and the repeats go when the sorted hashes are read
 * (equal codes, equal hashes; and distinct codes that share a hash, rarely, count once too): no set of the codes is
 * built first.
 */
export function sketchOf(text: string): Buffer {
  let n = 0;
  eachShingleCode(text, (c) => {
    if (n === scratch.length) { const more = new Uint32Array(2 * n); more.set(scratch); scratch = more; }
    scratch[n++] = mix(c);
  });
  const hashes = scratch.subarray(0, n).sort();
  const out = Buffer.allocUnsafe(4 * Math.min(SKETCH_SIZE, n));
  let k = 0;
  for (let j = 0; j < n && k < SKETCH_SIZE; j++) {
    if (j > 0 && hashes[j] === hashes[j - 1]) continue;
    out.writeUInt32LE(hashes[j]!, 4 * k++);
  }
  return k * 4 === out.length ? out : out.subarray(0, 4 * k);
}

/** A sketch as read back from either database (a Buffer from both drivers; a row without one reads null). */
export type Sketch = Uint8Array;

const word = (s: Sketch, i: number) => (s[4 * i]! | (s[4 * i + 1]! << 8) | (s[4 * i + 2]! << 16) | (s[4 * i + 3]! << 24)) >>> 0;

/**
 * The Jaccard similarity of two texts estimated from their sketches, and whether it is exact (both sketches hold
 * their whole sets). Two empty texts: 0, as `jaccardWith` says.
 */
export function estimateJaccard(a: Sketch, b: Sketch): { value: number; exact: boolean } {
  const na = a.length >> 2, nb = b.length >> 2;
  const whole = na < SKETCH_SIZE && nb < SKETCH_SIZE;
  // merge the two ascending lists until SKETCH_SIZE hashes of the union are seen (all of them when both are whole)
  let i = 0, j = 0, seen = 0, both = 0;
  while ((i < na || j < nb) && (whole || seen < SKETCH_SIZE)) {
    const x = i < na ? word(a, i) : 0x100000000, y = j < nb ? word(b, j) : 0x100000000;
    if (x === y) { both++; i++; j++; } else if (x < y) i++; else j++;
    seen++;
  }
  return { value: seen ? both / seen : 0, exact: whole };
}
