/**
 * Reception (接访) rules, pure: leaders' reception days and visits down to towns (领导接访下访, DOMAIN.md §7.1),
 * their slots and capacity, appointment conflicts, the follow-up limit of a leader's instruction (批示), and the
 * order of the reception hall's queue (人民来访接待厅).
 *
 * Decision — a reception day on a rest day: from 1 Aug 2019 leaders received "every workday", so a reception is a
 * working-day event. Planning one on a weekend or statutory holiday is REFUSED (422 RULE_VIOLATION) with the next
 * working day in the error's details, unless the planner asks for `onRestDay: 'moveToNextWorkday'`, in which case
 * it is moved there (make-up workdays 调休 count as workdays) and the original date is kept as `movedFrom`. A date in
 * a year the holiday schedule does not know is refused (SCHEDULE_UNKNOWN): a published reception must not fall on a
 * holiday nobody has entered yet.
 */
import type { HolidayCalendar } from './calendar.ts';
import { addCalendarDays, isValidDate } from './calendar.ts';
import { computeDue, isPastDue, type LimitRule } from './deadlines.ts';
import { DomainError } from './errors.ts';

export const RECEPTION_KINDS = ['reception', 'visitDown'] as const; // 接访 at the hall, 下访 down to a town
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];
export const REST_DAY_POLICIES = ['refuse', 'moveToNextWorkday'] as const;
export type RestDayPolicy = (typeof REST_DAY_POLICIES)[number];
export const RECEPTION_STATUSES = ['draft', 'published', 'held', 'cancelled'] as const;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new DomainError('BAD_INPUT', `时间应为 HH:MM：${hhmm}`, { field: 'time' });
  return Number(m[1]) * 60 + Number(m[2]);
}

export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The date a reception is held on, after the rest-day decision above. */
export function receptionDate(cal: HolidayCalendar, date: string, policy: RestDayPolicy = 'refuse'): { date: string; movedFrom: string | null } {
  if (!isValidDate(date)) throw new DomainError('BAD_INPUT', `日期不正确：${date}`, { field: 'date' });
  let d = date;
  for (let i = 0; i < 60; i++) {
    if (!cal.isKnown(d)) throw new DomainError('SCHEDULE_UNKNOWN', `${d.slice(0, 4)} 年的节假日安排尚未录入，不能安排接访`, { date: d });
    if (cal.isWorkday(d)) break;
    d = addCalendarDays(d, 1);
  }
  if (d === date) return { date, movedFrom: null };
  if (policy === 'refuse') {
    const name = cal.dayName(date);
    throw new DomainError('RULE_VIOLATION', `${date} 是${name ? `${name}假期` : '休息日'}，接访只安排在工作日；最近的工作日是 ${d}`, { nextWorkday: d });
  }
  return { date: d, movedFrom: date };
}

/** Every working day in [from, to] (inclusive): the rota of "a leader receives every workday". */
export function workdaysBetween(cal: HolidayCalendar, from: string, to: string): string[] {
  if (!isValidDate(from) || !isValidDate(to) || from > to) throw new DomainError('BAD_INPUT', '日期范围不正确', { field: 'from' });
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 400; d = addCalendarDays(d, 1)) {
    if (!cal.isKnown(d)) throw new DomainError('SCHEDULE_UNKNOWN', `${d.slice(0, 4)} 年的节假日安排尚未录入`, { date: d });
    if (cal.isWorkday(d)) out.push(d);
  }
  return out;
}

export interface SlotPlan { start: string; end: string; slotMinutes: number; perSlot: number }

/** The slots of a reception: [start, end) cut into slotMinutes pieces, each taking perSlot appointments. */
export function slotsOf(p: SlotPlan): string[] {
  const a = minutesOf(p.start);
  const b = minutesOf(p.end);
  if (b <= a) throw new DomainError('BAD_INPUT', '结束时间应晚于开始时间', { field: 'end' });
  if (!Number.isInteger(p.slotMinutes) || p.slotMinutes < 5 || p.slotMinutes > 480) throw new DomainError('BAD_INPUT', '每个时段应为 5–480 分钟', { field: 'slotMinutes' });
  if (!Number.isInteger(p.perSlot) || p.perSlot < 1 || p.perSlot > 100) throw new DomainError('BAD_INPUT', '每个时段可约人数应为 1–100', { field: 'perSlot' });
  const out: string[] = [];
  for (let t = a; t + p.slotMinutes <= b; t += p.slotMinutes) out.push(hhmmOf(t));
  if (!out.length) throw new DomainError('BAD_INPUT', '接访时间短于一个时段', { field: 'slotMinutes' });
  return out;
}

