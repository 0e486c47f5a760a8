/**
 * The two commands a new user runs, for real: the `fengqiao` CLI seeds the demo (every state reached through the
 * real use cases) and verifies the audit chains; `serve --demo-if-empty` serves the API with the demo users.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIALECTS, freshStore } from './helpers/db.ts';

const root = path.resolve(import.meta.dirname, '..');
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });

for (const dialect of DIALECTS) {
  describe(`fengqiao CLI on ${dialect}`, () => {
    test('seed --demo reaches every state, and every audit chain verifies', async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-cli-'));
      const store = dialect === 'postgres' ? await freshStore('postgres') : null;
      const env = { DATABASE_URL: store ? store.url : path.join(tmp, 'fq.db'), FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json') };
      try {
        const seeded = cli(['seed', '--demo', '--matters', '160'], env);
        assert.equal(seeded.status, 0, seeded.stderr);
        for (const s of ['registered', 'routed', 'accepted', 'declined', 'replied', 'underReview', 'reviewed', 'closed']) {
          assert.match(seeded.stdout, new RegExp(`${s}: \\d+`), `demo has ${s}: ${seeded.stdout}`);
        }
        const verified = cli(['audit', 'verify'], env);
        assert.equal(verified.status, 0, verified.stdout + verified.stderr);
        assert.match(verified.stdout, /0 broken chains/);
        const bad = cli(['user', 'add', '--username', 'weak', '--unit', '440600-XFJ', '--roles', 'handler', '--password', 'fengqiao-demo'], env);
        assert.notEqual(bad.status, 0);
      } finally {
        await store?.drop();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

describe('npm start', () => {
  test('package.json\'s start script: an empty database gets the demo, ready when openapi.json answers', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-serve-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    // the script itself (node with its V8 flags, then the CLI), run by this Node rather than through npm
    const [program, ...args] = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    assert.equal(program, 'node');
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: path.join(tmp, 'fq.db'), FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_DEMO_MATTERS: '60', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      const base = `http://127.0.0.1:${port}/api/v1`;
      let ready = false;
      for (let i = 0; i < 300 && !ready; i++) {
        ready = await fetch(`${base}/openapi.json`).then((r) => r.status === 200, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(ready, 'server answered /api/v1/openapi.json');
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registrar', password: 'fengqiao-demo' }) });
      assert.equal(login.status, 200);
      const { token } = (await login.json()) as { token: string };
      const list = await fetch(`${base}/matters?pageSize=5`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await list.json()) as { total: number; items: { title: string }[] };
      assert.ok(body.total >= 50, `demo matters: ${body.total}`);
      assert.match(body.items[0]!.title, /[\u4e00-\u9fff]/);
      // the database file was read into the operating system's cache once the server was up (store/prewarm.ts)
      for (let i = 0; i < 100 && !out.includes('database file read into the cache'); i++) await new Promise((r) => setTimeout(r, 100));
      const warmed = out.split('\n').find((l) => l.includes('database file read into the cache'));
      assert.ok(warmed, out.slice(-2000));
      const line = JSON.parse(warmed) as { mib: unknown; ms: unknown; skipped?: string };
      assert.equal(line.skipped, undefined);
      assert.equal(typeof line.mib, 'number');
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the installed fengqiao command (bin/fengqiao.js)', () => {
  test('SIGTERM to `fengqiao serve` closes the server it runs, and the command exits 0: nothing keeps the port', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-bin-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['bin/fengqiao.js', 'serve'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: path.join(tmp, 'fq.db'), FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_JOBS: '0', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const health = () => fetch(`http://127.0.0.1:${port}/api/v1/ops/health`).then((r) => r.status === 200, () => false);
    try {
      let up = false;
      for (let i = 0; i < 300 && !up; i++) {
        up = await health();
        if (!up) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(up, 'fengqiao serve answered');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(await health(), false, 'the server closed with the command');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
