import { Type } from '@sinclair/typebox';
import { DomainError } from '../../domain/errors.ts';
import { listCategories } from '../../services/admin-org.ts';
import { enterYearSchedule } from '../../services/calendar-admin.ts';
import type { App } from '../app.ts';
import { DateString, errors, StringEnum } from '../schemas.ts';

const UnitOut = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), kind: Type.String(), regionCode: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]), dept: Type.Union([Type.String(), Type.Null()]),
});

export default async function orgRoutes(app: App) {
  app.get('/units', {
    preHandler: app.need(),
    schema: { tags: ['organisation'], summary: '单位 Units the caller may see', response: { 200: Type.Array(UnitOut), ...errors(401) } },
  }, async (req) => {
    const org = app.fq.ctx.org();
    const ids = new Set(org.scopeUnitIds(req.user!.unitId));
    for (const u of org.ancestorsOrSelf(req.user!.unitId)) ids.add(u.id);
    return org.units.filter((u) => ids.has(u.id));
  });

  app.get('/categories', {
    schema: {
      tags: ['organisation'], summary: '问题分类 The three-level category dictionary (the categories offered; administrators edit it under /admin/categories)',
      response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), parentCode: Type.Union([Type.String(), Type.Null()]) })) },
    },
  }, async () => (await listCategories(app.fq.ctx)).map(({ disabled: _, ...c }) => c));

  app.get('/calendar/years', {
    preHandler: app.need(),
    schema: { tags: ['calendar'], summary: '节假日安排已知年份 Years the holiday schedule knows', response: { 200: Type.Object({ years: Type.Array(Type.Integer()) }), ...errors(401) } },
  }, async () => ({ years: app.fq.ctx.calendar().knownYears() }));

  app.put('/calendar/years/:year', {
    preHandler: app.need('admin'),
    schema: {
      tags: ['calendar'], summary: '录入一年的节假日安排 Enter a year\'s State Council holiday schedule',
      params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
      body: Type.Object({ days: Type.Array(Type.Object({ date: DateString, kind: StringEnum(['rest', 'work'] as const), name: Type.Optional(Type.String({ maxLength: 40 })) }), { maxItems: 120 }) }),
      response: { 200: Type.Object({ year: Type.Integer(), days: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const { year } = req.params;
    if (req.body.days.some((d) => !d.date.startsWith(`${year}-`))) throw new DomainError('BAD_INPUT', `日期必须属于 ${year} 年`, { field: 'days' });
    await enterYearSchedule(app.fq.ctx, req.user!.id, year, req.body.days);
    return { year, days: req.body.days.length };
  });
}
