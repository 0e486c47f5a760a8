/**
 * What every use case needs, built once at start: the store, personal-data crypto, the organisation and the
 * holiday calendar held in memory (both small, reloaded after an administrator changes them), the limits, a clock.
 */
import type { Logger } from 'pino';
import { HolidayCalendar, type YearSchedule, type DayKind } from '../domain/calendar.ts';
import { DEFAULT_LIMITS, type LimitConfig } from '../domain/lifecycle.ts';
import { OrgView } from '../domain/org.ts';
import type { Unit, UnitKind } from '../domain/types.ts';
import type { Pii } from '../security/pii.ts';
import type { HashAlgorithm } from '../store/audit.ts';
import type { Store } from '../store/db.ts';

export interface Ctx {
  store: Store;
  pii: Pii;
  log: Logger;
  limits: LimitConfig;
  auditHash: HashAlgorithm;
  now(): string;
  org(): OrgView;
  calendar(): HolidayCalendar;
  reload(): Promise<void>;
  /** demo mode: the demo password is accepted only here */
  isDemo(): boolean;
}

export async function createCtx(opts: {
  store: Store;
  pii: Pii;
  log: Logger;
  limits?: LimitConfig;
  auditHash?: HashAlgorithm;
  now?: () => string;
}): Promise<Ctx> {
  let org = new OrgView([]);
  let calendar = new HolidayCalendar();
  let demo = false;
  const { db } = opts.store;
  const ctx: Ctx = {
    store: opts.store,
    pii: opts.pii,
    log: opts.log,
    limits: opts.limits ?? DEFAULT_LIMITS,
    auditHash: opts.auditHash ?? 'sha256',
    now: opts.now ?? (() => new Date().toISOString()),
    org: () => org,
    calendar: () => calendar,
    isDemo: () => demo,
    async reload() {
      const rows = await db.selectFrom('units').selectAll().orderBy('id').execute();
      org = new OrgView(rows.map(toUnit));
      const days = await db.selectFrom('calendarDays').selectAll().orderBy('date').execute();
      const years = await db.selectFrom('calendarYears').select('year').execute();
      const schedules: YearSchedule[] = years.map((y) => ({
        year: Number(y.year),
        days: days.filter((d) => Number(d.year) === Number(y.year)).map((d) => ({ date: d.date, kind: d.kind as DayKind, name: d.name ?? undefined })),
      }));
      calendar = new HolidayCalendar({ years: schedules });
      const setting = await db.selectFrom('settings').select('value').where('key', '=', 'demoMode').executeTakeFirst();
      demo = setting?.value === '1';
    },
  };
  await ctx.reload();
  return ctx;
}

export function toUnit(r: { id: number; code: string; name: string; kind: string; regionCode: string; parentId: number | null; dept: string | null }): Unit {
  return { id: Number(r.id), code: r.code, name: r.name, kind: r.kind as UnitKind, regionCode: r.regionCode, parentId: r.parentId === null ? null : Number(r.parentId), dept: r.dept };
}
