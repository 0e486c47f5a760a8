/** The CLI's `scenario`, `report` and `rates` commands (kept out of cli.ts so that file stays small). */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Ctx } from './context.ts';
import { reportPdf } from './pdf.ts';
import { rebuildRateFacts } from './rate-facts.ts';
import { buildAnnualReport, buildMonthlyBulletin, reportDocx, reportXlsx } from './reports.ts';
import { loadFoshan2019 } from './scenario-foshan-2019.ts';
import { seedBase } from './seed.ts';

export async function runReportCommand(ctx: Ctx, cmd: string, sub: string | undefined, rest: string[]): Promise<number> {
  if (cmd === 'scenario') {
    if (sub !== 'foshan-2019') { console.error('available scenarios: foshan-2019'); return 2; }
    await seedBase(ctx);
    await ctx.reload();
    const t0 = Date.now();
    const s = await loadFoshan2019(ctx);
    console.log(`foshan-2019 recorded in ${((Date.now() - t0) / 1000).toFixed(1)} s:`, s);
    return 0;
  }
  if (cmd === 'rates') {
    if (sub !== 'rebuild') { console.error('rates rebuild   recompute the rate facts and their rollup from the event log'); return 2; }
    const t0 = Date.now();
    const r = await rebuildRateFacts(ctx, { progress: (n) => { if (n % 100_000 === 0) console.log(`  ${n} matters`); } });
    console.log(`rate facts rebuilt: ${r.matters} matters, ${r.rollupRows} rollup rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  }
  const { values } = parseArgs({ args: rest, options: { year: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, xlsx: { type: 'string' }, region: { type: 'string' } } });
  let built;
  if (sub === 'annual' && values.year) built = await buildAnnualReport(ctx, { year: Number(values.year), regionCode: values.region });
  else if (sub === 'monthly' && values.month) built = await buildMonthlyBulletin(ctx, { month: values.month, regionCode: values.region });
  else { console.error('report annual --year Y --out FILE.docx|FILE.pdf | report monthly --month YYYY-MM --out FILE.docx'); return 2; }
  const out = values.out ?? (sub === 'annual' ? `report-${values.year}.docx` : `bulletin-${values.month}.docx`);
  // the extension chooses the format: .pdf (with an embedded CJK font) or .docx
  fs.writeFileSync(out, out.toLowerCase().endsWith('.pdf') ? await reportPdf(built) : await reportDocx(built));
  console.log(`${built.title} → ${out}`);
  if (values.xlsx) { fs.writeFileSync(values.xlsx, await reportXlsx(built)); console.log(`tables → ${values.xlsx}`); }
  return 0;
}
