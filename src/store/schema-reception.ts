/** Tables of reception (issue 8), added to the Kysely Database by module augmentation. */
import type { Generated } from 'kysely';

export interface ReceptionDaysTable {
  id: Generated<number>; unitId: number; regionCode: string; kind: string; leaderName: string; leaderTitle: string | null;
  date: string; movedFrom: string | null; startTime: string; endTime: string; slotMinutes: number; perSlot: number; place: string;
  townRegionCode: string | null; topic: string | null; status: string; publishedAt: string | null; heldAt: string | null;
  attendees: string | null; summary: string | null; createdBy: number | null; createdAt: string;
}
export interface ReceptionMattersTable { id: Generated<number>; receptionDayId: number; matterId: number; assignedBy: number | null; assignedAt: string }
export interface ReceptionAppointmentsTable {
  id: Generated<number>; receptionDayId: number; slot: string; name: string; phoneEnc: string; phoneHash: string; phoneMask: string;
  description: string; source: string; matterId: number | null; code: string; status: string; bookedBy: number | null; createdAt: string;
  cancelledAt: string | null; markedAt: string | null;
}
export interface ReceptionInstructionsTable {
  id: Generated<number>; receptionDayId: number; matterId: number | null; text: string; assigneeUnitId: number; issuedAt: string;
  due: string; rule: string; basis: string; beyondSchedule: Generated<number>; reportedAt: string | null; report: string | null; createdBy: number | null;
}
export interface HallTicketsTable {
  id: Generated<number>; unitId: number; date: string; number: number; code: string; priority: number; headcount: number;
  visitorName: string | null; appointmentId: number | null; status: string; window: string | null; takenAt: string; calledAt: string | null;
  screenedAt: string | null; screeningNote: string | null; finishedAt: string | null; petitionId: number | null;
}
export interface VideoRoomsTable {
  id: Generated<number>; code: string; hostKeyHash: string; unitId: number; matterId: number | null; title: string; status: string;
  createdBy: number | null; createdAt: string; endedAt: string | null;
}
export interface VideoRecordsTable { id: Generated<number>; roomId: number; matterId: number | null; at: string; kind: string; text: string }

declare module './schema.ts' {
  interface Database {
    receptionDays: ReceptionDaysTable;
    receptionMatters: ReceptionMattersTable;
    receptionAppointments: ReceptionAppointmentsTable;
    receptionInstructions: ReceptionInstructionsTable;
    hallTickets: HallTicketsTable;
    videoRooms: VideoRoomsTable;
    videoRecords: VideoRecordsTable;
  }
}
