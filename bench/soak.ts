/**
 * bench/soak — a mixed load for minutes: staff reading their queue and matter pages, staff registering, citizens
 * looking up progress (full-text search is measured on its own by bench/text); reports throughput, p50/p99 latency, errors (target 0) and the server's memory before and after.
 *
 *   npm run bench soak [-- --seconds 300 --connections 200 --dialect sqlite]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { idChecksumChar } from '../src/domain/id-number.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '300' }, connections: { type: 'string', default: '200' }, dialect: { type: 'string', default: 'sqlite' } } });
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const PORT = 3940;
const base = `http://127.0.0.1:${PORT}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-soak-'));
const dbUrl = values.dialect === 'postgres' ? (process.env.SOAK_PG_URL ?? '') : path.join(tmp, 'soak.db');
if (!dbUrl) throw new Error('set SOAK_PG_URL to an empty PostgreSQL database for --dialect postgres');

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo-if-empty'], {
  cwd: root, stdio: 'ignore',
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: dbUrl, FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_DEMO_MATTERS: '300', LOG_LEVEL: 'warn', FENGQIAO_PUBLIC_RATE_PER_MIN: '100000000', FENGQIAO_PUBLIC_FREE_PER_HOUR: '100000000' },
});
for (let i = 0; i < 1200; i++) {
  if (await fetch(`${base}/api/v1/openapi.json`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 100));
}
const json = { 'content-type': 'application/json' };
const { token } = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'city.handler', password: 'fengqiao-demo' }) })).json()) as { token: string };
const auth = { ...json, authorization: `Bearer ${token}` };
// a few citizens' query codes to look up
const codes: string[] = [];
for (let i = 0; i < 20; i++) {
  const first17 = `440605${19700101 + i}${String(100 + i)}`;
  const r = await fetch(`${base}/api/v1/public/petitions`, { method: 'POST', headers: json, body: JSON.stringify({ name: '张三', idNumber: first17 + idChecksumChar(first17), phone: `1390000${String(1000 + i)}`, title: '路面破损', content: '某路段路面破损严重。' }) });
  codes.push(((await r.json()) as { queryCode: string }).queryCode);
}
const ids = ((await (await fetch(`${base}/api/v1/matters?pageSize=100`, { headers: auth })).json()) as { items: { id: number }[] }).items.map((m) => m.id);
const rssBefore = rss(server.pid!);
let n = 0;
const result = await autocannon({
  url: base,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  requests: [
    // a handler's queue (by state), a matter page, a registration, a citizen's lookup
    { method: 'GET', path: '/api/v1/matters?status=accepted&pageSize=20', headers: auth },
    { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/matters/${ids[n++ % ids.length]}`, headers: auth }) },
    { method: 'POST', path: '/api/v1/petitions', headers: auth, setupRequest: (req) => ({ ...req, body: JSON.stringify({ channel: 'phone', receivedAt: new Date(Date.now() - 60_000).toISOString(), title: `来电反映噪音 ${n++}`, content: '夜间施工噪音扰民。', petitioners: [{ name: '来电人', phone: '13800138000' }] }) }) },
    { method: 'GET', setupRequest: (req) => { const i = n++ % codes.length; return { ...req, path: `/api/v1/public/petitions/${codes[i]}?phone=1390000${1000 + i}` }; } },
  ],
});
const rssAfter = rss(server.pid!);
server.kill('SIGTERM');
fs.rmSync(tmp, { recursive: true, force: true });
const summary = {
  dialect: values.dialect, seconds: Number(values.seconds), connections: Number(values.connections),
  requests: result.requests.total, perSecond: Math.round(result.requests.average), p50ms: result.latency.p50, p99ms: result.latency.p99,
  errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, rssBeforeMiB: Math.round(rssBefore), rssAfterMiB: Math.round(rssAfter),
};
console.log(JSON.stringify(summary, null, 2));
process.exit(0);
