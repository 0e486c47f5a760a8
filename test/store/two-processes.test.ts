/**
 * Several processes (issue 10): two real server processes (`fengqiao serve`) on one PostgreSQL database, both
 * running the scheduled jobs — the deadline sweep and the notification outbox (src/jobs, leases and row leases) and
 * the 12345 callback dispatcher (row leases with FOR UPDATE SKIP LOCKED). Proven: every overdue mark is made once,
 * every outbox row becomes exactly one notice, and every hotline callback reaches the receiving HTTP server once.
 * And live updates: a WebSocket client on one process hears a registration and an action made through the other
 * (LISTEN/NOTIFY), while a confidential accusation is not announced to the accused unit's user.
 * PostgreSQL only (SQLite serves one process).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';
import { idNumber } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';
import { Pii } from '../../src/security/pii.ts';
import { createCtx, type Ctx } from '../../src/services/context.ts';
import { seedBase } from '../../src/services/seed.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { intakeWorkOrder } from '../../src/services/hotline.ts';
import { addUser, DEMO_PASSWORD } from '../../src/services/auth.ts';
import { connectLive, type LiveClient } from '../helpers/live-client.ts';
import { num } from '../../src/store/db.ts';
import { enqueue } from '../../src/store/outbox.repository.ts';
import '../../src/store/schema-supervision.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MATTERS = 30;
const ORDERS = 60;
const EXTRA = 30;

async function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
}


if (DIALECTS.includes('postgres')) {
  describe('two server processes on one PostgreSQL database', () => {
    let store: TestStore;
    let ctx: Ctx;
    const procs: ChildProcess[] = [];
    let receiver: http.Server;
    const deliveries = new Map<string, number>();
    let dir: string;
    let logs = '';
    const bases: string[] = [];
    let shundeBureau: number;

    before(async () => {
      store = await freshStore('postgres');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-two-'));
      const keys = Pii.generateKeys();
      Pii.writeFile(path.join(dir, 'keys.json'), keys);
      ctx = await createCtx({ store, pii: new Pii(keys), log: pino({ level: 'silent' }) });
      await seedBase(ctx);
      await ctx.reload();
      const bureau = ctx.org().units.find((u) => u.kind === 'bureau' && u.parentId === null)!;
      shundeBureau = ctx.org().units.find((u) => u.code === '440606-XFJ')!.id;
      for (const [username, unitId, roles] of [['city.handler', bureau.id, ['handler']], ['shunde.handler', shundeBureau, ['handler', 'registrar']]] as const) {
        await addUser(ctx, { username, name: username, unitId, roles: [...roles], password: DEMO_PASSWORD }, { demo: true });
      }
      await store.db.insertInto('settings').values({ key: 'demoMode', value: '1' }).execute();
      // matters received long ago: their acceptance limit has passed, so the first sweep marks each overdue
      for (let i = 0; i < MATTERS; i++) {
        await registerPetition(ctx, { userId: null, unitId: bureau.id, roles: ['registrar'] }, {
          channel: 'letter', receivedAt: `2019-0${1 + (i % 9)}-1${i % 10}T02:00:00Z`, petitioners: [{ name: `来信人${i}`, idNumber: idNumber('440604', '19700101', String(100 + i)) }],
          title: `来信 ${i}`, content: `关于第 ${i} 号问题的来信`,
        });
      }
      receiver = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const k = String(req.headers['x-fengqiao-delivery']);
          deliveries.set(k, (deliveries.get(k) ?? 0) + 1);
          // a slow receiver widens the window in which both dispatchers run
          setTimeout(() => { res.statusCode = 200; res.end('ok'); }, 20);
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const callback = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/12345`;
      for (let n = 0; n < 2; n++) {
        const port = await freePort();
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
          cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, DATABASE_URL: store.url, PORT: String(port), HOST: '127.0.0.1', FENGQIAO_KEY_FILE: path.join(dir, 'keys.json'), LOG_LEVEL: 'warn',
            FENGQIAO_HOTLINE_SECRET: 'two-process-secret', FENGQIAO_HOTLINE_CALLBACK_URL: callback, FENGQIAO_HOTLINE_EVERY_MS: '200' },
        });
        child.stdout!.on('data', (b: Buffer) => { logs += b.toString(); });
        child.stderr!.on('data', (b: Buffer) => { logs += b.toString(); });
        procs.push(child);
        bases.push(`http://127.0.0.1:${port}`);
        // the second starts once the first is ready (start-up seeding is not meant to race)
        await until(`server ${n + 1} ready`, async () => (await fetch(`http://127.0.0.1:${port}/api/v1/ops/ready`)).ok);
      }
      // work that arrives while both run: hotline work orders (a callback each) and notices in the shared outbox
      for (let i = 0; i < ORDERS; i++) {
        await intakeWorkOrder(ctx, { orderId: `GD-TWO-${i}`, receivedAt: new Date().toISOString(), caller: { name: `热线来电人${i}` }, title: `热线工单 ${i}`, content: `热线转办内容 ${i}` });
      }
      await store.write(async (tx) => {
        for (let i = 0; i < EXTRA; i++) await enqueue(tx, { topic: 'test.notice', unitId: null, dedupeKey: `two-process:${i}`, payload: { text: `通知 ${i}` } }, new Date().toISOString());
      });
    });

    after(async () => {
      for (const c of procs) c.kill('SIGTERM');
      await Promise.all(procs.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
      await new Promise<void>((r) => receiver.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
      await store.drop();
    });

    test('each overdue mark, outbox row and hotline callback is handled once across both processes', async () => {
      const db = store.db;
      await until('the sweep and the dispatch', async () => {
        const alerts = await db.selectFrom('deadlineAlerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const pending = await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('sentAt', 'is', null).executeTakeFirstOrThrow();
        const all = await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        return num(alerts.n) >= MATTERS && num(all.n) === MATTERS + EXTRA && num(pending.n) === 0;
      });
      await until('the hotline callbacks', async () => {
        const pending = await db.selectFrom('hotlineOutbox').select((eb) => eb.fn.countAll().as('n')).where('sentAt', 'is', null).executeTakeFirstOrThrow();
        return num(pending.n) === 0;
      });
      // let both keep running a little: nothing more may happen
      await new Promise((r) => setTimeout(r, 1500));
      const alerts = await db.selectFrom('deadlineAlerts').select(['matterId', 'deadline', 'kind']).execute();
      assert.equal(alerts.length, MATTERS, logs);
      assert.equal(new Set(alerts.map((a) => `${a.matterId}:${a.deadline}:${a.kind}`)).size, MATTERS);
      const outbox = await db.selectFrom('outbox').select(['id', 'leaseOwner']).execute();
      const notices = await db.selectFrom('notifications').select('outboxId').execute();
      assert.equal(outbox.length, MATTERS + EXTRA);
      assert.equal(notices.length, outbox.length, 'one notice per outbox row');
      assert.equal(new Set(notices.map((n) => n.outboxId)).size, notices.length);
      const callbacks = await db.selectFrom('hotlineOutbox').select(['dedupeKey', 'leaseOwner']).execute();
      assert.equal(callbacks.length, ORDERS);
      assert.equal(deliveries.size, ORDERS, 'every callback arrived');
      assert.deepEqual([...deliveries.values()].filter((n) => n !== 1), [], 'no callback arrived twice');
      const owners = new Set(callbacks.map((c) => (c.leaseOwner ?? '').split('-')[0]));
      console.log(`two processes: ${MATTERS} overdue marks, ${notices.length} notices, ${deliveries.size} callbacks; hotline rows sent by pid(s) ${[...owners].join(', ')}; outbox rows by pid(s) ${[...new Set(outbox.map((o) => (o.leaseOwner ?? '').split('-')[0]))].join(', ')}`);
    });

    test('live updates cross processes: a client on B hears what is done through A, the accused unit hears nothing', async () => {
      const [a, b] = bases as [string, string];
      const login = async (base: string, username: string) => {
        const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
        assert.equal(r.status, 200, await r.clone().text());
        return ((await r.json()) as { token: string }).token;
      };
      const onA = async (token: string, url: string, body: unknown) => {
        const r = await fetch(`${a}/api/v1${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const json = (await r.json()) as { matterId: number; status: string };
        assert.ok(r.ok, JSON.stringify(json));
        return json;
      };
      const clients: LiveClient[] = [];
      try {
        const city = await connectLive(b, { authorization: `Bearer ${await login(b, 'city.handler')}` });
        clients.push(city);
        const shunde = await connectLive(b, { authorization: `Bearer ${await login(b, 'shunde.handler')}` });
        clients.push(shunde);
        const registrar = await login(a, 'shunde.handler');
        const petition = (title: string, extra: Record<string, unknown> = {}) => ({ channel: 'letter', receivedAt: new Date(Date.now() - 60_000).toISOString(), petitioners: [{ name: '跨进程来信人' }], title, content: `${title}，请处理。`, ...extra });
        const demand = (await onA(registrar, '/petitions', petition('跨进程：道路积水'))).matterId;
        for (const c of [city, shunde]) assert.deepEqual(await c.next((m) => m.id === demand), { type: 'matter', id: demand, version: 1, status: 'registered' });
        const accusation = (await onA(registrar, '/petitions', petition('跨进程：举报区信访局', { purpose: 'accusation', respondent: { unitId: shundeBureau } }))).matterId;
        assert.deepEqual(await city.next((m) => m.id === accusation), { type: 'matter', id: accusation, version: 1, status: 'registered' });
        const accepted = await onA(registrar, `/matters/${demand}/actions`, { action: 'accept' });
        for (const c of [city, shunde]) assert.deepEqual(await c.next((m) => m.id === demand && m.version === 2), { type: 'matter', id: demand, version: 2, status: accepted.status });
        // in order, one listening connection per process: the accusation was passed over for the Shunde user
        assert.deepEqual(shunde.messages.filter((m) => m.type === 'matter').map((m) => `${m.id}/${m.version}`), [`${demand}/1`, `${demand}/2`]);
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });
  });
}
