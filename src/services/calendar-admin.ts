/** An administrator enters a year's holiday schedule (DOMAIN.md §5: the schedule is data, published yearly). */
import { isValidDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import type { DayKind } from '../domain/calendar.ts';
import type { Ctx } from './context.ts';

export async function enterYearSchedule(ctx: Ctx, userId: number | null, year: number, days: { date: string; kind: DayKind; name?: string }[]) {
  for (const d of days) if (!isValidDate(d.date)) throw new DomainError('BAD_INPUT', `无效日期 ${d.date}`, { field: 'days' });
  await ctx.store.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('calendarDays').where('year', '=', year).execute();
    if (days.length) await tx.insertInto('calendarDays').values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name ?? null }))).execute();
    await tx.deleteFrom('calendarYears').where('year', '=', year).execute();
    await tx.insertInto('calendarYears').values({ year, enteredBy: userId, enteredAt: ctx.now() }).execute();
  });
  await ctx.reload();
}
