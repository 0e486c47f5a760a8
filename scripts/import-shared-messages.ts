/**
 * The shared 泰迪杯 2020 C spreadsheets as a real test of the importer (issue 10) — a script, not a test.
 * Reads ../shared/data/teddycup2020c/csv/附件3_full.csv and 附件4_full.csv in place (never copied), imports them into
 * IMPORT_DATABASE_URL (default: a fresh SQLite file under the system temp directory, with the Foshan base units and
 * throwaway personal-data keys), prints each report, then runs both again to show that a re-run adds nothing.
 *   npx tsx scripts/import-shared-messages.ts [--dry-run]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { formatReport, importFile, PRESETS } from '../src/import/importer.ts';
import { Pii } from '../src/security/pii.ts';
import { createCtx } from '../src/services/context.ts';
import { seedBase } from '../src/services/seed.ts';
import { migrate, openStore } from '../src/store/db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(root, '..', 'shared', 'data', 'teddycup2020c', 'csv');
const dryRun = process.argv.includes('--dry-run');
let url = process.env.IMPORT_DATABASE_URL;
if (!url) {
  url = path.join(os.tmpdir(), `fengqiao-import-shared-${process.pid}.db`);
  fs.rmSync(url, { force: true });
}
const store = openStore(url);
await migrate(store);
const ctx = await createCtx({ store, pii: new Pii(Pii.generateKeys()), log: pino({ level: 'silent' }) });
await seedBase(ctx);
await ctx.reload();
console.log(`数据库：${url.replace(/\/\/[^@]*@/, '//')}（${store.dialect}）`);
try {
  for (const round of dryRun ? [1] : [1, 2]) {
    console.log(`\n=== 第 ${round} 次运行${round === 2 ? '（重复导入：应无新增）' : ''} ===`);
    for (const [file, preset] of [['附件3_full.csv', 'teddycup-3'], ['附件4_full.csv', 'teddycup-4']] as const) {
      const r = await importFile(ctx, path.join(dir, file), PRESETS[preset]!, { dryRun, onProgress: (d, t) => process.stderr.write(`\r${file} ${d}/${t}`) });
      process.stderr.write('\n');
      console.log(formatReport(r));
      if (r.imported && r.elapsedMs) console.log(`速率：${(r.imported / (r.elapsedMs / 1000)).toFixed(0)} 件/秒`);
    }
  }
} finally {
  await store.close();
}
