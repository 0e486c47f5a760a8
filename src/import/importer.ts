/**
 * Importing a bureau's past records from .xlsx/.csv (issue 10). A mapping names, for each field of a petition, the
 * column it comes from (by header); every row is validated first, and the report lists each rejected row with the
 * field and the reason. A dry run stops there (and says how many rows are new). Otherwise each new row is
 * registered through registerPetition (the channel from the mapping, the original receipt time) and remembered in
 * import_records by (source, external id): running the same import again adds nothing. The old system's reply
 * text and time are kept with the record (the lifecycle steps that led to them are not in the files).
 */
import '../store/schema-import.ts';
import { DomainError } from '../domain/errors.ts';
import { CATEGORY_BY_CODE } from '../domain/categories.ts';
import { CHANNELS, type Channel } from '../domain/types.ts';
import type { Ctx } from '../services/context.ts';
import { registerPetition } from '../services/register-petition.ts';
import { num } from '../store/db.ts';
import { readTable, type Table } from './read.ts';

export const FIELDS = ['externalId', 'name', 'idNumber', 'phone', 'title', 'content', 'receivedAt', 'categoryCode', 'regionCode', 'address', 'replyText', 'replyAt'] as const;
export type Field = (typeof FIELDS)[number];

export interface Mapping {
  /** the name under which records are remembered (with their external id) */
  source: string;
  channel: Channel;
  columns: Partial<Record<Field, string>>;
  /** values used when a column is missing or empty (e.g. name: '网民' for anonymous web messages) */
  defaults?: Partial<Record<Field, string>>;
}

export const PRESETS: Record<string, Mapping> = {
  // 泰迪杯 2020 C 题：附件3 (群众留言) and 附件4 (留言及答复意见)
  'teddycup-3': { source: 'teddycup2020c-3', channel: 'online', columns: { externalId: '留言编号', name: '留言用户', title: '留言主题', receivedAt: '留言时间', content: '留言详情' }, defaults: { name: '网民' } },
  'teddycup-4': { source: 'teddycup2020c-4', channel: 'online', columns: { externalId: '留言编号', name: '留言用户', title: '留言主题', receivedAt: '留言时间', content: '留言详情', replyText: '答复意见', replyAt: '答复时间' }, defaults: { name: '网民' } },
};

export interface RowError { row: number; externalId?: string; field: string; message: string }
export interface ImportReport {
  file: string; source: string; dryRun: boolean; total: number; valid: number; invalid: number;
  duplicatesInFile: number; alreadyImported: number; imported: number; rejectedOnRegistration: number;
  errors: RowError[]; errorsByField: Record<string, number>; elapsedMs: number;
}

/** Naive times are Asia/Shanghai: 2019/2/28 11:25:05, 2019-02-28 11:25, 2019-02-28, or ISO 8601 with an offset. */
export function parseTime(s: string): string | null {
  const t = s.trim();
  if (!t) return null;
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) && /^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const d = Date.parse(t);
    return Number.isNaN(d) ? null : new Date(d).toISOString();
  }
  const m = /^(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(se));
  const back = new Date(ms + 8 * 3_600_000);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
  return new Date(ms).toISOString();
}

