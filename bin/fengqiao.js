#!/usr/bin/env node
// The installed `fengqiao` command: runs the TypeScript CLI through tsx, with the young generation of `npm start`
// (--max-semi-space-size=64: a server under load spends less time collecting garbage; docs/OPERATIONS.md §1).
// The CLI runs in a child process. SIGTERM and SIGHUP sent to this one (by a supervisor, `kill`) are passed on to it,
// so that `fengqiao serve` closes as it would run directly, and this process exits as the child did. Ctrl-C reaches
// the child from the terminal itself (one process group): this one only waits for it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', path.join(root, 'src/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => {
  if (signal) {
    // ended by a signal: end the same way, so that the caller sees it (the handlers above are dropped first)
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
