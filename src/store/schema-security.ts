/** Tables and columns added by 2026-11-26T1700-security (module augmentation of schema.ts). */
import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actorUserId: number | null;
  action: string;
  target: string | null;
  data: string;
  prevHash: string;
  hash: string;
}

declare module './schema.ts' {
  interface Database {
    auditLog: AuditLogTable;
  }
  interface UsersTable {
    failedLogins: Generated<number>;
    lockedUntil: string | null;
    totpSecretEnc: string | null;
    sessionsValidAfter: string | null;
  }
  interface SessionsTable {
    lastSeenAt: string | null;
  }
}
