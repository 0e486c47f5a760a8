/** The import bookkeeping table (issue 10), added to Database. */
import type { Generated } from 'kysely';

export interface ImportRecordsTable {
  id: Generated<number>; source: string; externalId: string; petitionId: number; matterId: number;
  replyText: string | null; replyAt: string | null; extra: string | null; importedAt: string;
}

declare module './schema.ts' {
  interface Database {
    importRecords: ImportRecordsTable;
  }
}
