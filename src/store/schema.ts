/** The tables as Kysely sees them (camelCase through CamelCasePlugin; snake_case in SQL). */
import type { Generated, Selectable } from 'kysely';

export interface SettingsTable { key: string; value: string }
export interface RegionsTable { code: string; name: string; level: string; parentCode: string | null }
export interface UnitsTable {
  id: Generated<number>; key: string; code: string; name: string; kind: string; regionCode: string;
  parentId: number | null; dept: string | null;
}
export interface UsersTable {
  id: Generated<number>; username: string; name: string; unitId: number; roles: string; passwordHash: string;
  disabled: Generated<number>; createdAt: string;
}
export interface SessionsTable { tokenHash: string; userId: number; createdAt: string; expiresAt: string }
export interface CategoriesTable { code: string; name: string; level: number; parentCode: string | null }
export interface CalendarDaysTable { date: string; year: number; kind: string; name: string | null }
export interface CalendarYearsTable { year: number; enteredBy: number | null; enteredAt: string }

export interface MattersTable {
  id: Generated<number>;
  code: string;
  status: string;
  version: number;
  unitId: number;
  registeringUnitId: number;
  routedByUnitId: number | null;
  reviewUnitId: number | null;
  handlingClass: string;
  purpose: string;
  accusedUnitId: number | null;
  categoryCode: string | null;
  regionCode: string | null;
  channel: string;
  title: string;
  subjectHash: string | null;
  receivedAt: string;
  registeredAt: string;
  routedAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  decidedOnTime: number | null;
  repliedAt: string | null;
  repliedOnTime: number | null;
  outcome: string | null;
  reviewDecidedAt: string | null;
  extendedDays: number;
  evaluation: string | null;
  evaluatedAt: string | null;
  pausedAt: string | null;
  pausedDays: number;
  closedAt: string | null;
  deadlines: string;
  acceptDue: string | null;
  handleDue: string | null;
  evaluationDue: string | null;
  nextDue: string | null;
  petitionCount: number;
  chainHead: string;
  updatedAt: string;
}

export interface PetitionsTable {
  id: Generated<number>;
  code: string;
  queryCode: string;
  matterId: number;
  channel: string;
  receivedAt: string;
  registeredAt: string;
  registeredBy: number | null;
  unitId: number;
  title: string;
  content: string;
  purpose: string;
  handlingClass: string;
  categoryCode: string | null;
  regionCode: string | null;
  address: string | null;
  headcount: number;
  isGroup: number;
  isRepeat: number;
  flags: string;
  respondentUnitId: number | null;
  respondentName: string | null;
  idempotencyKey: string | null;
}

export interface PetitionersTable {
  id: Generated<number>;
  petitionId: number;
  position: number;
  name: string;
  idHash: string | null;
  idEnc: string | null;
  idMasked: string | null;
  phoneHash: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  address: string | null;
  isRepresentative: number;
}

export interface EventsTable {
  id: Generated<number>;
  matterId: number;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: number | null;
  actorUnitId: number | null;
  at: string;
  recordedAt: string;
  data: string;
  prevHash: string;
  hash: string;
}

export interface Database {
  settings: SettingsTable;
  regions: RegionsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  calendarDays: CalendarDaysTable;
  calendarYears: CalendarYearsTable;
  matters: MattersTable;
  petitions: PetitionsTable;
  petitioners: PetitionersTable;
  events: EventsTable;
}

export type MatterRow = Selectable<MattersTable>;
export type PetitionRow = Selectable<PetitionsTable>;
export type PetitionerRow = Selectable<PetitionersTable>;
export type EventRow = Selectable<EventsTable>;
export type UnitRow = Selectable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
