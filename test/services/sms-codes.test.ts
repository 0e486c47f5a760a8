/**
 * SMS codes (issue 4) on SQLite and PostgreSQL: the console gateway of the demo writes the code with the phone
 * masked (never the full number); a code presented twice by one submission (same idempotency key, a double click)
 * is accepted twice, by another submission once only; only keyed hashes are stored; a failing gateway leaves no code.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ConsoleGateway } from '../../src/notify/gateways.ts';
import { sendSmsCode, verifySmsCode } from '../../src/services/sms-codes.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`SMS codes (${dialect})`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2019-09-20T02:00:00Z' }); });
    after(async () => { await p.close(); });

    test('the console gateway logs the code with the phone masked; the table holds hashes only', async () => {
      const lines: string[] = [];
      const log = pino({ level: 'info' }, new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } }));
      const ctx = { ...p.ctx, log };
      assert.deepEqual(await sendSmsCode(ctx, new ConsoleGateway(log), { phone: '138 0013 8000', purpose: 'petition' }), { expiresIn: 300, resendAfter: 60 });
      const all = lines.join('');
      assert.ok(!all.includes('13800138000'), all);
      const entry = lines.map((l) => JSON.parse(l) as { to?: string; code?: string; msg: string }).find((l) => l.code);
      assert.equal(entry?.to, '138****8000');
      assert.match(entry!.code!, /^\d{6}$/);
      const row = await p.store.db.selectFrom('smsCodes').selectAll().executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes('13800138000') && !JSON.stringify(row).includes(entry!.code!));

      // one submission may present it twice (a double click), another may not reuse it
      await verifySmsCode(p.ctx, { phone: '13800138000', purpose: 'petition', code: entry!.code!, useKey: 'k1' });
      await verifySmsCode(p.ctx, { phone: '13800138000', purpose: 'petition', code: entry!.code!, useKey: 'k1' });
      await assert.rejects(verifySmsCode(p.ctx, { phone: '13800138000', purpose: 'petition', code: entry!.code!, useKey: 'k2' }), { code: 'SMS_CODE_INVALID' });
      await assert.rejects(verifySmsCode(p.ctx, { phone: '13800138000', purpose: 'petition', code: entry!.code! }), { code: 'SMS_CODE_INVALID' });
    });

    test('a gateway that fails: 503, and the citizen may ask again at once', async () => {
      const failing = { name: 'http-sms', send: async () => { throw new Error('HTTP 502 for 13900139000'); } };
      await assert.rejects(sendSmsCode(p.ctx, failing, { phone: '13900139000', purpose: 'petition' }), { code: 'UNAVAILABLE' });
      const sent: string[] = [];
      await sendSmsCode(p.ctx, { name: 'capture', send: async (_to, text) => { sent.push(text); return 'id'; } }, { phone: '13900139000', purpose: 'petition' });
      assert.match(sent[0]!, /^【枫桥信访】您的验证码为\d{6}，5分钟内有效/);
      // a landline cannot receive a code
      await assert.rejects(sendSmsCode(p.ctx, failing, { phone: '0757-83331234', purpose: 'petition' }), { code: 'PHONE_INVALID' });
    });
  });
}
