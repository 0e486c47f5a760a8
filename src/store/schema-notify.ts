/** The SMS / e-mail delivery table (issue 10), added to Database. */
import type { Generated } from 'kysely';

export interface NotificationDeliveriesTable {
  id: Generated<number>; channel: string; template: string; recipientEnc: string; recipientMasked: string; subject: string | null;
  body: string; dedupeKey: string; matterId: number | null; status: string; attempts: Generated<number>; nextAttemptAt: string;
  leaseOwner: string | null; leaseUntil: string | null; gateway: string | null; providerId: string | null; lastError: string | null;
  createdAt: string; sentAt: string | null;
}

declare module './schema.ts' {
  interface Database {
    notificationDeliveries: NotificationDeliveriesTable;
  }
}
