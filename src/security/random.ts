/**
 * Cryptographically random bytes from a pool refilled 8 KiB at a time: a registration needs a few dozen random
 * bytes (IVs, the query code), and one getrandom call per few bytes costs more than the encryption itself.
 * Each byte is handed out once.
 */
import crypto from 'node:crypto';

const POOL_SIZE = 8192;
let pool = crypto.randomBytes(POOL_SIZE);
let offset = 0;

export function randomBytes(n: number): Buffer {
  if (n > POOL_SIZE) return crypto.randomBytes(n);
  if (offset + n > POOL_SIZE) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  // a copy, so that no caller holds a view of bytes handed to another
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}
