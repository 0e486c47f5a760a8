/**
 * `fengqiao import FILE (--preset NAME | --mapping MAPPING.json) [--source NAME] [--dry-run] [--sheet N] [--json]`
 * MAPPING.json: {"source": "shunde-2018", "channel": "letter", "columns": {"externalId": "编号", "name": "姓名", …},
 * "defaults": {…}}; fields: externalId name idNumber phone title content receivedAt categoryCode regionCode address
 * replyText replyAt. Exit 0 when every row passed, 3 when some rows were rejected (the report says which).
 */
import fs from 'node:fs';
import type { Ctx } from '../services/context.ts';
import { formatReport, importFile, PRESETS, type Mapping } from './importer.ts';

export async function runImportCommand(ctx: Ctx, args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !['--preset', '--mapping', '--source', '--sheet'].includes(args[i - 1] ?? ''));
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  if (!file) { console.error('用法：fengqiao import FILE (--preset teddycup-3|teddycup-4 | --mapping MAPPING.json) [--source NAME] [--dry-run] [--json]'); return 2; }
  let mapping: Mapping | undefined;
  const preset = opt('--preset');
  if (preset) mapping = PRESETS[preset];
  const mf = opt('--mapping');
  if (mf) mapping = JSON.parse(fs.readFileSync(mf, 'utf8')) as Mapping;
  if (!mapping) { console.error(`需要 --preset（${Object.keys(PRESETS).join('、')}）或 --mapping 文件`); return 2; }
  const source = opt('--source');
  if (source) mapping = { ...mapping, source };
  const report = await importFile(ctx, file, mapping, {
    dryRun: args.includes('--dry-run'), sheet: opt('--sheet') ? Number(opt('--sheet')) : undefined,
    onProgress: (d, t) => process.stderr.write(`\r${d}/${t}`),
  });
  process.stderr.write('\n');
  console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.invalid + report.rejectedOnRegistration > 0 ? 3 : 0;
}
