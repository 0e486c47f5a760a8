/** Tables of issue 5 (supervision, leader cases, campaigns, assessment, documents, outbox), added to Database. */
import type { Generated } from 'kysely';

export interface LeaderCasesTable {
  id: Generated<number>; matterId: number; unitId: number; regionCode: string; leaderName: string; leaderTitle: string;
  level: string; assignedAt: string; targetDate: string; resolvedAt: string | null; recordedBy: number | null; recordedAt: string;
}
export interface LeaderCaseNotesTable { id: Generated<number>; caseId: number; at: string; note: string; recordedBy: number | null }
export interface CampaignsTable { id: Generated<number>; name: string; unitId: number; regionCode: string; startedOn: string; recordedAt: string }
export interface CampaignBatchesTable { id: Generated<number>; campaignId: number; name: string; source: string; seq: number }
export interface CampaignNodesTable { id: Generated<number>; batchId: number; name: string; dueDate: string }
export interface CampaignCasesTable { id: Generated<number>; batchId: number; matterId: number; addedAt: string; completedAt: string | null }
export interface CampaignReportsTable { id: Generated<number>; nodeId: number; caseId: number; at: string; note: string | null; recordedBy: number | null }
export interface SupervisionItemsTable {
  id: Generated<number>; matterId: number; kind: string; targetUnitId: number; issuedByUnitId: number; issuedBy: number | null;
  at: string; reason: string; number: string | null; answerDue: string | null; answeredAt: string | null; answer: string | null;
}
export interface DeadlineAlertsTable { id: Generated<number>; matterId: number; deadline: string; due: string; kind: string; unitId: number; at: string }
export interface OutboxTable {
  id: Generated<number>; topic: string; unitId: number | null; payload: string; dedupeKey: string; createdAt: string;
  leaseOwner: string | null; leaseUntil: string | null; attempts: Generated<number>; sentAt: string | null; error: string | null;
}
export interface NotificationsTable { id: Generated<number>; outboxId: number; unitId: number | null; topic: string; text: string; at: string; readAt: string | null }
export interface JobLeasesTable { name: string; owner: string | null; leaseUntil: string }
export interface AssessmentObjectionsTable {
  id: Generated<number>; matterId: number; unitId: number; metric: string; reason: string; filedAt: string; filedBy: number | null;
  status: string; decidedAt: string | null; decidedBy: number | null; decisionNote: string | null;
}
export interface DocTemplatesTable { kind: string; title: string; body: string; updatedAt: string; updatedBy: number | null }
export interface DocumentsTable {
  id: Generated<number>; matterId: number; kind: string; unitId: number; number: string; title: string; body: string;
  createdAt: string; createdBy: number | null; published: Generated<number>;
}

declare module './schema.ts' {
  interface Database {
    leaderCases: LeaderCasesTable;
    leaderCaseNotes: LeaderCaseNotesTable;
    campaigns: CampaignsTable;
    campaignBatches: CampaignBatchesTable;
    campaignNodes: CampaignNodesTable;
    campaignCases: CampaignCasesTable;
    campaignReports: CampaignReportsTable;
    supervisionItems: SupervisionItemsTable;
    deadlineAlerts: DeadlineAlertsTable;
    outbox: OutboxTable;
    notifications: NotificationsTable;
    jobLeases: JobLeasesTable;
    assessmentObjections: AssessmentObjectionsTable;
    docTemplates: DocTemplatesTable;
    documents: DocumentsTable;
  }
}
