// The working-day calendar that every time limit is counted on (DOMAIN.md §5).
// Rest days are weekends plus the statutory holidays of the State Council's yearly schedule, minus its make-up
// workdays (调休). The schedule is data: the builtin years come from the npm package `chinese-days` (2004–2026),
// an administrator enters later years (or corrects a builtin one). A year with no schedule falls back to
// weekends alone, and callers can ask isKnown() so that such a result is flagged, never trusted silently.
//
// Dates are 'YYYY-MM-DD' strings on the proleptic Gregorian calendar; arithmetic is done on whole day numbers
// (days since 1970-01-01, the same calendar as Date.UTC), so local time zones and DST never enter.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export type DayKind = 'rest' | 'work';
export interface DayOverride { date: string /* YYYY-MM-DD */; kind: DayKind; name?: string }
/** An administrator-entered year: the statutory holidays (rest) and make-up workdays (work); all other weekdays
 * are work, Sat/Sun rest. */
export interface YearSchedule { year: number; days: DayOverride[] }

interface DayEntry { kind: DayKind; name: string | undefined }

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai is UTC+8 all year (no DST since 1991)
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say where it is: a bare local date-time would be read in the server's zone.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

// Howard Hinnant's days_from_civil / civil_from_days: exact for every Gregorian date, unlike Date.UTC, which
// maps years 0–99 to 1900–1999.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number (days since 1970-01-01) of a strict YYYY-MM-DD date, or NaN when it is not a real date. */
function tryDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

/** @internal Day number of a date; throws RangeError on anything but a real YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (Number.isNaN(n)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return n;
}

/** @internal The YYYY-MM-DD date of a day number. */
export function dateFromDayNumber(n: number): string {
  const [y, m, d] = civilFromDays(n);
  if (y < 0 || y > 9999) throw new RangeError(`date out of the YYYY-MM-DD range: year ${y}`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Strict YYYY-MM-DD and a real date (no 2019-02-29, no 2019-9-1, no time part). */
export function isValidDate(date: string): boolean {
  return !Number.isNaN(tryDayNumber(date));
}

/** Pure date arithmetic on YYYY-MM-DD; n may be negative. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer: ${n}`);
  return dateFromDayNumber(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** @internal Epoch milliseconds of an instant (Date or ISO 8601 string with Z or an offset). */
export function instantMs(instant: Date | string): number {
  let ms: number;
  if (typeof instant === 'string') {
    if (!INSTANT_RE.test(instant)) {
      throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(instant)}`);
    }
    ms = Date.parse(instant);
  } else {
    ms = instant.getTime();
  }
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${String(instant)}`);
  return ms;
}

/** @internal Day number of the Shanghai calendar date of an epoch-millisecond instant. */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** @internal Epoch milliseconds of 00:00 Asia/Shanghai on the day after `date`, i.e. 24:00 of `date`. */
export function shanghaiEndOfDayMs(date: string): number {
  return (dayNumber(date) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/** The calendar date in Asia/Shanghai of an instant: limits are counted in Shanghai days whatever the server's zone. */
export function shanghaiDate(instant: Date | string): string {
  return dateFromDayNumber(shanghaiDayNumber(instantMs(instant)));
}

type ChineseDaysJson = { holidays: Record<string, string>; workdays: Record<string, string> };

/** chinese-days stores 'English name,中文名,days off'; take the Chinese name, counted from the end. */
function chineseName(v: string): string | undefined {
  const parts = v.split(',');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/** Built once at module load: every calendar shares it and copies only what it overrides. */
const BUILTIN: ReadonlyMap<string, DayEntry> = (() => {
  const data = chineseDays as ChineseDaysJson;
  const map = new Map<string, DayEntry>();
  for (const [date, v] of Object.entries(data.holidays)) map.set(date, { kind: 'rest', name: chineseName(v) });
  for (const [date, v] of Object.entries(data.workdays)) map.set(date, { kind: 'work', name: chineseName(v) });
  return map;
})();
const BUILTIN_YEARS: readonly number[] = [...new Set([...BUILTIN.keys()].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

export class HolidayCalendar {
  readonly #days: Map<string, DayEntry>;
  readonly #years: Set<number>;
  readonly #sortedYears: number[];

  /** builtin: the State Council schedules from chinese-days (2004–2026). years: administrator-entered years,
   * which replace builtin years with the same number entirely (a correction must not be merged with stale data). */
  constructor(opts: { builtin?: boolean; years?: YearSchedule[] } = {}) {
    const entered = opts.years ?? [];
    const enteredYears = new Set<number>();
    for (const ys of entered) {
      if (!Number.isInteger(ys.year) || ys.year < 0 || ys.year > 9999) throw new RangeError(`invalid schedule year: ${ys.year}`);
      if (enteredYears.has(ys.year)) throw new RangeError(`schedule year ${ys.year} given twice`);
      enteredYears.add(ys.year);
    }
    this.#days = new Map();
    this.#years = new Set(enteredYears);
    if (opts.builtin ?? true) {
      for (const y of BUILTIN_YEARS) this.#years.add(y);
      for (const [date, e] of BUILTIN) {
        if (!enteredYears.has(Number(date.slice(0, 4)))) this.#days.set(date, e);
      }
    }
    for (const ys of entered) {
      for (const o of ys.days) {
        if (!isValidDate(o.date)) throw new RangeError(`invalid date in the ${ys.year} schedule: ${JSON.stringify(o.date)}`);
        if (Number(o.date.slice(0, 4)) !== ys.year) throw new RangeError(`${o.date} does not belong to the ${ys.year} schedule`);
        if (o.kind !== 'rest' && o.kind !== 'work') throw new RangeError(`invalid day kind for ${o.date}: ${String(o.kind)}`);
        this.#days.set(o.date, { kind: o.kind, name: o.name });
      }
    }
    this.#sortedYears = [...this.#years].sort((a, b) => a - b);
  }

  /** Weekend or statutory holiday, unless a make-up workday. Unknown years: weekends only (see isKnown). */
  isRestDay(date: string): boolean {
    const e = this.#days.get(date);
    if (e) return e.kind === 'rest';
    const wd = weekday(date);
    return wd === 0 || wd === 6;
  }

  isWorkday(date: string): boolean {
    return !this.isRestDay(date);
  }

  /** The date's year has a schedule (builtin or entered). */
  isKnown(date: string): boolean {
    dayNumber(date); // validate
    return this.#years.has(Number(date.slice(0, 4)));
  }

  knownYears(): number[] {
    return [...this.#sortedYears];
  }

  /** The holiday's name ('国庆节') for statutory holidays and their make-up workdays. */
  dayName(date: string): string | undefined {
    return this.#days.get(date)?.name;
  }
}

/** Builtin schedules only, built once. */
export const defaultCalendar: HolidayCalendar = new HolidayCalendar();
