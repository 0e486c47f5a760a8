/**
 * The audit trail is a hash chain per matter: each event's hash covers the previous hash and every field of the
 * event, so editing, deleting or reordering a row breaks the chain from there on. SHA-256 by default; SM3 (GB/T
 * 32905, in Node's OpenSSL) when FENGQIAO_AUDIT_HASH=sm3. The algorithm is written into each hash.
 */
import crypto from 'node:crypto';
import type { EventRow } from './schema.ts';

export type HashAlgorithm = 'sha256' | 'sm3';
export const GENESIS = 'genesis';

export interface EventFields {
  matterId: number;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: number | null;
  actorUnitId: number | null;
  at: string;
  recordedAt: string;
  data: string; // JSON text, hashed exactly as stored
}

export function eventHash(prevHash: string, e: EventFields, algorithm: HashAlgorithm = 'sha256'): string {
  const body = JSON.stringify([prevHash, e.matterId, e.seq, e.action, e.fromStatus, e.toStatus, e.actorUserId, e.actorUnitId, e.at, e.recordedAt, e.data]);
  return `${algorithm}:${crypto.createHash(algorithm).update(body).digest('hex')}`;
}

export interface ChainBreak {
  matterId: number;
  seq: number;
  reason: string;
}

/** Verifies one matter's events (ordered by seq) against each other and against the matter's recorded head. */
export function verifyChain(events: readonly EventRow[], head: string | null): ChainBreak | null {
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { matterId: e.matterId, seq: e.seq, reason: `sequence gap: expected ${expectedSeq}` };
    if (e.prevHash !== prev) return { matterId: e.matterId, seq: e.seq, reason: 'previous hash does not match' };
    const algorithm = (e.hash.split(':')[0] ?? 'sha256') as HashAlgorithm;
    if (eventHash(prev, e, algorithm) !== e.hash) return { matterId: e.matterId, seq: e.seq, reason: 'content does not match its hash' };
    prev = e.hash;
    expectedSeq++;
  }
  if (head !== null && head !== prev) {
    const last = events[events.length - 1];
    return { matterId: last?.matterId ?? 0, seq: expectedSeq, reason: 'chain head on the matter does not match the last event (events missing)' };
  }
  return null;
}
