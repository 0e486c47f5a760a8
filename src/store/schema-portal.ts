/** Tables of the citizen portal (issue 4), added to the Kysely Database by module augmentation. */
import type { Generated } from 'kysely';

export interface UsedChallengesTable { id: string; expiresAt: string }
export interface SmsCodesTable {
  id: Generated<number>; phoneHash: string; purpose: string; minute: number; codeHash: string; attempts: Generated<number>; createdAt: string;
  expiresAt: string; usedAt: string | null; usedKey: string | null;
}
export interface AttachmentsTable {
  id: Generated<number>; token: string; petitionId: number | null; matterId: number | null; name: string; mime: string; size: number;
  sha256: string; data: Buffer; source: string; uploadedBy: number | null; createdAt: string;
}
export interface ArticlesTable {
  id: Generated<number>; kind: string; title: string; html: string; summary: string; status: string; publishedAt: string | null;
  authorId: number | null; createdAt: string; updatedAt: string;
}

declare module './schema.ts' {
  interface Database {
    usedChallenges: UsedChallengesTable;
    smsCodes: SmsCodesTable;
    attachments: AttachmentsTable;
    articles: ArticlesTable;
  }
  interface PetitionersTable {
    /** 1 when the petitioner proved the phone with an SMS code (手机已验证) */
    phoneVerified: Generated<number>;
  }
}
