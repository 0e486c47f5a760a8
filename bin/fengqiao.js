#!/usr/bin/env node
// The installed `fengqiao` command: runs the TypeScript CLI through tsx, with the young generation of `npm start`
// (--max-semi-space-size=64: a server under load spends less time collecting garbage; docs/OPERATIONS.md §1).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', path.join(root, 'src/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
