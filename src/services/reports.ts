/**
 * Reports from the records: the annual report (年度法治政府建设工作报告) in the structure of the seed report
 * (一、依法全面履行政府职能情况 / 二、依法有效化解社会矛盾纠纷情况 / 三、下一步工作设想) and the monthly bulletin
 * (月度通报), as .docx, and every table of them as an Excel workbook. Every figure is read from the records at
 * generation time — leader cases, campaign cases, the event-log assessment, and the resolution mechanisms through
 * `resolutionFigures` (issue 6) — and a section whose records are empty says so instead of printing zeros.
 * Cumulative figures (律师、社工、听证评议 "至今") count from the first record up to the end of the year.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { DomainError } from '../domain/errors.ts';
import type { Rate } from '../domain/rates.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc } from '../store/matter.repository.ts';
import { assessment } from './assessment.ts';
import { campaignFigures } from './campaigns.ts';
import type { Ctx } from './context.ts';
import { leaderCaseStats } from './leader-cases.ts';
import { resolutionFigures, type ResolutionFigures } from './resolution-figures.ts';
import '../store/schema-supervision.ts';

const SINCE = '2000-01-01';
const pct = (r: Rate, digits = 2) => (r.rate === null ? '—' : `${r.rate.toFixed(digits)}%`);
const pct1 = (r: Rate) => (r.rate === null ? '—' : `${(Math.round((r.numerator * 1000) / r.denominator) / 10).toFixed(1)}%`);
const NO_DATA = '本年度平台无相关记录，暂无数据。';

export interface ReportTable { name: string; columns: string[]; rows: (string | number)[][] }
export interface ReportSection { heading: string; paragraphs: string[]; tables?: ReportTable[] }
export interface BuiltReport { title: string; intro: string; parts: { heading: string; sections: ReportSection[] }[]; tables: ReportTable[] }

async function regionName(ctx: Ctx, code: string): Promise<string> {
  const r = await ctx.store.db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? code;
}

async function volumeByChannel(ctx: Ctx, from: string, to: string, regionCode: string) {
  const rows = await ctx.store.db.selectFrom('matters').select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('receivedAt', '>=', dayStartUtc(from)).where('receivedAt', '<', nextDayStartUtc(to))
    .where('regionCode', 'like', `${regionCode.replace(/(00)+$/, '')}%`).groupBy('channel').execute();
  return rows.map((r) => ({ channel: r.channel, n: num(r.n) }));
}

const CHANNEL: Record<string, string> = { letter: '来信', visit: '来访', online: '网上信访', phone: '电话', video: '视频', hotline: '12345热线' };

async function supervisionCounts(ctx: Ctx, from: string, to: string) {
  const rows = await ctx.store.db.selectFrom('supervisionItems').select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('at', '>=', dayStartUtc(from)).where('at', '<', nextDayStartUtc(to)).groupBy('kind').execute();
  const k = (x: string) => num(rows.find((r) => r.kind === x)?.n);
  return { reminders: k('reminder'), orders: k('order'), sendBacks: k('sendBack') };
}

export async function buildAnnualReport(ctx: Ctx, q: { year: number; regionCode?: string; unitName?: string }): Promise<BuiltReport> {
  if (!Number.isInteger(q.year) || q.year < 2000 || q.year > 2100) throw new DomainError('BAD_INPUT', 'year 不正确', { field: 'year' });
  const region = q.regionCode ?? '440600';
  const from = `${q.year}-01-01`, to = `${q.year}-12-31`;
  const place = await regionName(ctx, region);
  const bureau = q.unitName ?? ctx.org().units.find((u) => u.regionCode === region && u.kind === 'bureau')?.name ?? `${place}信访局`;
  const [leaders, campaigns, rates, byDistrict, year, since, channels, sup] = await Promise.all([
    leaderCaseStats(ctx, null, { from, to, regionCode: region }),
    campaignFigures(ctx, { from, to, regionCode: region }),
    assessment(ctx, null, { from, to, asOf: to, regionCode: region, by: 'all' }),
    assessment(ctx, null, { from, to, asOf: to, regionCode: region, by: 'district' }),
    resolutionFigures(ctx, { from, to, regionCode: region }),
    resolutionFigures(ctx, { from: SINCE, to, regionCode: region }),
    volumeByChannel(ctx, from, to, region),
    supervisionCounts(ctx, from, to),
  ]);
  const tables: ReportTable[] = [];
  const part1: ReportSection[] = [];

  part1.push({ heading: '（一）领导接访下访工作', paragraphs: ['本平台尚未建立领导接访下访排班记录，本节暂无数据。'] });

  const p2: string[] = [];
  if (campaigns.cases > 0) {
    p2.push(`本年度承办${campaigns.batches.map((b) => `“${b}”`).join('、')}共 ${campaigns.cases} 宗案件，按规定时间节点全部上报材料的 ${campaigns.reportedAllOnTime} 宗，已向上级申报办结 ${campaigns.completed} 宗。`);
  } else p2.push(`专项行动：${NO_DATA}`);
  const L = leaders.byLevel;
  if (leaders.total.denominator > 0) {
    p2.push(`本年度领导包案总数 ${leaders.total.denominator} 件，已办结 ${leaders.total.numerator} 件，办结进度是 ${pct(leaders.total)}。其中${L.map((l) => `${l.label}包案 ${l.cases} 件，办结 ${l.resolved} 件，办结率 ${pct(l.rate)}`).join('；')}。`);
  } else p2.push(`领导包案：${NO_DATA}`);
  part1.push({ heading: '（二）信访矛盾化解攻坚专项行动工作', paragraphs: p2 });
  tables.push({ name: '领导包案', columns: ['层级', '包案数', '办结数', '办结率'], rows: [...L.map((l) => [l.label, l.cases, l.resolved, pct(l.rate)]), ['合计', leaders.total.denominator, leaders.total.numerator, pct(leaders.total)]] });
  tables.push({ name: '专项行动', columns: ['批次', '案件数', '按期上报', '申报办结'], rows: [[campaigns.batches.join('、') || '—', campaigns.cases, campaigns.reportedAllOnTime, campaigns.completed]] });

  const t = rates.total;
  const p3: string[] = [];
  if (t.matters > 0) {
    p3.push(`本年度登记信访事项 ${t.matters} 件。截至 ${to}，信访事项及时受理率 ${pct(t.timelyAcceptance)}（${t.timelyAcceptance.numerator}/${t.timelyAcceptance.denominator}），按期办结率 ${pct(t.onTimeCompletion)}（${t.onTimeCompletion.numerator}/${t.onTimeCompletion.denominator}），参评率 ${pct(t.participation)}，群众满意率 ${pct(t.satisfaction)}（${t.satisfaction.numerator}/${t.satisfaction.denominator}）；超期未办 ${t.overdue} 件。`);
    if (sup.reminders + sup.orders + sup.sendBacks > 0) p3.push(`全年催办 ${sup.reminders} 次，发出督办单 ${sup.orders} 份，退回重办 ${sup.sendBacks} 件。`);
  } else p3.push(`信访考核：${NO_DATA}`);
  const rateTable: ReportTable = { name: '考核三率（按区）', columns: ['区域', '事项数', '及时受理率', '按期办结率', '参评率', '群众满意率', '超期'], rows: byDistrict.rows.map((r) => [r.name, r.matters, pct(r.timelyAcceptance), pct(r.onTimeCompletion), pct(r.participation), pct(r.satisfaction), r.overdue]) };
  tables.push(rateTable);
  part1.push({ heading: '（三）信访考核工作', paragraphs: p3, tables: t.matters > 0 ? [rateTable] : [] });

  part1.push({ heading: '（四）扫黑除恶专项斗争工作', paragraphs: [year.clues.flagged + year.clues.transferred > 0 ? `本年度标记涉黑恶线索 ${year.clues.flagged} 条，向有关部门移交线索 ${year.clues.transferred} 条。` : `涉黑恶线索：${NO_DATA}`] });
  const online = channels.filter((c) => c.channel === 'online').reduce((s, c) => s + c.n, 0);
  part1.push({ heading: '（五）加强信访网络及信息安全和政务新媒体建设', paragraphs: [channels.length ? `本年度各渠道登记信访事项：${channels.map((c) => `${CHANNEL[c.channel] ?? c.channel} ${c.n} 件`).join('，')}；其中网上信访 ${online} 件。` : `信访渠道：${NO_DATA}`] });
  tables.push({ name: '信访渠道', columns: ['渠道', '件数'], rows: channels.map((c) => [CHANNEL[c.channel] ?? c.channel, c.n]) });

  const part2 = resolutionSections(since, year, q.year);
  tables.push(...resolutionTables(since, year));

  const part3: ReportSection[] = [
    { heading: '（一）在信访考核上', paragraphs: [`对标对表国家、省的工作要求，抓住“三率”主要考核指标${t.matters > 0 ? `，本年度及时受理率 ${pct(t.timelyAcceptance)}、按期办结率 ${pct(t.onTimeCompletion)}、群众满意率 ${pct(t.satisfaction)}，逐项查找差距` : ''}。`] },
    { heading: '（二）在领导包案上', paragraphs: [leaders.total.denominator > 0 ? `对尚未化解的 ${leaders.total.denominator - leaders.total.numerator} 件领导包案逐件落实调处化解措施和时间表。` : '建立领导包案台账，按层级跟踪化解进度。'] },
    { heading: '（三）在多元化解上', paragraphs: ['继续发挥律师、社工、听证评议、第三方评价、人民调解等多元化解机制作用，推动“最多访一次”。'] },
  ];
  return {
    title: `${bureau}${q.year}年度法治政府建设工作报告`,
    intro: `${bureau}将 ${q.year} 年度法治政府建设工作情况报告如下（本报告各项数字均由枫桥信访工作平台根据登记记录生成）：`,
    parts: [
      { heading: '一、依法全面履行政府职能情况', sections: part1 },
      { heading: '二、依法有效化解社会矛盾纠纷情况', sections: part2 },
      { heading: '三、下一步工作设想', sections: part3 },
    ],
    tables,
  };
}

function resolutionSections(since: ResolutionFigures, year: ResolutionFigures, y: number): ReportSection[] {
  const lo = since.legalOffice;
  const sw = since.socialWork;
  const cb = year.callbacks;
  const h = since.hearings;
  const m = year.mediation;
  const out: ReportSection[] = [];
  out.push({ heading: '（一）访前法律工作室', paragraphs: [lo.visitors + lo.consultations + lo.trainings + lo.discussions > 0
    ? `访前法律工作室设立至今，驻厅律师接待来访群众共 ${lo.visitors} 人次，填写登记表 ${lo.registrationForms} 份，有效实现“诉访分离”共 ${lo.diverted} 人次，参与重大疑难案件会商 ${lo.consultations} 次，组织内部业务培训 ${lo.trainings} 次，针对疑难案件组织讨论 ${lo.discussions} 次，出具法律意见书 ${lo.opinionLetters} 份。`
    : `访前法律工作室：${NO_DATA}`] });
  const vol = year.volunteers;
  out.push({ heading: '（二）第三方参与社会矛盾化解协调机制', paragraphs: [
    sw.batches > 0 ? `信访社工共参与接待来访群众 ${sw.batches} 批 ${sw.personTimes} 人次，疏导、安抚来访群众 ${sw.soothed} 人次，成功化解信访事项 ${sw.resolved} 宗。` : `信访社工：${NO_DATA}`,
    vol.active > 0 ? `信访志愿者 ${vol.active} 位（经资格审核 ${vol.qualified} 位），本年度组织志愿者培训 ${vol.trainings} 次。` : `信访志愿者：${NO_DATA}`,
  ] });
  out.push({ heading: '（三）信访工作群众满意度评价', paragraphs: [cb.sampled > 0
    ? `${y} 年第三方电话回访抽查信访事项 ${cb.sampled} 件，群众满意度评价调查回收有效率为 ${pct(cb.validRate)}，受访群众整体满意度是 ${pct1(cb.satisfaction)}，积极提出相关意见建议 ${cb.suggestions} 条。`
    : `第三方满意度评价：${NO_DATA}`] });
  const districts = Object.entries(year.hearings.byDistrict);
  out.push({ heading: '（四）信访听证评议制度', paragraphs: [
    h.held > 0 ? `至今已完成 ${h.held} 场听证评议会，其中听证会 ${h.hearings} 场，评议会 ${h.reviews} 场，通过听证评议而最终息诉息访的有 ${h.ended} 宗，占比 ${pct1(h.endedRate)}。` : `听证评议：${NO_DATA}`,
    year.hearings.hearings > 0 ? `${y} 年全市共召开 ${year.hearings.hearings} 场信访听证会议，其中${districts.map(([d, n]) => `${d} ${n} 场`).join('，')}。` : `${y} 年信访听证会议：${NO_DATA}`,
  ] });
  out.push({ heading: '（五）人民调解室', paragraphs: [m.referred + m.sessions > 0
    ? `本年度引导 ${m.referred} 宗信访事项进入人民调解，开展调解 ${m.sessions} 次，达成调解协议 ${m.agreements} 份，履行完毕 ${m.fulfilled} 宗，调解不成 ${m.failed} 宗。`
    : `人民调解：${NO_DATA}`] });
  return out;
}

function resolutionTables(since: ResolutionFigures, year: ResolutionFigures): ReportTable[] {
  const lo = since.legalOffice, sw = since.socialWork, cb = year.callbacks, h = since.hearings;
  return [
    { name: '访前法律工作室（累计）', columns: ['接待人次', '登记表', '诉访分离人次', '会商', '培训', '讨论', '法律意见书'], rows: [[lo.visitors, lo.registrationForms, lo.diverted, lo.consultations, lo.trainings, lo.discussions, lo.opinionLetters]] },
    { name: '信访社工（累计）', columns: ['批次', '人次', '疏导安抚人次', '化解宗数'], rows: [[sw.batches, sw.personTimes, sw.soothed, sw.resolved]] },
    { name: '满意度回访（本年）', columns: ['抽样', '有效', '回收有效率', '满意度', '意见建议'], rows: [[cb.sampled, cb.valid, pct(cb.validRate), pct(cb.satisfaction), cb.suggestions]] },
    { name: '听证评议（累计）', columns: ['场次', '听证会', '评议会', '息诉息访', '占比'], rows: [[h.held, h.hearings, h.reviews, h.ended, pct(h.endedRate)]] },
    { name: '本年听证会（按区）', columns: ['区域', '场次'], rows: Object.entries(year.hearings.byDistrict) },
  ];
}

/** 月度通报: the month's volume, rates as of the month's end, supervision and leader cases. */
export async function buildMonthlyBulletin(ctx: Ctx, q: { month: string; regionCode?: string }): Promise<BuiltReport> {
  if (!/^\d{4}-\d{2}$/.test(q.month)) throw new DomainError('BAD_INPUT', 'month 应为 YYYY-MM', { field: 'month' });
  const [y, mo] = q.month.split('-').map(Number) as [number, number];
  const from = `${q.month}-01`;
  const to = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
  const region = q.regionCode ?? '440600';
  const [byUnit, leaders, sup, channels] = await Promise.all([
    assessment(ctx, null, { from, to, asOf: to, regionCode: region, by: 'unit' }),
    leaderCaseStats(ctx, null, { from, to, regionCode: region }),
    supervisionCounts(ctx, from, to),
    volumeByChannel(ctx, from, to, region),
  ]);
  const t = byUnit.total;
  const unitTable: ReportTable = { name: '各单位考核排名', columns: ['名次', '单位', '事项数', '及时受理率', '按期办结率', '参评率', '群众满意率', '超期'], rows: byUnit.rows.map((r) => [r.rank, r.name, r.matters, pct(r.timelyAcceptance), pct(r.onTimeCompletion), pct(r.participation), pct(r.satisfaction), r.overdue]) };
  return {
    title: `信访工作月度通报（${y}年${mo}月）`,
    intro: `现将 ${y} 年 ${mo} 月全市信访工作情况通报如下（数据截至 ${to}）：`,
    parts: [{ heading: '一、基本情况', sections: [
      { heading: '（一）信访总量', paragraphs: [t.matters > 0 ? `本月登记信访事项 ${t.matters} 件：${channels.map((c) => `${CHANNEL[c.channel] ?? c.channel} ${c.n} 件`).join('，')}。` : `本月${NO_DATA.replace('本年度', '')}`] },
      { heading: '（二）考核指标', paragraphs: [t.matters > 0 ? `及时受理率 ${pct(t.timelyAcceptance)}，按期办结率 ${pct(t.onTimeCompletion)}，参评率 ${pct(t.participation)}，群众满意率 ${pct(t.satisfaction)}，超期 ${t.overdue} 件。` : '暂无数据。'], tables: [unitTable] },
      { heading: '（三）督查督办', paragraphs: [`催办 ${sup.reminders} 次，督办单 ${sup.orders} 份，退回重办 ${sup.sendBacks} 件。`] },
      { heading: '（四）领导包案', paragraphs: [leaders.total.denominator > 0 ? `本月新增领导包案 ${leaders.total.denominator} 件，已化解 ${leaders.total.numerator} 件。` : '本月无新增领导包案。'] },
    ] }],
    tables: [unitTable],
  };
}

