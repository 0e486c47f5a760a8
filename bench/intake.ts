/**
 * bench/intake — staff registrations per second through HTTP, with all validation (schema, GB 11643 checksum,
 * phone, representatives), personal-data encryption, repeat detection and the audit write, on SQLite and on
 * PostgreSQL, beside a bare Fastify route that only validates the same body, measured in the same run.
 *
 *   npm run bench intake [-- --seconds 15 --connections 32 --dialects sqlite,postgres --profile DIR --no-bare
 *                         --generator auto|wrk|autocannon --workers N]
 *
 * The server runs in its own process, the load generator beside it: wrk (Debian's package `wrk`, C with LuaJIT;
 * bench/intake.lua builds the same bodies) in a process of its own when it is installed, else autocannon in this
 * one. Both share the machine's cores with the server (and PostgreSQL): wrk takes 13–18 µs of CPU a request,
 * autocannon 43–67 (docs/SCALE.md), so wrk leaves the server more of them. Besides the rate, each line gives the
 * server's CPU per request (and the database's), which other load on the machine changes much less than the rate,
 * with its request thread's share (the thread that bounds a single server's rate: its worker threads run beside it),
 * and how far the search index (written after the commit by default, FENGQIAO_TEXT_INDEX) lagged when the load
 * stopped. The server gets the environment of this process: FENGQIAO_TEXT_INDEX=inline npm run bench intake
 * measures the in-transaction write. --profile DIR writes a CPU profile of each server (DIR/<dialect>/*.cpuprofile).
 * --workers N runs the PostgreSQL server as N processes sharing its port (FENGQIAO_WORKERS, src/cluster.ts); its
 * CPU is then that of all of them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { idChecksumChar } from '../src/domain/id-number.ts';
import { parseDatabaseUrl } from '../src/store/db.ts';
import { scratchDatabase } from './util.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '32' }, dialects: { type: 'string', default: 'sqlite,postgres' }, profile: { type: 'string' }, 'no-bare': { type: 'boolean' }, generator: { type: 'string', default: 'auto' }, workers: { type: 'string', default: '1' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const hasWrk = !spawnSync('wrk', ['--version']).error;
const generator = values.generator === 'auto' ? (hasWrk ? 'wrk' : 'autocannon') : values.generator!;
if (generator !== 'autocannon' && generator !== 'wrk') throw new Error(`--generator must be auto, autocannon or wrk, not ${generator}`);
if (generator === 'wrk' && !hasWrk) {
  console.error('--generator wrk needs wrk on the PATH: apt-get install wrk (Debian\'s package)');
  process.exit(2);
}
console.log(`load generator: ${generator}${generator === 'autocannon' && values.generator === 'auto' ? ' (wrk is not installed: apt-get install wrk for a load generator that takes less of the cores)' : ''}, ${connections} connections, ${seconds} s`);

/** The V8 flags `npm start` gives the server (package.json, e.g. --max-semi-space-size): the bench runs it alike. */
const serverNodeFlags = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/).slice(1).filter((t, i, all) => t.startsWith('--') && all.indexOf('--import') > i);

function start(cmd: string[], env: Record<string, string>, readyUrl: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...cmd], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = async () => {
      try {
        const r = await fetch(readyUrl);
        if (r.status < 500) return resolve(child);
      } catch { /* not yet */ }
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error(`server did not start: ${cmd.join(' ')}`));
      setTimeout(() => void poll(), 200);
    };
    void poll();
  });
}

