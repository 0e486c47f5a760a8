/** The portal's proof of work (portal/src/pow.ts) and its plain-JS SHA-256 fallback, against node:crypto. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sha256 } from '../../portal/src/sha256.ts';
import { leadingZeroBits, solve } from '../../portal/src/pow.ts';

test('sha256 fallback equals node:crypto for empty, short, block-boundary and multi-block UTF-8 inputs', () => {
  const enc = new TextEncoder();
  for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), '枫桥经验 prefix 12345']) {
    const mine = Buffer.from(sha256(enc.encode(s))).toString('hex');
    assert.equal(mine, crypto.createHash('sha256').update(s, 'utf8').digest('hex'), JSON.stringify(s.slice(0, 10)));
  }
});

test('leadingZeroBits counts whole zero bytes and the zero bits of the first non-zero byte', () => {
  assert.equal(leadingZeroBits(new Uint8Array([0xff])), 0);
  assert.equal(leadingZeroBits(new Uint8Array([0x00, 0x01])), 15);
  assert.equal(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x10])), 19);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0])), 16);
});

test('solve finds the smallest nonce with the asked leading zero bits (checked by brute force with node:crypto)', async () => {
  const prefix = 'c0ffee-test-prefix';
  const nonce = await solve(prefix, 10);
  const zeros = (n: number) => leadingZeroBits(crypto.createHash('sha256').update(prefix + n).digest());
  assert.ok(zeros(Number(nonce)) >= 10);
  for (let n = 0; n < Number(nonce); n++) assert.ok(zeros(n) < 10, `nonce ${n} already qualified`);
});