const clean = (s: string | undefined) => (s ?? '').replace(/\r/g, '').replace(/[ \t\u3000]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();

interface Prepared { row: number; externalId: string; values: Partial<Record<Field, string>> }

export function validate(table: Table, mapping: Mapping, now: string): { ok: Prepared[]; errors: RowError[]; duplicates: number } {
  const idx: Partial<Record<Field, number>> = {};
  const headerErrors: RowError[] = [];
  for (const [field, col] of Object.entries(mapping.columns) as [Field, string | undefined][]) {
    if (!col) continue;
    const i = table.headers.indexOf(col);
    if (i < 0) headerErrors.push({ row: 1, field, message: `找不到列「${col}」（表头：${table.headers.join('、')}）` });
    else idx[field] = i;
  }
  if (headerErrors.length) return { ok: [], errors: headerErrors, duplicates: 0 };
  const ok: Prepared[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  table.rows.forEach((cells, k) => {
    const row = k + 2; // the header is row 1
    const values: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) {
      const i = idx[f];
      const v = i === undefined ? '' : clean(cells[i]);
      values[f] = v || mapping.defaults?.[f] || '';
    }
    const externalId = values.externalId ?? '';
    const fail = (field: string, message: string) => errors.push({ row, externalId: externalId || undefined, field, message });
    const before = errors.length;
    if (!externalId) fail('externalId', '缺少原系统编号');
    if (!values.name) fail('name', '缺少信访人姓名');
    if (!values.title) fail('title', '缺少标题');
    else if (values.title.length > 200) values.title = values.title.slice(0, 200);
    if (!values.content) fail('content', '缺少信访内容');
    const at = parseTime(values.receivedAt ?? '');
    if (!at) fail('receivedAt', `时间「${values.receivedAt ?? ''}」无法识别`);
    else if (at > now) fail('receivedAt', '时间晚于当前时间');
    else values.receivedAt = at;
    if (values.replyAt) {
      const r = parseTime(values.replyAt);
      if (!r) fail('replyAt', `答复时间「${values.replyAt}」无法识别`); else values.replyAt = r;
    }
    if (values.categoryCode && !CATEGORY_BY_CODE.has(values.categoryCode)) fail('categoryCode', `问题分类 ${values.categoryCode} 不存在`);
    if (values.regionCode && !/^\d{6}(\d{3})?$/.test(values.regionCode)) fail('regionCode', '行政区划代码应为 6 或 9 位数字');
    if (externalId && seen.has(externalId)) { duplicates++; fail('externalId', `编号 ${externalId} 在文件中重复（只导入第一次出现）`); }
    if (externalId) seen.add(externalId);
    if (errors.length === before) ok.push({ row, externalId, values });
  });
  return { ok, errors, duplicates };
}

export async function importFile(ctx: Ctx, file: string, mapping: Mapping, opts: { dryRun?: boolean; sheet?: number; unitId?: number; maxErrors?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<ImportReport> {
  const t0 = Date.now();
  if (!CHANNELS.includes(mapping.channel)) throw new DomainError('BAD_INPUT', `来源渠道 ${mapping.channel} 不存在`);
  const table = await readTable(file, { sheet: opts.sheet });
  const { ok, errors, duplicates } = validate(table, mapping, ctx.now());
  const db = ctx.store.db;
  const known = new Set<string>();
  for (let i = 0; i < ok.length; i += 500) {
    const ids = ok.slice(i, i + 500).map((p) => p.externalId);
    const rows = await db.selectFrom('importRecords').select('externalId').where('source', '=', mapping.source).where('externalId', 'in', ids).execute();
    for (const r of rows) known.add(r.externalId);
  }
  const fresh = ok.filter((p) => !known.has(p.externalId));
  const report: ImportReport = {
    file, source: mapping.source, dryRun: Boolean(opts.dryRun), total: table.rows.length, valid: ok.length, invalid: table.rows.length - ok.length,
    duplicatesInFile: duplicates, alreadyImported: known.size, imported: 0, rejectedOnRegistration: 0, errors, errorsByField: {}, elapsedMs: 0,
  };
  if (!opts.dryRun) {
    const bureau = opts.unitId ?? ctx.org().units.find((u) => u.kind === 'bureau' && u.parentId === null)?.id ?? ctx.org().units.find((u) => u.kind === 'bureau')?.id;
    if (bureau === undefined) throw new DomainError('INTERNAL', '没有信访部门，无法导入');
    let done = 0;
    for (const p of fresh) {
      const v = p.values;
      try {
        const r = await registerPetition(ctx, { userId: null, unitId: bureau, roles: ['registrar'] }, {
          channel: mapping.channel, receivedAt: v.receivedAt!, title: v.title!, content: v.content!,
          petitioners: [{ name: v.name!, idNumber: v.idNumber || undefined, phone: v.phone || undefined, address: v.address || undefined }],
          categoryCode: v.categoryCode || undefined, regionCode: v.regionCode || undefined, address: v.address || undefined,
          idempotencyKey: `import:${mapping.source}:${p.externalId}`,
        });
        await db.insertInto('importRecords').values({
          source: mapping.source, externalId: p.externalId, petitionId: r.id, matterId: r.matterId,
          replyText: v.replyText || null, replyAt: v.replyAt || null, extra: null, importedAt: ctx.now(),
        }).onConflict((oc) => oc.columns(['source', 'externalId']).doNothing()).execute();
        report.imported++;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        report.rejectedOnRegistration++;
        report.errors.push({ row: p.row, externalId: p.externalId, field: String(e.details?.field ?? ''), message: e.message });
      }
      if (++done % 1000 === 0) opts.onProgress?.(done, fresh.length);
    }
  }
  for (const e of report.errors) report.errorsByField[e.field] = (report.errorsByField[e.field] ?? 0) + 1;
  if (report.errors.length > (opts.maxErrors ?? 200)) report.errors = report.errors.slice(0, opts.maxErrors ?? 200);
  report.elapsedMs = Date.now() - t0;
  return report;
}

export async function importedCount(ctx: Ctx, source: string): Promise<number> {
  const r = await ctx.store.db.selectFrom('importRecords').select((eb) => eb.fn.countAll().as('n')).where('source', '=', source).executeTakeFirst();
  return num(r?.n);
}

/** The report as Chinese text lines. */
export function formatReport(r: ImportReport): string {
  const lines = [
    `导入${r.dryRun ? '（试运行，未写入）' : ''}：${r.file}`,
    `来源 ${r.source}：共 ${r.total} 行，校验通过 ${r.valid} 行，未通过 ${r.invalid} 行（其中文件内重复编号 ${r.duplicatesInFile} 行）`,
    `已导入过 ${r.alreadyImported} 行（跳过）；本次${r.dryRun ? '将' : ''}新导入 ${r.dryRun ? r.valid - r.alreadyImported : r.imported} 行；登记时被拒 ${r.rejectedOnRegistration} 行`,
    `用时 ${(r.elapsedMs / 1000).toFixed(1)} 秒`,
  ];
  if (Object.keys(r.errorsByField).length) lines.push(`问题按字段：${Object.entries(r.errorsByField).map(([k, v]) => `${k} ${v}`).join('，')}`);
  for (const e of r.errors.slice(0, 20)) lines.push(`  第 ${e.row} 行${e.externalId ? `（编号 ${e.externalId}）` : ''} ${e.field}：${e.message}`);
  if (r.errors.length > 20) lines.push(`  …… 另有 ${r.errors.length - 20} 条（--json 输出全部）`);
  return lines.join('\n');
}
