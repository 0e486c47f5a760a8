/**
 * npm run lighthouse — measures the citizen portal (issue 4) with Lighthouse in mobile emulation (its default:
 * a mid-range phone, simulated slow 4G, 4× CPU slowdown) on the home page and the submission page, and prints
 * the performance and accessibility scores with the metrics behind them. The targets are performance ≥ 90 and
 * accessibility ≥ 95; the exit code is 1 when a page misses one.
 *
 * It starts the platform itself on a scratch SQLite demo database on a free port (nothing else on the machine is
 * touched) and drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium; never a downloaded browser).
 * A measurement, not part of npm test: the figures depend on the machine's load.
 *
 *   npm run lighthouse                       # both pages, 1 run each
 *   npm run lighthouse -- --runs 3           # the median of 3 runs per page
 *   npm run lighthouse -- --all              # also /progress, /appointments, /articles
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = [
  { name: 'home', path: '/' }, { name: 'submission', path: '/petition' },
  // --all: the other pages too (the targets are set for the two above; the rest are measured the same way)
  ...(process.argv.includes('--all') ? [{ name: 'progress', path: '/progress' }, { name: 'appointments', path: '/appointments' }, { name: 'articles', path: '/articles' }] : []),
];
const TARGET = { performance: 90, accessibility: 95 };
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 1) : 1;
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';

interface Audit { id: string; title: string; score: number | null; numericValue?: number; displayValue?: string; scoreDisplayMode?: string }
interface Report {
  categories: Record<'performance' | 'accessibility', { score: number; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, Audit>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

async function waitReady(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the platform did not answer ${url} within ${ms / 1000} s`);
}

function lighthouse(url: string, out: string): Report {
  execFileSync(path.join(root, 'node_modules/.bin/lighthouse'), [
    url, '--quiet', '--only-categories=performance,accessibility', '--output=json', `--output-path=${out}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
  ], { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

async function main() {
  if (!fs.existsSync(chrome)) throw new Error(`${chrome} is missing: apt-get install chromium fonts-noto-cjk (or set CHROME_PATH)`);
  if (!fs.existsSync(path.join(root, 'portal/dist/index.html'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'portal/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-lighthouse-'));
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo-if-empty'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], detached: false,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: path.join(dir, 'lh.db'), FENGQIAO_KEY_FILE: path.join(dir, 'keys.json'), FENGQIAO_DEMO_MATTERS: '20', LOG_LEVEL: 'warn' },
  });
  let failed = false;
  try {
    await waitReady(`http://127.0.0.1:${port}/api/v1/openapi.json`, 120_000);
    console.log(`Lighthouse ${RUNS > 1 ? `(median of ${RUNS} runs) ` : ''}— mobile emulation, simulated throttling; Chromium ${chrome}`);
    for (const page of PAGES) {
      const reports = Array.from({ length: RUNS }, (_, i) => lighthouse(`http://127.0.0.1:${port}${page.path}`, path.join(dir, `${page.name}-${i}.json`)));
      const perf = median(reports.map((r) => Math.round(r.categories.performance.score * 100)));
      const a11y = median(reports.map((r) => Math.round(r.categories.accessibility.score * 100)));
      const r = reports.find((x) => Math.round(x.categories.performance.score * 100) === perf)!;
      const metric = (id: string) => r.audits[id]?.displayValue ?? '-';
      console.log(`\n${page.name} (${page.path}): performance ${perf}, accessibility ${a11y}`);
      console.log(`  FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, Speed Index ${metric('speed-index')}, transfer ${metric('total-byte-weight')}`);
      const failing = r.categories.accessibility.auditRefs
        .map((ref) => r.audits[ref.id]!)
        .filter((a) => a.scoreDisplayMode === 'binary' && a.score !== null && a.score < 1);
      for (const a of failing) console.log(`  accessibility: ${a.id} — ${a.title}`);
      if (perf < TARGET.performance || a11y < TARGET.accessibility) failed = true;
    }
    console.log(`\ntargets: performance ≥ ${TARGET.performance}, accessibility ≥ ${TARGET.accessibility}: ${failed ? 'NOT met' : 'met'}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
