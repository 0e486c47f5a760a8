/**
 * The security audit log: who did what outside a matter's own chain — account administration, logins and
 * lockouts, reveals of personal data with the reason given, exports. Append-only (database triggers), one hash
 * chain for the whole log, kept at least six months.
 */
import { DomainError } from '../domain/errors.ts';
import { eventHash, GENESIS } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { Tx } from '../store/matter.repository.ts';
import { isUniqueViolation } from './register-petition.ts';
import type { Ctx } from './context.ts';

export interface AuditEntry {
  actorUserId: number | null;
  action: string; // e.g. 'user.add', 'login.failed', 'login.locked', 'pii.reveal', 'export.matters'
  target?: string; // e.g. 'user:12', 'petition:34/1'
  data?: Record<string, unknown>;
}

function hashOf(prev: string, at: string, e: AuditEntry, data: string, algorithm: Ctx['auditHash']) {
  return eventHash(prev, { matterId: 0, seq: 0, action: e.action, fromStatus: e.target ?? null, toStatus: '', actorUserId: e.actorUserId, actorUnitId: null, at, recordedAt: at, data }, algorithm);
}

export async function recordAudit(ctx: Ctx, e: AuditEntry, tx?: Tx): Promise<void> {
  const db = tx ?? ctx.store.db;
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await db.selectFrom('auditLog').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const prev = last?.hash ?? GENESIS;
    const at = ctx.now();
    const data = JSON.stringify(e.data ?? {});
    try {
      await db.insertInto('auditLog').values({ at, actorUserId: e.actorUserId, action: e.action, target: e.target ?? null, data, prevHash: prev, hash: hashOf(prev, at, e, data, ctx.auditHash) }).execute();
      return;
    } catch (err) {
      // another writer appended after the same head: read the new head and try again
      if (!isUniqueViolation(err) || tx) throw err;
    }
  }
  throw new DomainError('CONFLICT', '审计日志写入冲突，请重试');
}

/** Verifies the log's chain; the first row kept anchors it (older rows may have been purged after 6 months). */
export async function verifyAuditLog(db: Db): Promise<{ rows: number; broken: { id: number; reason: string } | null }> {
  const rows = await db.selectFrom('auditLog').selectAll().orderBy('id').execute();
  let prev: string | null = null;
  for (const r of rows) {
    if (prev !== null && r.prevHash !== prev) return { rows: rows.length, broken: { id: Number(r.id), reason: 'previous hash does not match' } };
    const algorithm = (r.hash.split(':')[0] ?? 'sha256') as Ctx['auditHash'];
    const expect = hashOf(r.prevHash, r.at, { actorUserId: r.actorUserId === null ? null : Number(r.actorUserId), action: r.action, target: r.target ?? undefined }, r.data, algorithm);
    if (expect !== r.hash) return { rows: rows.length, broken: { id: Number(r.id), reason: 'content does not match its hash' } };
    prev = r.hash;
  }
  return { rows: rows.length, broken: null };
}
