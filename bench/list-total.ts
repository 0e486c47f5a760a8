/**
 * List totals on a large PostgreSQL database (issue 10): the matter and petition lists measured through the app
 * (fastify.inject, as the city handler and as the Shunde district handler) with the exact total (every matching
 * row counted) and with the bounded total (store/db.ts countRows: counted up to FENGQIAO_EXACT_TOTAL_UP_TO, then
 * the planner's estimate), interleaved run by run so both see the same load. Attaches to a database loaded by
 * bench/scale.ts (run it with --keep, or while it measures):
 *   npx tsx bench/list-total.ts --url postgres://…/fq_scale_NNN [--runs 30]
 */
import pino from 'pino';
import { buildApp } from '../src/http/app.ts';
import { Pii } from '../src/security/pii.ts';
import { DEMO_PASSWORD } from '../src/services/auth.ts';
import { createCtx } from '../src/services/context.ts';
import { openStore } from '../src/store/db.ts';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const url = arg('--url');
if (!url) throw new Error('--url postgres://… (a database loaded by bench/scale.ts) is required');
const RUNS = Number(arg('--runs') ?? 30);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

const store = openStore(url, { poolSize: 4 });
const ctx = await createCtx({ store, pii: new Pii(Pii.generateKeys()), log: pino({ level: 'silent' }) });
const app = await buildApp({ ctx, logger: false, rateLimit: false });
try {
  const login = async (u: string) => ((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: DEMO_PASSWORD } })).json() as { token: string }).token;
  const tokens = { city: await login('city.handler'), shunde: await login('shunde.handler') };
  const cases: [string, keyof typeof tokens, string][] = [
    ['matters, city, page 1', 'city', '/api/v1/matters?page=1&pageSize=20'],
    ['matters, city, status=accepted, page 60', 'city', '/api/v1/matters?status=accepted&page=60&pageSize=20'],
    ['matters, district handler (Shunde), page 1', 'shunde', '/api/v1/matters?page=1&pageSize=20'],
    ['matters, city, overdue', 'city', '/api/v1/matters?overdue=true&page=1&pageSize=20'],
    ['petitions, city, page 1', 'city', '/api/v1/petitions?page=1&pageSize=20'],
  ];
  const saved = process.env.FENGQIAO_EXACT_TOTAL_UP_TO;
  for (const [label, who, path] of cases) {
    const ms = { exact: [] as number[], bounded: [] as number[] };
    const totals = { exact: '', bounded: '' };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ['exact', 'bounded'] as const) {
        process.env.FENGQIAO_EXACT_TOTAL_UP_TO = mode === 'exact' ? String(Number.MAX_SAFE_INTEGER - 1) : (saved ?? '');
        const t0 = performance.now();
        const r = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${tokens[who]}` } });
        ms[mode].push(performance.now() - t0);
        if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        const b = r.json() as { total: number; totalEstimated?: boolean };
        totals[mode] = `${b.total}${b.totalEstimated ? ' (estimated)' : ''}`;
      }
    }
    console.log(`${label.padEnd(44)} exact   p50 ${pct(ms.exact, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms.exact, 95).toFixed(1).padStart(7)} ms  total ${totals.exact}`);
    console.log(`${''.padEnd(44)} bounded p50 ${pct(ms.bounded, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms.bounded, 95).toFixed(1).padStart(7)} ms  total ${totals.bounded}`);
  }
  if (saved === undefined) delete process.env.FENGQIAO_EXACT_TOTAL_UP_TO; else process.env.FENGQIAO_EXACT_TOTAL_UP_TO = saved;
} finally {
  await app.close();
  await store.close();
}
