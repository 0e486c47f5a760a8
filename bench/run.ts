/**
 * `npm run bench <name> [-- options]`: runs bench/<name>.ts. Benchmarks are run by hand and their figures reported
 * in notes; tests never assert timings.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !['run.ts', 'util.ts'].includes(f) && !f.endsWith('.d.ts')).map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench <name> [-- options]\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
