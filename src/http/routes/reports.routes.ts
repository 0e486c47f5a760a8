/** 报告 (issue 5): the annual report and the monthly bulletin as .docx, and their tables as .xlsx. */
import { Type } from '@sinclair/typebox';
import type { BuiltReport } from '../../services/reports.ts';
import type { App } from '../app.ts';
import { Docx, DOCX_TYPE } from '../resolution-schemas.ts';
import { errors, StringEnum } from '../schemas.ts';
import { regionContains } from '../../domain/org.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const READ = ['leader', 'supervisor', 'handler', 'auditor'] as const;

export default async function reportRoutes(app: App) {
  // docx and exceljs load on first use, not when the server starts
  const reports = () => import('../../services/reports.ts');
  const send = async (reply: import('fastify').FastifyReply, built: BuiltReport, format: string | undefined, name: string) => {
    const { reportDocx, reportXlsx } = await reports();
    const xlsx = format === 'xlsx';
    const body = xlsx ? await reportXlsx(built) : await reportDocx(built);
    return reply.type(xlsx ? XLSX_TYPE : DOCX_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${xlsx ? 'xlsx' : 'docx'}`)}`).send(body);
  };
  const Format = Type.Optional(StringEnum(['docx', 'xlsx'] as const));
  /** a district's staff get their district's report; the city sees any region */
  const scoped = (unitId: number, asked: string | undefined) => {
    const own = app.fq.ctx.org().unit(unitId)?.regionCode.slice(0, 6) ?? '440600';
    return asked && regionContains(own, asked) ? asked : own;
  };

  app.get('/reports/annual', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['reports'], summary: '年度工作报告（.docx；format=xlsx 导出全部表格）', produces: [DOCX_TYPE, XLSX_TYPE],
      querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), format: Format }),
      response: { 200: Docx, ...errors(400, 401, 403) },
    },
  }, async (req, reply) => send(reply, await (await reports()).buildAnnualReport(app.fq.ctx, { year: req.query.year, regionCode: scoped(req.user!.unitId, req.query.regionCode) }), req.query.format, `${req.query.year}年度工作报告`));

  app.get('/reports/monthly', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['reports'], summary: '月度通报（.docx；format=xlsx 导出表格）', produces: [DOCX_TYPE, XLSX_TYPE],
      querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), format: Format }),
      response: { 200: Docx, ...errors(400, 401, 403) },
    },
  }, async (req, reply) => send(reply, await (await reports()).buildMonthlyBulletin(app.fq.ctx, { month: req.query.month, regionCode: scoped(req.user!.unitId, req.query.regionCode) }), req.query.format, `月度通报-${req.query.month}`));
}