const BODY = { font: 'FangSong', size: 32 } as const;
const HEAD = { font: 'SimHei', size: 32 } as const;

function docxTable(t: ReportTable): Table {
  const cell = (v: string | number, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: String(v), font: 'FangSong', size: 24, bold })] })] });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ children: t.columns.map((c) => cell(c, true)) }), ...t.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))] });
}

export async function reportDocx(r: BuiltReport): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [new TextRun({ text: r.title, font: 'SimSun', size: 44, bold: true })] }),
    new Paragraph({ indent: { firstLine: 640 }, children: [new TextRun({ text: r.intro, ...BODY })] }),
  ];
  for (const p of r.parts) {
    children.push(new Paragraph({ spacing: { before: 300 }, children: [new TextRun({ text: p.heading, ...HEAD })] }));
    for (const s of p.sections) {
      children.push(new Paragraph({ spacing: { before: 200 }, indent: { firstLine: 640 }, children: [new TextRun({ text: s.heading, font: 'KaiTi', size: 32, bold: true })] }));
      for (const para of s.paragraphs) children.push(new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text: para, ...BODY })] }));
      for (const t of s.tables ?? []) children.push(docxTable(t));
    }
  }
  return Packer.toBuffer(new Document({ creator: 'Fengqiao 枫桥', title: r.title, sections: [{ children }] }));
}

/** Every table of the report, one worksheet each. */
export async function reportXlsx(r: BuiltReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fengqiao 枫桥';
  const used = new Set<string>();
  for (const t of r.tables) {
    let name = t.name.replace(/[\\/?*[\]:]/g, '').slice(0, 31);
    while (used.has(name)) name = `${name.slice(0, 29)}_${used.size}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(t.columns).font = { bold: true };
    for (const row of t.rows) ws.addRow(row);
    ws.columns.forEach((c) => { c.width = 16; });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
