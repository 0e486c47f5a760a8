/** Tables of the resolution mechanisms (issue 6), added to the Kysely Database by module augmentation. */
import type { Generated } from 'kysely';

interface Recorded { id: Generated<number>; unitId: number; regionCode: string; recordedBy: number | null; recordedAt: string }

export interface LegalScreeningsTable extends Recorded {
  at: string; visitorName: string; headcount: number; question: string; finding: string; advice: string | null;
  registrationForm: number; lawyerName: string | null; petitionId: number | null;
}
export interface LegalActivitiesTable extends Recorded {
  at: string; kind: string; title: string; participants: string; matterId: number | null; summary: string | null;
}
export interface LegalOpinionsTable extends Recorded {
  at: string; title: string; addressee: string; facts: string; opinion: string; lawyerName: string; screeningId: number | null; matterId: number | null;
}
export interface SocialWorkLogsTable extends Recorded {
  at: string; workers: string; personTimes: number; soothed: number; followUp: string | null; resolved: number; matterId: number | null; note: string | null;
}
export interface VolunteersTable extends Recorded {
  name: string; joinedOn: string; leftOn: string | null; qualification: string; reviewedBy: number | null; reviewedAt: string | null; reviewNote: string | null;
}
export interface VolunteerTrainingsTable extends Recorded { at: string; title: string; volunteerIds: string }
export interface CallbacksTable extends Recorded {
  at: string; matterId: number; matterUnitId: number; status: string; attempts: number; completedAt: string | null;
  indicators: string | null; answers: string | null; suggestion: string | null;
}
export interface CallbackAttemptsTable { id: Generated<number>; callbackId: number; at: string; outcome: string; recordedBy: number | null }
export interface HearingsTable extends Recorded {
  matterId: number; kind: string; scheduledFor: string; place: string | null; status: string; clockPaused: number; participants: string;
  heldAt: string | null; record: string | null; conclusion: string | null; recommendation: string | null;
  stoppedPetitioning: number | null; stoppedRecordedAt: string | null; appliedAt: string | null;
}
export interface MediationsTable extends Recorded {
  at: string; matterId: number; mediator: string; parties: string; status: string; agreementAt: string | null; agreementTerms: string | null;
  dispute: string | null; fulfilledAt: string | null; failedAt: string | null; failureReason: string | null; matterClosed: number; closeNote: string | null;
}
export interface MediationSessionsTable { id: Generated<number>; mediationId: number; at: string; note: string; recordedBy: number | null }
export interface CluesTable extends Recorded {
  at: string; petitionId: number; matterId: number; description: string; status: string; transferredAt: string | null;
  transferredBy: number | null; recipient: string | null; transferRecord: string | null;
}
export interface JointHandlingsTable extends Recorded {
  at: string; matterId: number; source: string; hotlineRef: string | null; leadUnitId: number; note: string | null;
}
export interface JointUnitsTable { id: Generated<number>; jointId: number; unitId: number; role: string; status: string }
export interface JointReturnsTable {
  id: Generated<number>; jointId: number; unitId: number; reason: string; returnedAt: string; returnedBy: number | null;
  arbitrationDue: string; arbitrationRule: string; arbitrationBasis: string; beyondSchedule: number; decision: string | null;
  decidedAt: string | null; decidedBy: number | null; decidedOnTime: number | null; newLeadUnitId: number | null; decisionNote: string | null;
}

declare module './schema.ts' {
  interface Database {
    legalScreenings: LegalScreeningsTable;
    legalActivities: LegalActivitiesTable;
    legalOpinions: LegalOpinionsTable;
    socialWorkLogs: SocialWorkLogsTable;
    volunteers: VolunteersTable;
    volunteerTrainings: VolunteerTrainingsTable;
    callbacks: CallbacksTable;
    callbackAttempts: CallbackAttemptsTable;
    hearings: HearingsTable;
    mediations: MediationsTable;
    mediationSessions: MediationSessionsTable;
    clues: CluesTable;
    jointHandlings: JointHandlingsTable;
    jointUnits: JointUnitsTable;
    jointReturns: JointReturnsTable;
  }
}
