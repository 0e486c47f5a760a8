/**
 * Personal data (DOMAIN.md §8): encryption with AES-256-GCM or the national algorithms (SM4 + HMAC-SM3), reveal
 * only to roles that may and only with a reason in the audit log, key rotation, backups that restore, and logs
 * of a whole working session that never carry an ID number, a phone or a name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pii } from '../../src/security/pii.ts';
import { reencryptAll } from '../../src/services/personal-data.ts';
import { backupDatabase, restoreDatabase } from '../../src/store/backup.ts';
import { migrate, openStore } from '../../src/store/db.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

describe('personal-data crypto', () => {
  for (const algorithm of ['aes', 'sm'] as const) {
    test(`${algorithm}: round trip, tamper detection, keyed matching`, () => {
      const pii = new Pii(Pii.generateKeys(algorithm));
      const id = idNumber('440606', '19800101', '123');
      const enc = pii.encrypt(id);
      assert.ok(!enc.includes(id));
      assert.equal(pii.decrypt(enc), id);
      assert.notEqual(pii.encrypt(id), enc); // a fresh IV each time
      const last = enc.slice(-2) === 'AA' ? 'BB' : 'AA';
      assert.throws(() => pii.decrypt(enc.slice(0, -2) + last));
      assert.equal(pii.hash('id', id), pii.hash('id', id));
      assert.notEqual(pii.hash('id', id), new Pii(Pii.generateKeys(algorithm)).hash('id', id));
      if (algorithm === 'sm') assert.match(enc, /^k1:sm4:/);
    });
  }
});

for (const dialect of DIALECTS) {
  describe(`personal data on ${dialect}`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2026-05-06T02:00:00Z' }); });
    after(async () => { await p.close(); });
    const ID = idNumber('440605', '19720303', '315');

    test('reveal: to roles that may, with a reason, written to the audit log; masked everywhere else', async () => {
      const reg = await as(p, 'city.registrar');
      const r = await reg('POST', '/petitions', { channel: 'visit', receivedAt: '2026-05-06T09:00:00+08:00', title: '宅基地纠纷', content: '与邻居宅基地界线争议。', petitioners: [{ name: '吴大海', idNumber: ID, phone: '13712345678' }] });
      assert.equal(r.status, 201);
      const url = `/petitions/${r.body.id}/petitioners/1/reveal`;
      assert.equal((await reg('POST', url, { reason: '' })).status, 400);
      const shown = await reg('POST', url, { reason: '核实身份，办理复查' });
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body, { name: '吴大海', idNumber: ID, phone: '13712345678' });
      assert.equal((await (await as(p, 'city.auditor'))('POST', url, { reason: '好奇想看看' })).status, 403);
      assert.equal((await (await as(p, 'gaoming.handler'))('POST', url, { reason: '核实身份信息' })).status, 404);
      const log = await p.store.db.selectFrom('auditLog').selectAll().where('action', '=', 'pii.reveal').execute();
      assert.equal(log.length, 1);
      assert.equal(log[0]!.actorUserId, p.userId('city.registrar'));
      assert.match(log[0]!.data, /核实身份，办理复查/);
      assert.ok(!log[0]!.data.includes(ID));
    });

    test('key rotation re-encrypts every value under the new key; matching still works', async () => {
      const keys = p.ctx.pii.keys;
      const rotated = Pii.rotated(keys);
      const next = new Pii(rotated);
      const r = await reencryptAll(p.ctx, next);
      assert.ok(r.petitioners >= 1);
      const rows = await p.store.db.selectFrom('petitioners').select(['idEnc', 'phoneEnc', 'idHash']).execute();
      for (const row of rows) {
        if (row.idEnc) assert.equal(next.keyIdOf(row.idEnc), rotated.current);
      }
      const mine = rows.find((x) => x.idHash === next.hash('id', ID))!;
      assert.equal(next.decrypt(mine.idEnc!), ID);
      assert.equal(await reencryptAll(p.ctx, next).then((x) => x.petitioners), 0); // nothing left to do
    });

    test('backup and restore give back the same records', async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-backup-'));
      try {
        const before = await p.store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const file = path.join(tmp, dialect === 'sqlite' ? 'backup.db' : 'backup.dump');
        if (dialect === 'sqlite') {
          // the test platform is in memory: back up a file database made from it
          const src = openStore(path.join(tmp, 'live.db'), { backgroundCheckpoint: false });
          await migrate(src);
          await src.db.insertInto('settings').values({ key: 'probe', value: String(before.n) }).execute();
          await backupDatabase(src, file);
          await src.close();
          const target = path.join(tmp, 'restored.db');
          await restoreDatabase(target, file);
          const restored = openStore(target, { backgroundCheckpoint: false });
          const probe = await restored.db.selectFrom('settings').select('value').where('key', '=', 'probe').executeTakeFirst();
          await restored.close();
          assert.equal(probe?.value, String(before.n));
        } else {
          await backupDatabase(p.store, file);
          const name = `fq_restore_${process.pid}`;
          const admin = new pg.Client({ connectionString: process.env.FENGQIAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.query(`CREATE DATABASE ${name}`);
          const u = new URL(p.store.url);
          u.pathname = `/${name}`;
          try {
            await restoreDatabase(u.toString(), file);
            const restored = openStore(u.toString(), { poolSize: 1 });
            const after = await restored.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
            await restored.close();
            assert.equal(Number(after.n), Number(before.n));
          } finally {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await admin.end();
          }
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

describe('logs carry no personal data', () => {
  test('a working session through the real server at debug level: no ID number, phone or name in its output', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-logs-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const root = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo-if-empty'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: path.join(tmp, 'fq.db'), FENGQIAO_KEY_FILE: path.join(tmp, 'keys.json'), FENGQIAO_DEMO_MATTERS: '20', LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const ID = idNumber('440604', '19660606', '661');
    const PHONE = '13966668888';
    const NAME = '欧阳娜娜';
    try {
      const base = `http://127.0.0.1:${port}/api/v1`;
      for (let i = 0; i < 300; i++) {
        if (await fetch(`${base}/openapi.json`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'city.registrar', password: 'fengqiao-demo' }) });
      const { token } = (await login.json()) as { token: string };
      const auth = { ...json, authorization: `Bearer ${token}` };
      const reg = await fetch(`${base}/petitions`, { method: 'POST', headers: auth, body: JSON.stringify({ channel: 'visit', receivedAt: new Date().toISOString(), title: '工资拖欠', content: '公司拖欠工资。', petitioners: [{ name: NAME, idNumber: ID, phone: PHONE }] }) });
      const { id } = (await reg.json()) as { id: number };
      await fetch(`${base}/petitions/${id}/petitioners/1/reveal`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: '核实身份信息' }) });
      const pub = await fetch(`${base}/public/petitions`, { method: 'POST', headers: json, body: JSON.stringify({ name: NAME, idNumber: ID, phone: PHONE, title: '网上信访', content: '测试内容。' }) });
      const { queryCode } = (await pub.json()) as { queryCode: string };
      await fetch(`${base}/public/petitions/${queryCode}?phone=${PHONE}`);
      await fetch(`${base}/public/petitions/${queryCode}?phone=13900000000`);
      // bad input is logged too, and must not echo what was sent
      await fetch(`${base}/petitions`, { method: 'POST', headers: auth, body: JSON.stringify({ channel: 'visit', receivedAt: 'x', title: 't', content: 'c', petitioners: [{ name: NAME, idNumber: ID.slice(0, 17) + '0', phone: PHONE }] }) });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    assert.ok(out.split('\n').length > 20, 'the server logged the session');
    for (const secret of [ID, ID.slice(0, 17), PHONE, NAME]) assert.ok(!out.includes(secret), `logs contain ${secret}`);
  });
});