export interface BookingState {
  status: ReceptionStatus;
  slots: string[];
  perSlot: number;
  /** active (booked or attended) appointments per slot */
  bookedInSlot: number;
  /** the same person (keyed hash of the phone) already holds an active appointment that day */
  personAlreadyBooked: boolean;
}

/** Whether one more appointment fits: published, a real slot, room left, one appointment per person per day. */
export function checkBooking(slot: string, s: BookingState): void {
  if (s.status !== 'published') throw new DomainError('INVALID_STATE', '该接访日未发布或已结束，不能预约');
  if (!s.slots.includes(slot)) throw new DomainError('BAD_INPUT', `没有这个时段：${slot}`, { field: 'slot', slots: s.slots });
  if (s.personAlreadyBooked) throw new DomainError('CONFLICT', '同一人同一接访日只能预约一个时段');
  if (s.bookedInSlot >= s.perSlot) throw new DomainError('RULE_VIOLATION', `该时段已约满（${s.perSlot} 人）`, { field: 'slot' });
}

/** Booking closes at the start of the reception day (Asia/Shanghai): a same-day visitor takes a queue number. */
export function bookingOpen(receptionDate: string, todayShanghai: string): boolean {
  return todayShanghai < receptionDate;
}

/** 批示 follow-up: default 15 calendar days (decision; rolled to a working day), at most 60. */
export const DEFAULT_INSTRUCTION_DAYS = 15;
export const MAX_INSTRUCTION_DAYS = 60;

export function instructionLimit(cal: HolidayCalendar, issuedAt: string, days = DEFAULT_INSTRUCTION_DAYS, unit: LimitRule['unit'] = 'calendarDays') {
  if (!Number.isInteger(days) || days < 1 || days > MAX_INSTRUCTION_DAYS) {
    throw new DomainError('RULE_VIOLATION', `批示办理期限应为 1–${MAX_INSTRUCTION_DAYS} 天`, { field: 'days' });
  }
  const rule: LimitRule = { unit, days };
  const d = computeDue(cal, issuedAt, rule);
  return { due: d.due, beyondSchedule: d.beyondSchedule, rule: `${days}${unit === 'workingDays' ? '个工作日' : '日'}`, basis: '领导接访批示件办理期限（平台默认，可调整）' };
}

export type InstructionState = 'open' | 'reported' | 'overdue' | 'reportedLate';

export function instructionState(due: string, reportedAt: string | null, now: string): InstructionState {
  if (reportedAt) return isPastDue(due, reportedAt) ? 'reportedLate' : 'reported';
  return isPastDue(due, now) ? 'overdue' : 'open';
}

/** Reception-hall queue. A ticket moves waiting → called (to a window) → screening (lawyer's desk) → registered,
 * or → left at any point before registered. Order: priority visitors (elderly, disabled, pregnant — 优先) first,
 * then by number. */
export const TICKET_STATUSES = ['waiting', 'called', 'screening', 'registered', 'left'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const TICKET_MOVES: Record<string, readonly TicketStatus[]> = {
  call: ['waiting'],
  screen: ['called'],
  register: ['called', 'screening'],
  leave: ['waiting', 'called', 'screening'],
};

export function checkTicketMove(move: keyof typeof TICKET_MOVES, from: TicketStatus): void {
  const allowed = TICKET_MOVES[move] ?? [];
  if (!allowed.includes(from)) throw new DomainError('INVALID_STATE', `号码当前状态（${TICKET_LABELS[from]}）不能执行此操作`);
}

export const TICKET_LABELS: Record<TicketStatus, string> = { waiting: '等候', called: '已叫号', screening: '律师评估', registered: '已登记', left: '已离开' };

export function ticketCode(number: number, priority: boolean): string {
  return `${priority ? 'Y' : 'A'}${String(number).padStart(3, '0')}`;
}

export function queueOrder<T extends { priority: boolean; number: number }>(waiting: T[]): T[] {
  return [...waiting].sort((a, b) => (a.priority === b.priority ? a.number - b.number : a.priority ? -1 : 1));
}
