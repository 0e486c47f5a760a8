/**
 * Endpoints the staff workbench (issue 3) reads: home counts, person history at the registration desk, dashboard
 * volumes and rates, and the Excel export of the current matter list (same filters as GET /matters).
 */
import { Type } from '@sinclair/typebox';
import { listCategories } from '../../services/admin-org.ts';
import { exportRows, homeSummary, personHistory, ratesByUnit, volume } from '../../services/workbench.ts';
import type { App } from '../app.ts';
import { DateString, errors, Id, ListQuery, MatterSummarySchema, RateSchema, StringEnum, validDates } from '../schemas.ts';
import { toFilter } from './matters.routes.ts';
import { bool, num } from '../../store/db.ts';

const CHANNEL_LABELS: Record<string, string> = { letter: '来信', visit: '来访', online: '网上', phone: '电话', video: '视频', hotline: '12345' };
const Period = Type.Object({ from: DateString, to: DateString });

export default async function workbenchRoutes(app: App) {
  app.get('/workbench/home', {
    preHandler: app.need(),
    schema: {
      tags: ['workbench'], summary: '工作台首页 My queue (supervisors, leaders: every unit in scope): counts by state, due today, due within 3 days, overdue',
      response: {
        200: Type.Object({
          today: Type.String(), acrossUnits: Type.Boolean(), dueSoon: Type.Integer(), total: Type.Integer(), byStatus: Type.Record(Type.String(), Type.Integer()),
          dueToday: Type.Integer(), overdue: Type.Integer(), urgent: Type.Array(MatterSummarySchema),
        }), ...errors(401),
      },
    },
  }, async (req) => homeSummary(app.fq.ctx, req.user!));

  app.get('/workbench/person-history', {
    preHandler: app.need('registrar', 'handler'),
    schema: {
      tags: ['workbench'], summary: '来访人既往信访 Earlier petitions and open matters of an ID number (keyed-hash match)',
      querystring: Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 18 }) }),
      response: {
        200: Type.Object({
          valid: Type.Boolean(), message: Type.Union([Type.String(), Type.Null()]), birthDate: Type.Optional(Type.String()), regionCode: Type.Optional(Type.String()),
          openMatters: Type.Integer(),
          petitions: Type.Array(Type.Object({
            id: Type.Integer(), code: Type.String(), title: Type.String(), receivedAt: Type.String(), matterId: Type.Integer(), matterCode: Type.String(),
            status: Type.String(), statusLabel: Type.String(), unitName: Type.Union([Type.String(), Type.Null()]),
          })),
        }), ...errors(400, 401, 403),
      },
    },
  }, async (req) => personHistory(app.fq.ctx, req.user!, req.query.idNumber));

  app.get('/workbench/volume', {
    preHandler: app.need(),
    schema: {
      tags: ['workbench'], summary: '信访量 Volume by channel, category, district or month',
      querystring: Type.Intersect([Period, Type.Object({ by: StringEnum(['channel', 'category', 'district', 'month'] as const) })]),
      response: { 200: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })), ...errors(400, 401) },
    },
  }, async (req) => {
    validDates({ from: req.query.from, to: req.query.to });
    return volume(app.fq.ctx, req.user!, req.query);
  });

  app.get('/workbench/rates', {
    preHandler: app.need(),
    schema: {
      tags: ['workbench'], summary: '四率 by district bureau, or by unit under one unit (parentId)',
      querystring: Type.Intersect([Period, Type.Object({ parentId: Type.Optional(Id) })]),
      response: {
        200: Type.Array(Type.Object({
          unitId: Type.Integer(), unitName: Type.String(), regionCode: Type.String(), kind: Type.String(),
          timelyAcceptance: RateSchema, onTimeCompletion: RateSchema, participation: RateSchema, satisfaction: RateSchema,
        })), ...errors(400, 401),
      },
    },
  }, async (req) => {
    validDates({ from: req.query.from, to: req.query.to });
    return ratesByUnit(app.fq.ctx, req.user!, req.query);
  });

  app.get('/workbench/regions', {
    preHandler: app.need(),
    schema: {
      tags: ['workbench'], summary: '行政区划 Regions (city, districts, towns/streets) for the region picker',
      response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) })), ...errors(401) },
    },
  }, async () => app.fq.ctx.store.db.selectFrom('regions').select(['code', 'name', 'level', 'parentCode']).orderBy('code').execute());

  app.get('/workbench/users', {
    preHandler: app.need('admin'),
    schema: {
      tags: ['workbench'], summary: '用户与角色 Users and their roles (administration)',
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), unitId: Type.Integer(), roles: Type.Array(Type.String()), disabled: Type.Boolean() })), ...errors(401, 403) },
    },
  }, async () => {
    const rows = await app.fq.ctx.store.db.selectFrom('users').select(['id', 'username', 'name', 'unitId', 'roles', 'disabled']).orderBy('id').execute();
    return rows.map((r) => ({ id: num(r.id), username: r.username, name: r.name, unitId: num(r.unitId), roles: JSON.parse(r.roles) as string[], disabled: bool(r.disabled) }));
  });

  app.get('/workbench/limits', {
    preHandler: app.need(),
    schema: {
      tags: ['workbench'], summary: '办理时限规则 The time-limit rules in force (read-only; set in the configuration)',
      response: {
        200: Type.Object({
          maxExtensionDays: Type.Integer(),
          rules: Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), days: Type.Integer(), basis: Type.String() })),
        }), ...errors(401),
      },
    },
  }, async () => {
    const { maxExtensionDays, ...rules } = app.fq.ctx.limits;
    return { maxExtensionDays, rules: Object.entries(rules).map(([name, r]) => ({ name, unit: r.unit, days: r.days, basis: r.basis })) };
  });

  app.get('/matters/export.xlsx', {
    preHandler: app.need(),
    schema: { tags: ['matters'], summary: '导出 Excel: the current matter list (same filters as GET /matters, up to 5000 rows)', querystring: ListQuery },
  }, async (req, reply) => {
    const { rows, total } = await exportRows(app.fq.ctx, req.user!, toFilter(app, req.query));
    // exceljs is large: loaded on the first export, not when the routes register (start-up stays fast)
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = '枫桥 Fengqiao';
    const ws = wb.addWorksheet('信访事项');
    ws.columns = [
      { header: '编号', key: 'code', width: 22 }, { header: '标题', key: 'title', width: 40 }, { header: '状态', key: 'statusLabel', width: 10 },
      { header: '责任单位', key: 'unitName', width: 28 }, { header: '渠道', key: 'channel', width: 8 }, { header: '问题分类', key: 'category', width: 16 },
      { header: '收到时间', key: 'receivedAt', width: 22 }, { header: '下一期限', key: 'nextDue', width: 12 }, { header: '件数', key: 'petitionCount', width: 6 },
    ];
    // the dictionary as administrators keep it (renamed and disabled categories included)
    const categoryName = new Map((await listCategories(app.fq.ctx, { all: true })).map((c) => [c.code, c.name]));
    for (const r of rows) {
      ws.addRow({ ...r, channel: CHANNEL_LABELS[r.channel] ?? r.channel, category: r.categoryCode ? (categoryName.get(r.categoryCode) ?? r.categoryCode) : '' });
    }
    ws.getRow(1).font = { bold: true };
    if (total > rows.length) ws.addRow({ code: `共 ${total} 条，仅导出前 ${rows.length} 条` });
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="matters.xlsx"`).send(buf);
  });
}