function idFor(i: number): string {
  const first17 = `440606${19500101 + (i % 28) + Math.floor(i / 28) % 12 * 100 + (Math.floor(i / 336) % 50) * 10000}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idChecksumChar(first17);
}

function body(i: number): string {
  return JSON.stringify({
    channel: 'visit',
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    petitioners: [{ name: '陈国强', idNumber: idFor(i), phone: `138${String(10000000 + (i % 89999999)).padStart(8, '0')}`, address: '顺德区大良街道新城路8号' }],
    title: `小区物业擅自挪用维修基金（${i}）`,
    content: '我们是大良街道某小区业主，物业公司未经业主大会同意动用专项维修资金，请求有关部门调查处理。',
    purpose: 'demand',
    regionCode: '440606005',
  });
}

/** CPU seconds (user + system) used so far by the processes given, or by every process of that command name. */
function cpuSeconds(pids: number[] | string): number {
  const list = typeof pids === 'string'
    ? fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => { try { return fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === pids; } catch { return false; } }).map(Number)
    : pids;
  return list.reduce((t, pid) => t + statCpuSeconds(`/proc/${pid}/stat`), 0);
}

/** CPU seconds of a process's main thread: the request thread of a Node server (its worker threads are the others). */
const mainThreadCpuSeconds = (pid: number) => statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);

/** utime + stime (fields 14 and 15, in USER_HZ ticks) of a /proc stat file, in seconds; 0 once the process is gone. */
function statCpuSeconds(file: string): number {
  try {
    const f = fs.readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ on Linux
  } catch { return 0; }
}

/** A process and its children (a cluster's primary and its workers). */
function withChildren(pid: number): number[] {
  const children = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid; } catch { return false; }
  }).map(Number);
  return [pid, ...children];
}

/** Petitions without their search-index row (written after the commit with FENGQIAO_TEXT_INDEX=deferred). */
const UNINDEXED = `select count(*) as n from petitions p where not exists (select 1 from text_docs d where d.kind = 'petition' and d.source_id = p.id)`;
async function unindexed(databaseUrl: string): Promise<number> {
  if (parseDatabaseUrl(databaseUrl).dialect === 'sqlite') {
    const db = new SQLite(databaseUrl, { readonly: true });
    try { return Number((db.prepare(UNINDEXED).get() as { n: number }).n); } finally { db.close(); }
  }
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try { return Number((await c.query<{ n: string }>(UNINDEXED)).rows[0]!.n); } finally { await c.end(); }
}

/**
 * Load plus what it cost: the server's CPU per request (µs; independent of what else the machine runs, unlike
 * the rate) and, on PostgreSQL, the database's (every `postgres` process, this run's backends included). With a
 * database, the petitions still lacking their index row when the load stops are counted, and the CPU is taken
 * once they are all indexed (at most 60 s later), so that work written after the response is paid for too.
 */
async function measured(url: string, token: string | null, server: ChildProcess, pg: boolean, databaseUrl?: string) {
  const pids = withChildren(server.pid!);
  const s0 = cpuSeconds(pids), p0 = pg ? cpuSeconds('postgres') : 0;
  // a single server's request thread, during the load (with workers, each has its own)
  const single = pids.length === 1 ? pids[0] : undefined;
  const m0 = single ? mainThreadCpuSeconds(single) : 0;
  const r = await load(url, token);
  const m1 = single ? mainThreadCpuSeconds(single) : 0;
  const t0 = Date.now();
  const lag = databaseUrl ? await unindexed(databaseUrl) : 0;
  let left = lag;
  while (databaseUrl && left > 0 && Date.now() - t0 < 60_000) {
    await new Promise((res) => setTimeout(res, 100));
    left = await unindexed(databaseUrl);
  }
  const s1 = cpuSeconds(pids), p1 = pg ? cpuSeconds('postgres') : 0;
  return {
    ...r, serverCpuUsPerReq: Math.round((1e6 * (s1 - s0)) / r.total), ...(single ? { requestThreadCpuUsPerReq: Math.round((1e6 * (m1 - m0)) / r.total) } : {}), ...(pg ? { pgCpuUsPerReq: Math.round((1e6 * (p1 - p0)) / r.total) } : {}),
    ...(databaseUrl ? { unindexedAtEnd: lag, indexedAfterMs: left ? null : Date.now() - t0 } : {}),
  };
}

/** CPU seconds (user + system) of this process's children that have been waited for (/proc/self/stat cutime, cstime). */
function reapedChildrenCpuSeconds(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // fields 16, 17
}

/** The same load from wrk, in its own process with one thread; its CPU is counted once it has exited. */
async function loadWrk(url: string, token: string | null) {
  const cpu0 = reapedChildrenCpuSeconds();
  const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', path.join(root, 'bench/intake.lua'), url], {
    env: { ...process.env, FQ_TOKEN: token ?? '', FQ_RECEIVED_AT: new Date(Date.now() - 3_600_000).toISOString() }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`wrk failed (exit ${code}): ${stdout}`);
  const w = JSON.parse(line) as { requests: number; durationUs: number; non2xx: number; errors: number; p50Us: number; p99Us: number };
  const cpuUs = 1e6 * (reapedChildrenCpuSeconds() - cpu0);
  return {
    rps: Math.round(w.requests / (w.durationUs / 1e6)), p50: w.p50Us / 1000, p99: w.p99Us / 1000, total: w.requests,
    non2xx: w.non2xx, errors: w.errors, loadCpuUsPerReq: Math.round(cpuUs / w.requests),
  };
}

async function load(url: string, token: string | null) {
  if (generator === 'wrk') return loadWrk(url, token);
  let i = 0;
  const cpu0 = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      path: '/api/v1/petitions',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      setupRequest: (req) => ({ ...req, body: body(i++) }),
    }],
  });
  const cpu = process.cpuUsage(cpu0);
  const non2xx = result.non2xx;
  // the load generator's own CPU (this process): it shares the two cores with the server and the database
  const loadCpuUsPerReq = Math.round((cpu.user + cpu.system) / result.requests.total);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx, errors: result.errors, loadCpuUsPerReq };
}

/** How the server wrote the registrations (its /metrics: groups written by one statement, or by SQLite's writer thread). */
async function registrationGroups(base: string): Promise<{ groups: number; grouped: number; retriedAlone: number } | null> {
  const text = await (await fetch(`${base}/api/v1/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const groups = value('fengqiao_registration_groups_total');
  return Number.isNaN(groups) ? null : { groups, grouped: value('fengqiao_registrations_grouped_total'), retriedAlone: value('fengqiao_registration_groups_retried_alone_total') };
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registrar', password: 'fengqiao-demo' }) });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

async function main() {
  console.log(`server: node ${[...serverNodeFlags, '--import', 'tsx', 'src/cli.ts', 'serve'].join(' ')} (as npm start)`);
  const out: Record<string, unknown> = { seconds, connections, generator, workers: Number(values.workers), nodeFlags: serverNodeFlags, cpus: os.cpus().length, node: process.version, at: new Date().toISOString() };
  let bareResult = { rps: NaN };
  if (!values['no-bare']) {
    const bare = await start(['bench/bare-server.ts'], { PORT: '3901' }, 'http://127.0.0.1:3901/');
    const r = await measured('http://127.0.0.1:3901', null, bare, false);
    bare.kill('SIGTERM');
    out.bare = bareResult = r;
    console.log(`bare Fastify route (schema only):  ${r.rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.serverCpuUsPerReq} µs/req  load generator ${r.loadCpuUsPerReq} µs/req`);
  }

  for (const dialect of values.dialects!.split(',')) {
    const scratch = await scratchDatabase(dialect, 'intake');
    const server = await start(['src/cli.ts', 'serve', '--demo-if-empty'], {
      PORT: '3902', HOST: '127.0.0.1', DATABASE_URL: scratch.url, FENGQIAO_KEY_FILE: path.join(scratch.dir, 'keys.json'), FENGQIAO_DEMO_MATTERS: '0', LOG_LEVEL: 'warn',
      ...(dialect === 'postgres' ? { FENGQIAO_WORKERS: values.workers! } : {}),
    }, 'http://127.0.0.1:3902/api/v1/openapi.json', [...serverNodeFlags, ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile, dialect)] : [])]);
    try {
      const token = await login('http://127.0.0.1:3902');
      const r = await measured('http://127.0.0.1:3902', token, server, dialect === 'postgres', scratch.url);
      const groups = await registrationGroups('http://127.0.0.1:3902');
      out[dialect] = { ...r, ratioToBare: Number((r.rps / bareResult.rps).toFixed(3)), ...(groups ? { groups } : {}) };
      console.log(`${dialect.padEnd(8)} registration (full):        ${r.rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}  ${bareResult.rps ? `(${(100 * r.rps / bareResult.rps).toFixed(1)}% of bare)  ` : ''}server CPU ${r.serverCpuUsPerReq} µs/req${r.requestThreadCpuUsPerReq === undefined ? '' : ` (request thread ${r.requestThreadCpuUsPerReq})`}${r.pgCpuUsPerReq === undefined ? '' : `  PostgreSQL CPU ${r.pgCpuUsPerReq} µs/req`}  load generator ${r.loadCpuUsPerReq} µs/req`);
      if (groups) console.log(`${''.padEnd(8)} written in ${groups.groups} groups of ${(groups.grouped / Math.max(1, groups.groups)).toFixed(1)} registrations on average (${groups.grouped} of ${r.total}; the rest alone), ${groups.retriedAlone} groups retried alone`);
      console.log(`${''.padEnd(8)} search index: ${r.unindexedAtEnd} petitions unindexed when the load stopped, all indexed ${r.indexedAfterMs === null ? 'NOT within 60 s' : `${r.indexedAfterMs} ms later`}`);
    } finally {
      // keep-alive sockets of the load can hold a graceful close for a minute: a profiled server gets that time
      // (its profile is written on exit), any other is killed after 5 s
      server.kill('SIGTERM');
      const killer = values.profile ? undefined : setTimeout(() => server.kill('SIGKILL'), 5000);
      if (server.exitCode === null && server.signalCode === null) await new Promise((res) => server.once('exit', res));
      clearTimeout(killer);
      await scratch.drop();
    }
  }
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const file = path.join(root, 'bench/results', `intake-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`results: ${path.relative(root, file)}`);
}

await main();
