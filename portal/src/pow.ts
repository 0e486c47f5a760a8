/**
 * The proof of work of docs/PORTAL.md's challenge: the smallest decimal nonce such that sha256(prefix + nonce) has
 * at least `difficulty` leading zero bits. WebCrypto where the page is a secure context (digests in batches, so
 * the browser's crypto thread stays busy), the plain-JS digest otherwise. Runs in a worker (pow.worker.ts) so
 * typing never stutters.
 */
import { sha256 } from './sha256.ts';

export function leadingZeroBits(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) {
    if (b === 0) { n += 8; continue; }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

const BATCH = 256;

export async function solve(prefix: string, difficulty: number): Promise<string> {
  const enc = new TextEncoder();
  const subtle = globalThis.crypto?.subtle;
  for (let base = 0; ; base += BATCH) {
    const inputs = Array.from({ length: BATCH }, (_, i) => enc.encode(prefix + String(base + i)));
    const digests = subtle
      ? (await Promise.all(inputs.map((d) => subtle.digest('SHA-256', d)))).map((b) => new Uint8Array(b))
      : inputs.map(sha256);
    const hit = digests.findIndex((d) => leadingZeroBits(d) >= difficulty);
    if (hit >= 0) return String(base + hit);
  }
}
