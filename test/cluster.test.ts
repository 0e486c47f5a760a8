/**
 * FENGQIAO_WORKERS (src/cluster.ts): `fengqiao serve` as a primary and its workers on one port, on PostgreSQL. A user
 * sees one server: the demo is created once, connections go to every worker, registrations through any of them are
 * written once each, /metrics counts the whole server whichever worker answers, a worker that dies is replaced, and
 * SIGTERM stops them all; workers that keep stopping (the database gone) make the primary give up with exit code 1.
 * SQLite refuses more than one process, with a message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.ts';
import { DIALECTS, freshStore } from './helpers/db.ts';
import { idNumber } from './helpers/fixtures.ts';
import { until } from './helpers/until.ts';

const root = path.resolve(import.meta.dirname, '..');

/** A GET on a connection of its own (no keep-alive), so that successive ones may reach different workers. */
function getOnce(url: string, timeout = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeout} ms: ${url}`))).on('error', reject);
  });
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };


describe('FENGQIAO_WORKERS', () => {
  test('is 1 by default, a number up to 64 or "auto" on PostgreSQL, and 1 for SQLite', () => {
    const pgUrl = 'postgres://postgres@127.0.0.1:5432/x';
    assert.equal(loadConfig({}).workers, 1);
    assert.equal(loadConfig({ DATABASE_URL: pgUrl, FENGQIAO_WORKERS: '3' }).workers, 3);
    assert.equal(loadConfig({ DATABASE_URL: pgUrl, FENGQIAO_WORKERS: 'auto' }).workers, os.availableParallelism());
    assert.equal(loadConfig({ DATABASE_URL: './x.db', FENGQIAO_WORKERS: 'auto' }).workers, 1);
    for (const bad of ['0', '65', '1.5', 'two']) {
      assert.throws(() => loadConfig({ DATABASE_URL: pgUrl, FENGQIAO_WORKERS: bad }), (e: unknown) => e instanceof ConfigError && /FENGQIAO_WORKERS must be a number from 1 to 64/.test(e.message), bad);
    }
    assert.throws(() => loadConfig({ DATABASE_URL: './x.db', FENGQIAO_WORKERS: '2' }), (e: unknown) => e instanceof ConfigError && /needs PostgreSQL/.test(e.message));
  });

  test('serve on SQLite with FENGQIAO_WORKERS=2 stops at once and says why', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-cluster-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
        cwd: root, encoding: 'utf8', timeout: 60_000,
        env: { ...process.env, DATABASE_URL: path.join(tmp, 'fq.db'), FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_WORKERS: '2', PORT: '0' },
      });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /fengqiao: FENGQIAO_WORKERS=2 needs PostgreSQL/);
      assert.equal(fs.existsSync(path.join(tmp, 'fq.db')), false, 'nothing was created');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  if (DIALECTS.includes('postgres')) {
    test('on PostgreSQL: one demo, every worker answers, registrations and metrics of the whole server, a dead worker replaced, SIGTERM stops all', { timeout: 180_000 }, async () => {
      const store = await freshStore('postgres');
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-cluster-'));
      const port = 20000 + Math.floor(Math.random() * 20000);
      const base = `http://127.0.0.1:${port}/api/v1`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo-if-empty'], {
        cwd: root,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: store.url, FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_WORKERS: '2', FENGQIAO_DEMO_MATTERS: '12', FENGQIAO_JOBS: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        // each process writes its own lines to the pipe: a worker's may arrive after the primary's (whole lines only)
        const logs = () => out.slice(0, out.lastIndexOf('\n')).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; pid?: number });
        const servingLines = () => logs().filter((l) => l.msg.startsWith('Fengqiao serving on') && !l.msg.includes('processes'));
        await until('the primary and both workers say they serve', async () => out.includes('with 2 processes') && servingLines().length >= 2);
        assert.equal(logs().filter((l) => l.msg.startsWith('demo ready')).length, 1, 'the demo is created once, by the primary');
        const serving = servingLines();
        assert.equal(serving.length, 2);
        const workers = new Set(serving.map((l) => Number(l.pid)));
        assert.equal(workers.size, 2, 'each worker logs its pid');
        assert.ok(!workers.has(child.pid!), 'the workers are not the primary');

        // new connections reach both workers (the operating system picks which accepts each)
        const answered = new Set<number>();
        for (let i = 0; i < 60 && answered.size < 2; i++) answered.add((JSON.parse((await getOnce(`${base}/ops/health`)).body) as { pid: number }).pid);
        assert.deepEqual([...answered].sort(), [...workers].sort());

        // registrations through both, on connections of their own: each written once, the same person linked
        const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registrar', password: 'fengqiao-demo' }) });
        assert.equal(login.status, 200);
        const { token } = (await login.json()) as { token: string };
        const register = (person: number) => new Promise<{ status: number; body: { id: number; matterId: number; isRepeat: boolean } }>((resolve, reject) => {
          const body = JSON.stringify({
            channel: 'visit', receivedAt: new Date(Date.now() - 3_600_000).toISOString(), regionCode: '440606005', purpose: 'demand',
            petitioners: [{ name: `并发来访人${person}`, idNumber: idNumber('440606', '19800101', String(300 + person)) }],
            title: `小区噪音扰民（${person}号楼）`, content: '夜间施工噪音严重影响休息，请求有关部门查处。',
          });
          const req = http.request(`${base}/petitions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { id: number; matterId: number; isRepeat: boolean } }));
          });
          req.on('error', reject);
          req.end(body);
        });
        const first = await Promise.all(Array.from({ length: 20 }, (_, i) => register(i)));
        assert.deepEqual(first.map((r) => r.status), Array(20).fill(201));
        assert.equal(new Set(first.map((r) => r.body.id)).size, 20);
        // the same 20 people on the same matters again, two at once each, through both workers: every one joins the
        // person's matter (each worker takes the person's lock), none starts a second matter
        const again = await Promise.all(Array.from({ length: 40 }, (_, i) => register(i % 20)));
        assert.deepEqual(again.map((r) => r.status), Array(40).fill(201));
        again.forEach((r, i) => {
          assert.ok(r.body.isRepeat, `petition ${i} is a repeat`);
          assert.equal(r.body.matterId, first[i % 20]!.body.matterId, `petition ${i} joins its person's matter`);
        });
        const count = await store.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).where('title', 'like', '小区噪音扰民%').executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 60);
        const matters = await store.db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).where('title', 'like', '小区噪音扰民%').executeTakeFirstOrThrow();
        assert.equal(Number(matters.n), 20);

        // both workers took some of them (their request logs), so the counts below are sums
        const byWorker = new Map<number, number>();
        for (const l of out.split('\n').filter((x) => x.startsWith('{'))) {
          const e = JSON.parse(l) as { msg: string; pid?: number; req?: { method?: string; url?: string } };
          if (e.msg === 'incoming request' && e.req?.method === 'POST' && e.req.url === '/api/v1/petitions') byWorker.set(e.pid!, (byWorker.get(e.pid!) ?? 0) + 1);
        }
        assert.deepEqual([...byWorker.keys()].sort(), [...workers].sort(), JSON.stringify([...byWorker]));
        assert.equal([...byWorker.values()].reduce((a, b) => a + b, 0), 60);

        // /metrics, whichever worker answers: the whole server's counts
        for (let i = 0; i < 2; i++) {
          const text = (await getOnce(`${base}/metrics`)).body;
          assert.match(text, /^fengqiao_server_processes 2$/m);
          assert.match(text, /^fengqiao_http_requests_total\{method="POST",route="\/api\/v1\/petitions",status="201"\} 60$/m);
          assert.match(text, /^fengqiao_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/petitions"\} 60$/m);
        }

        // a worker killed is replaced; the server keeps answering
        const victim = [...workers][0]!;
        process.kill(victim, 'SIGKILL');
        // the connections made at once are answered by the other worker, or refused: none is left hanging
        const right = await Promise.all(Array.from({ length: 5 }, () => {
          const t = Date.now();
          return getOnce(`${base}/ops/health`, 3000).then((r) => ({ ms: Date.now() - t, status: r.status }), (e: Error) => ({ ms: Date.now() - t, status: 0, error: e.message }));
        }));
        for (const r of right) assert.ok(r.ms < 3000, `a connection right after the kill settled: ${JSON.stringify(r)}`);
        assert.ok(right.some((r) => r.status === 200), JSON.stringify(right));
        const replacement = await until('a new worker answers', async () => {
          const pids = new Set<number>();
          for (let i = 0; i < 4; i++) pids.add((JSON.parse((await getOnce(`${base}/ops/health`)).body) as { pid: number }).pid);
          const fresh = [...pids].find((p) => !workers.has(p));
          return pids.size === 2 && fresh !== undefined ? fresh : undefined;
        });
        assert.deepEqual(stoppedWorkers(out), [victim], 'the primary logs which worker stopped');

        // SIGTERM to the primary: every process exits
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
        for (const pid of [...workers, replacement]) await until(`worker ${pid} gone`, async () => !alive(pid), 10_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await store.drop();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });

    test('on PostgreSQL: when the database is gone, workers that keep stopping make the primary give up and exit 1', { timeout: 120_000 }, async () => {
      const store = await freshStore('postgres');
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-cluster-'));
      const port = 20000 + Math.floor(Math.random() * 20000);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
        cwd: root,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: store.url, FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_WORKERS: '2', FENGQIAO_JOBS: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      let dropped = false;
      try {
        await until('both workers serve', async () => out.includes('with 2 processes'));
        const workers = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; pid?: number })
          .filter((l) => l.msg.startsWith('Fengqiao serving on') && l.pid).map((l) => l.pid!);
        assert.equal(workers.length, 2);
        await store.drop(); // the database is gone: a worker started now cannot open it
        dropped = true;
        process.kill(workers[0]!, 'SIGKILL');
        assert.equal(await exited, 1, out.slice(-3000));
        assert.match(out, /workers keep stopping: giving up/);
        // logged as stopped: the killed worker and four that could not open the database; the fifth of those is the
        // sixth stop in a minute, on which the primary gives up
        assert.equal(stoppedWorkers(out).length, 5);
        for (const pid of workers) await until(`worker ${pid} gone`, async () => !alive(pid), 10_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        if (!dropped) await store.drop();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

/** The pids the primary's log names as stopped workers. */
function stoppedWorkers(out: string): number[] {
  return out.split('\n').filter((l) => l.includes('a worker stopped')).map((l) => (JSON.parse(l) as { worker: number }).worker);
}
