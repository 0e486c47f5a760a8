/**
 * 12345 hotline intake: signed, replay-protected, idempotent work orders become petitions on channel 'hotline';
 * status changes reach a real HTTP server on 127.0.0.1 (the hotline's callback), signed, with retries after failure.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';
import { dispatchHotlineCallbacks, sign, syncHotlineStatuses } from '../../src/services/hotline.ts';

const SECRET = 'test-hotline-secret-0123456789';
let nonceSeq = 0;

function signed(p: Platform, body: unknown, opts: { secret?: string; skewSeconds?: number; nonce?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.parse(p.clock.now()) / 1000) + (opts.skewSeconds ?? 0));
  const nonce = opts.nonce ?? `nonce-${process.pid}-${++nonceSeq}-abcdef`;
  return p.app.inject({
    method: 'POST', url: '/api/v1/hotline/work-orders', payload: raw,
    headers: { 'content-type': 'application/json', 'x-hotline-timestamp': ts, 'x-hotline-nonce': nonce, 'x-hotline-signature': sign(opts.secret ?? SECRET, ts, nonce, raw) },
  });
}

const order = (orderId: string) => ({
  orderId, receivedAt: '2019-09-20T01:00:00Z',
  caller: { name: '陈女士', idNumber: idNumber('440606', '19750312', '224'), phone: '13922334455' },
  title: '小区加装电梯施工噪音扰民', content: '12345 转办：顺德区某小区加装电梯夜间施工，噪音严重影响休息，要求规范施工时间。',
  regionCode: '440606',
});

interface Received { headers: http.IncomingHttpHeaders; body: string }

for (const dialect of DIALECTS) {
  describe(`12345 hotline intake (${dialect})`, () => {
    let p: Platform;
    let server: http.Server;
    let url = '';
    const received: Received[] = [];
    let failNext = 0;
    before(async () => {
      process.env.FENGQIAO_HOTLINE_SECRET = SECRET;
      p = await platform(dialect, { now: '2019-09-20T02:00:00Z' });
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
        req.on('end', () => {
          if (failNext > 0) { failNext--; res.statusCode = 502; res.end('busy'); return; }
          received.push({ headers: req.headers, body });
          res.statusCode = 200; res.end('{"ok":true}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    });
    after(async () => {
      delete process.env.FENGQIAO_HOTLINE_SECRET;
      await new Promise<void>((r) => server.close(() => r()));
      await p.close();
    });

    test('a signed work order becomes a hotline petition; the same order id registers once', async () => {
      const r = await signed(p, order('GD2019092000001'));
      assert.equal(r.statusCode, 201, r.body);
      const first = r.json();
      assert.equal(first.duplicate, false);
      assert.match(first.petitionCode, /.+/);
      const again = await signed(p, order('GD2019092000001'));
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().duplicate, true);
      assert.equal(again.json().petitionCode, first.petitionCode);
      const count = await p.store.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).where('channel', '=', 'hotline').executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
      // the caller's SMS with the query code is queued once
      const sms = await p.store.db.selectFrom('notificationDeliveries').select(['body', 'recipientMasked']).where('dedupeKey', '=', 'hotline-registered:GD2019092000001').execute();
      assert.equal(sms.length, 1);
      assert.ok(sms[0]!.body.includes(first.queryCode));
      assert.equal(sms[0]!.recipientMasked, '139****4455');
      const handler = await as(p, 'shunde.handler');
      const m = await handler('GET', `/matters/${first.matterId}`);
      assert.equal(m.status, 200);
      assert.equal(m.body.channel ?? m.body.petitions?.[0]?.channel, 'hotline');
    });

    test('wrong signature, stale timestamp, replayed nonce and missing headers are refused', async () => {
      assert.equal((await signed(p, order('GD-BAD-SIG'), { secret: 'not-the-secret-at-all' })).statusCode, 401);
      assert.equal((await signed(p, order('GD-STALE'), { skewSeconds: -301 })).statusCode, 401);
      assert.equal((await signed(p, order('GD-FUTURE'), { skewSeconds: 400 })).statusCode, 401);
      const nonce = 'replayed-nonce-0000000001';
      assert.equal((await signed(p, order('GD-REPLAY'), { nonce })).statusCode, 201);
      const replay = await signed(p, order('GD-REPLAY-2'), { nonce });
      assert.equal(replay.statusCode, 409);
      const bare = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/work-orders', payload: order('GD-BARE') });
      assert.equal(bare.statusCode, 401);
      // a tampered body fails the signature even with valid headers
      const raw = JSON.stringify(order('GD-TAMPER'));
      const ts = String(Math.floor(Date.parse(p.clock.now()) / 1000));
      const tampered = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/work-orders', payload: raw.replace('陈女士', '王先生'),
        headers: { 'content-type': 'application/json', 'x-hotline-timestamp': ts, 'x-hotline-nonce': 'tamper-nonce-000000001', 'x-hotline-signature': sign(SECRET, ts, 'tamper-nonce-000000001', raw) } });
      assert.equal(tampered.statusCode, 401);
      // a signed but invalid work order is a 4xx, not a petition
      const bad = await signed(p, { ...order('GD-BAD-ID'), caller: { name: '某', idNumber: '440606197513122240' } });
      assert.equal(bad.statusCode, 422);
    });

    test('registration and each status change are pushed to the callback URL, signed; failures are retried', async () => {
      const r = (await signed(p, order('GD2019092000009'))).json();
      const handler = await as(p, 'shunde.handler');
      p.clock.set('2019-09-23T02:00:00Z');
      const t = await handler('POST', `/matters/${r.matterId}/actions`, { action: 'transfer', unitId: p.unitId('shunde.housing') });
      assert.equal(t.status, 200, JSON.stringify(t.body));
      assert.ok(await syncHotlineStatuses(p.ctx) >= 1);
      assert.equal(await syncHotlineStatuses(p.ctx), 0, 'a change is queued once');

      failNext = 1;
      const first = await dispatchHotlineCallbacks(p.ctx, { url, secret: SECRET, owner: 'test-a', batch: 1 });
      assert.equal(first.failed, 1);
      // the failed row waits for its backoff; later the rest go, then the retried one
      p.clock.set('2019-09-23T02:10:00Z');
      for (let i = 0; i < 5; i++) await dispatchHotlineCallbacks(p.ctx, { url, secret: SECRET, owner: `test-${i}` });
      const mine = received.map((x) => JSON.parse(x.body) as { orderId: string; event: string; status: string }).filter((b) => b.orderId === 'GD2019092000009');
      assert.deepEqual(mine.map((b) => b.event), ['registered', 'statusChanged']);
      assert.equal(mine[1]!.status, 'routed');
      for (const x of received) {
        const ts = x.headers['x-hotline-timestamp'] as string; const nonce = x.headers['x-hotline-nonce'] as string;
        assert.equal(x.headers['x-hotline-signature'], sign(SECRET, ts, nonce, x.body));
      }
      const pending = await p.store.db.selectFrom('hotlineOutbox').select('id').where('sentAt', 'is', null).execute();
      assert.equal(pending.length, 0);
    });
  });
}
