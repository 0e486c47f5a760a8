/** Tables of text intelligence (issue 7), added to Database. */
import type { Generated } from 'kysely';

export interface TextDocsTable {
  id: Generated<number>; kind: string; sourceId: number; petitionId: number | null; matterId: number; receivedAt: string;
  regionCode: string | null; categoryCode: string | null; title: string; body: string;
  /** the bigram index text: SQLite's FTS5 reads it; PostgreSQL turns it into `codes` and keeps '' (migration 2026-11-27T0800) */
  tokens: string;
  /** PostgreSQL only: the index terms as integers (tokenize.ts `indexCodes`), computed by the database */
  codes?: Generated<number[]>;
  /** a petition document's similarity sketch (text/sketch.ts, migration 2026-12-07T1000); null for other documents and rows written around the writers */
  sketch?: Buffer | null;
}
export interface TextLinksTable {
  id: Generated<number>; petitionId: number; relatedPetitionId: number; score: number; reasons: string; status: string;
  decidedBy: number | null; decidedAt: string | null; note: string | null; createdAt: string;
}
export interface TextModelsTable { id: Generated<number>; target: string; createdAt: string; trainedOn: number; model: string }
export interface TextFeedbackTable { id: Generated<number>; petitionId: number; target: string; suggested: string | null; chosen: string; userId: number | null; at: string }
export interface TextStateTable { key: string; value: string }
/** document frequency of an index code in a sample of the newest documents (text/stats.ts) */
export interface TextCodeDfTable { gen: number; code: number; df: number }

declare module './schema.ts' {
  interface Database {
    textDocs: TextDocsTable;
    textLinks: TextLinksTable;
    textModels: TextModelsTable;
    textFeedback: TextFeedbackTable;
    textState: TextStateTable;
    textCodeDf: TextCodeDfTable;
  }
}
