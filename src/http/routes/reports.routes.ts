/** 报告 (issue 5): the annual report and the monthly bulletin as .docx or PDF, and their tables as .xlsx. */
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
    const ext = format === 'xlsx' || format === 'pdf' ? format : 'docx';
    const body = ext === 'xlsx' ? await reportXlsx(built) : ext === 'pdf' ? await (await import('../../services/pdf.ts')).reportPdf(built) : await reportDocx(built);
    return reply.type({ xlsx: XLSX_TYPE, pdf: 'application/pdf', docx: DOCX_TYPE }[ext]).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`).send(body);
  };
  const Format = Type.Optional(StringEnum(['docx', 'pdf', 'xlsx'] as const));
  /** a district's staff get their district's report; the city sees any region */
  const scoped = (unitId: number, asked: string | undefined) => {
    const own = app.fq.ctx.org().unit(unitId)?.regionCode.slice(0, 6) ?? '440600';
    return asked && regionContains(own, asked) ? asked : own;
  };

  app.get('/reports/annual', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['reports'], summary: '年度工作报告（.docx；format=pdf 为 PDF，format=xlsx 导出全部表格）', produces: [DOCX_TYPE, 'application/pdf', XLSX_TYPE],
      querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), format: Format }),
      response: { 200: Docx, ...errors(400, 401, 403, 503) },
    },
  }, async (req, reply) => send(reply, await (await reports()).buildAnnualReport(app.fq.ctx, { year: req.query.year, regionCode: scoped(req.user!.unitId, req.query.regionCode) }), req.query.format, `${req.query.year}年度工作报告`));

  app.get('/reports/monthly', {
    preHandler: app.need(...READ),
    schema: {
      tags: ['reports'], summary: '月度通报（.docx；format=pdf 为 PDF，format=xlsx 导出表格）', produces: [DOCX_TYPE, 'application/pdf', XLSX_TYPE],
      querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), format: Format }),
      response: { 200: Docx, ...errors(400, 401, 403, 503) },
    },
  }, async (req, reply) => send(reply, await (await reports()).buildMonthlyBulletin(app.fq.ctx, { month: req.query.month, regionCode: scoped(req.user!.unitId, req.query.regionCode) }), req.query.format, `月度通报-${req.query.month}`));
}
