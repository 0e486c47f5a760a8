/** Tables of the 12345 hotline intake (issue 10), added to Database. */
import type { Generated } from 'kysely';

export interface HotlineOrdersTable {
  id: Generated<number>; workOrderId: string; petitionId: number; matterId: number; petitionCode: string; queryCode: string;
  receivedAt: string; lastStatus: string; statusSeq: Generated<number>;
}
export interface HotlineNoncesTable { nonce: string; seenAt: string }
export interface HotlineOutboxTable {
  id: Generated<number>; workOrderId: string; dedupeKey: string; payload: string; createdAt: string; attempts: Generated<number>;
  nextAttemptAt: string; leaseOwner: string | null; leaseUntil: string | null; sentAt: string | null; failedAt: string | null; error: string | null;
}

declare module './schema.ts' {
  interface Database {
    hotlineOrders: HotlineOrdersTable;
    hotlineNonces: HotlineNoncesTable;
    hotlineOutbox: HotlineOutboxTable;
  }
}
