/** Tables of text intelligence (issue 7), added to Database. */
import type { Generated } from 'kysely';

export interface TextDocsTable {
  id: Generated<number>; kind: string; sourceId: number; petitionId: number | null; matterId: number; receivedAt: string;
  regionCode: string | null; categoryCode: string | null; title: string; body: string; tokens: string;
}
export interface TextLinksTable {
  id: Generated<number>; petitionId: number; relatedPetitionId: number; score: number; reasons: string; status: string;
  decidedBy: number | null; decidedAt: string | null; note: string | null; createdAt: string;
}
export interface TextModelsTable { id: Generated<number>; target: string; createdAt: string; trainedOn: number; model: string }
export interface TextFeedbackTable { id: Generated<number>; petitionId: number; target: string; suggested: string | null; chosen: string; userId: number | null; at: string }
export interface TextStateTable { key: string; value: string }

declare module './schema.ts' {
  interface Database {
    textDocs: TextDocsTable;
    textLinks: TextLinksTable;
    textModels: TextModelsTable;
    textFeedback: TextFeedbackTable;
    textState: TextStateTable;
  }
}
