// Time limits (DOMAIN.md §5), counted the way PRC rules on periods count them: time is Asia/Shanghai, the day of
// the event is not counted, a limit ends at 24:00 of its last day, a last day that is a rest day moves to the next
// working day, and "N working days" count working days only (make-up workdays included).
import type { HolidayCalendar } from './calendar.ts';
import { dateFromDayNumber, dayNumber, instantMs, shanghaiDate, shanghaiDayNumber, shanghaiEndOfDayMs } from './calendar.ts';

export type LimitRule = { unit: 'calendarDays' | 'workingDays'; days: number };
/** beyondSchedule: some day the computation looked at lies in a year without a holiday schedule, so weekends
 * alone were used there; the due date is provisional and must be shown as such. */
export interface DueDate { due: string; beyondSchedule: boolean }

/** No real schedule has more than a few consecutive rest days; a run this long means corrupt calendar data. */
const MAX_SCAN_DAYS = 3660;

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer: ${days}`);
}

/** Moves a last day that is a rest day to the next working day, noting whether any day consulted was unscheduled. */
function rollForward(cal: HolidayCalendar, start: number, beyond: boolean): DueDate {
  let n = start;
  let beyondSchedule = beyond;
  for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
    const date = dateFromDayNumber(n);
    if (!cal.isKnown(date)) beyondSchedule = true;
    if (cal.isWorkday(date)) return { due: date, beyondSchedule };
    n++;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days after ${dateFromDayNumber(start)}`);
}

/** The day of the event is not counted; the limit ends at 24:00 (Asia/Shanghai) of the last day.
 * Calendar days: a last day that is a rest day moves to the next working day. Working days: only working days are
 * counted (make-up workdays count). beyondSchedule is true when any day consulted lies in a year the calendar does
 * not know (weekends alone are used there — never silently as if the schedule were known).
 * days = 0 means "the day itself", moved to the next working day if it is a rest day. */
export function computeDueFromDate(cal: HolidayCalendar, fromDate: string, rule: LimitRule): DueDate {
  checkDays(rule.days);
  const start = dayNumber(fromDate);
  if (rule.unit === 'calendarDays' || rule.days === 0) return rollForward(cal, start + rule.days, false);
  let n = start;
  let counted = 0;
  let beyondSchedule = false;
  for (let i = 0; i <= MAX_SCAN_DAYS + rule.days * 2; i++) {
    n++;
    const date = dateFromDayNumber(n);
    if (!cal.isKnown(date)) beyondSchedule = true;
    if (cal.isWorkday(date) && ++counted === rule.days) return { due: date, beyondSchedule };
  }
  throw new RangeError(`could not count ${rule.days} working days after ${fromDate}`);
}

/** The same, starting from an instant: the event's date is its Shanghai calendar date. */
export function computeDue(cal: HolidayCalendar, from: Date | string, rule: LimitRule): DueDate {
  return computeDueFromDate(cal, shanghaiDate(from), rule);
}

/** Pushes a due date later by n calendar days (the clock paused n days for a hearing or appraisal, or an extension
 * of n days), then applies the rest-day roll-forward. */
export function shiftDue(cal: HolidayCalendar, due: string, days: number): DueDate {
  checkDays(days);
  return rollForward(cal, dayNumber(due) + days, false);
}

/** True when the instant is after 24:00 Asia/Shanghai of the due date: the whole last day belongs to the limit. */
export function isPastDue(due: string, at: Date | string): boolean {
  return shanghaiDayNumber(instantMs(at)) > dayNumber(due);
}

/** Whole calendar days from one Shanghai date to another (b - a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Traffic light for a running limit: 'red' when past due; 'yellow' when less than 1/3 of the span remains; else
 * 'green'. The span runs from 24:00 of the start date (the event day is not counted) to 24:00 of the due date. */
export function trafficLight(startDate: string, due: string, at: Date | string): 'green' | 'yellow' | 'red' {
  const atMs = instantMs(at);
  const endMs = shanghaiEndOfDayMs(due);
  if (atMs >= endMs) return 'red';
  const total = endMs - shanghaiEndOfDayMs(startDate);
  const remaining = endMs - atMs;
  return total <= 0 || remaining * 3 < total ? 'yellow' : 'green';
}
