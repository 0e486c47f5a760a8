/**
 * The hash chain on its own (pure): SHA-256 by default, SM3 when configured; every kind of tampering is caught —
 * an edited field, a removed event, events swapped, a chain cut short.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventHash, GENESIS, verifyChain, type HashAlgorithm } from '../../src/store/audit.ts';
import type { EventRow } from '../../src/store/schema.ts';

function chain(algorithm: HashAlgorithm, n: number): EventRow[] {
  const out: EventRow[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const f = { matterId: 9, seq, action: seq === 1 ? 'register' : 'accept', fromStatus: null, toStatus: 'registered', actorUserId: 1, actorUnitId: 1, at: `2019-09-0${seq}T00:00:00.000Z`, recordedAt: '2019-09-10T00:00:00.000Z', data: JSON.stringify({ n: seq }) };
    const hash = eventHash(prev, f, algorithm);
    out.push({ id: seq, ...f, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

for (const algorithm of ['sha256', 'sm3'] as const) {
  describe(`audit chain with ${algorithm}`, () => {
    test('an intact chain verifies, and says which algorithm made it', () => {
      const c = chain(algorithm, 4);
      assert.equal(verifyChain(c, c[3]!.hash), null);
      assert.ok(c[0]!.hash.startsWith(`${algorithm}:`));
    });
    test('an edited field breaks the chain at that event', () => {
      const c = chain(algorithm, 4);
      c[1] = { ...c[1]!, data: JSON.stringify({ n: 99 }) };
      assert.deepEqual(verifyChain(c, c[3]!.hash), { matterId: 9, seq: 2, reason: 'content does not match its hash' });
    });
    test('a removed event, swapped events and a cut tail are detected', () => {
      const c = chain(algorithm, 4);
      assert.match(verifyChain([c[0]!, c[2]!, c[3]!], c[3]!.hash)!.reason, /sequence gap/);
      assert.ok(verifyChain([c[0]!, c[2]!, c[1]!, c[3]!], c[3]!.hash));
      assert.match(verifyChain(c.slice(0, 3), c[3]!.hash)!.reason, /chain head/);
    });
  });
}
