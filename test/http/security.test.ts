/**
 * Accounts and sessions as 等保2.0 asks: lockout after repeated failures, idle timeout, logout everywhere, a TOTP
 * second factor, CSRF protection for cookie sessions, security headers, and the append-only security audit log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { totpAt } from '../../src/security/totp.ts';
import { ACCOUNT_RULES, DEMO_PASSWORD, Sessions } from '../../src/services/auth.ts';
import { recordAudit, verifyAuditLog } from '../../src/services/audit-log.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`accounts and sessions on ${dialect}`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2026-03-02T02:00:00Z' }); });
    after(async () => { await p.close(); });
    const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
      p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra } });

    test(`an account locks after ${ACCOUNT_RULES.maxFailedLogins} failed logins, and unlocks after ${ACCOUNT_RULES.lockMinutes} minutes`, async () => {
      for (let i = 0; i < ACCOUNT_RULES.maxFailedLogins; i++) assert.equal((await login('city.lawyer', 'wrong')).statusCode, 401);
      const locked = await login('city.lawyer', DEMO_PASSWORD);
      assert.equal(locked.statusCode, 401);
      assert.match(locked.json().error.message, /锁定/);
      const saved = p.clock.iso;
      p.clock.set(new Date(Date.parse(saved) + (ACCOUNT_RULES.lockMinutes + 1) * 60_000).toISOString());
      assert.equal((await login('city.lawyer', DEMO_PASSWORD)).statusCode, 200);
      p.clock.set(saved);
      const log = await p.store.db.selectFrom('auditLog').select('action').execute();
      assert.ok(log.some((r) => r.action === 'login.locked'));
      assert.ok(log.filter((r) => r.action === 'login.failed').length >= ACCOUNT_RULES.maxFailedLogins - 1);
    });

    test('a session unused for 30 minutes ends; one in use goes on', async () => {
      const sessions = new Sessions(p.ctx, 12, 30);
      const { token } = await sessions.login('city.supervisor', DEMO_PASSWORD);
      const t0 = Date.parse(p.clock.iso);
      p.clock.set(new Date(t0 + 20 * 60_000).toISOString());
      assert.ok(await sessions.resolve(token));
      p.clock.set(new Date(t0 + 45 * 60_000).toISOString()); // 25 minutes after the last use
      assert.ok(await sessions.resolve(token));
      p.clock.set(new Date(t0 + 80 * 60_000).toISOString()); // 35 minutes idle
      assert.equal(await sessions.resolve(token), null);
      p.clock.set(new Date(t0).toISOString());
    });

    test('logout everywhere ends every session of the user', async () => {
      const a = (await login('city.leader', DEMO_PASSWORD)).json().token as string;
      const b = (await login('city.leader', DEMO_PASSWORD)).json().token as string;
      const me = (t: string) => p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${t}` } });
      assert.equal((await me(a)).statusCode, 200);
      assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: { authorization: `Bearer ${a}` } })).statusCode, 204);
      assert.equal((await me(a)).statusCode, 401);
      assert.equal((await me(b)).statusCode, 401);
    });

    test('TOTP: enrol with a code from the app, then a login needs the current code', async () => {
      const token = (await login('city.evaluator', DEMO_PASSWORD)).json().token as string;
      const auth = { authorization: `Bearer ${token}` };
      const setup = await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: auth });
      assert.equal(setup.statusCode, 200);
      const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
      assert.match(otpauthUrl, /^otpauth:\/\/totp\//);
      assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enable', headers: auth, payload: { code: '000000' === totpAt(secret, Date.parse(p.clock.iso)) ? '111111' : '000000' } })).statusCode, 422);
      assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enable', headers: auth, payload: { code: totpAt(secret, Date.parse(p.clock.iso)) } })).statusCode, 204);
      const without = await login('city.evaluator', DEMO_PASSWORD);
      assert.equal(without.statusCode, 401);
      assert.equal(without.json().error.details.otpRequired, true);
      assert.equal((await login('city.evaluator', DEMO_PASSWORD, { otp: totpAt(secret, Date.parse(p.clock.iso)) })).statusCode, 200);
    });

    test('cookie sessions need the CSRF token on state-changing requests', async () => {
      const r = await login('city.registrar', DEMO_PASSWORD, { cookie: true });
      const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string | string[]);
      const token = /fq_token=([^;]+)/.exec(cookies.join('\n'))![1]!;
      const csrf = /fq_csrf=([^;]+)/.exec(cookies.join('\n'))![1]!;
      assert.ok(cookies.some((c) => c.startsWith('fq_token=') && c.includes('HttpOnly') && c.includes('SameSite=Strict')));
      const cookie = `fq_token=${token}; fq_csrf=${csrf}`;
      assert.equal((await p.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode, 200);
      const body = { channel: 'letter', receivedAt: '2026-03-01T02:00:00Z', title: 'CSRF', content: '测试', petitioners: [{ name: '某人' }] };
      const forged = await p.app.inject({ method: 'POST', url: '/api/v1/petitions', headers: { cookie }, payload: body });
      assert.equal(forged.statusCode, 403);
      const ok = await p.app.inject({ method: 'POST', url: '/api/v1/petitions', headers: { cookie, 'x-csrf-token': csrf }, payload: body });
      assert.equal(ok.statusCode, 201);
    });

    test('security headers on every answer', async () => {
      const r = await p.app.inject({ url: '/api/v1/openapi.json' });
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal((await p.app.inject({ url: '/nowhere' })).headers['x-content-type-options'], 'nosniff');
    });

    test('a new password must be strong; changing it ends the old sessions', async () => {
      const token = (await login('city.auditor', DEMO_PASSWORD)).json().token as string;
      const auth = { authorization: `Bearer ${token}` };
      const weak = await p.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: auth, payload: { current: DEMO_PASSWORD, next: 'abc12345' } });
      assert.equal(weak.statusCode, 422);
      const ok = await p.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: auth, payload: { current: DEMO_PASSWORD, next: 'Feng-Qiao-2026!' } });
      assert.equal(ok.statusCode, 204);
      assert.equal((await p.app.inject({ url: '/api/v1/me', headers: auth })).statusCode, 401);
      assert.equal((await login('city.auditor', 'Feng-Qiao-2026!')).statusCode, 200);
    });

    test('the security audit log is chained and refuses edits and early deletes', async () => {
      const v = await verifyAuditLog(p.store.db);
      assert.ok(v.rows > 5);
      assert.equal(v.broken, null);
      await assert.rejects(sql`update audit_log set action = 'x'`.execute(p.store.db), /append-only/);
      // retention: an entry of today cannot be deleted; entries older than six months may be purged
      const saved = p.clock.iso;
      p.clock.set(new Date().toISOString());
      await recordAudit(p.ctx, { actorUserId: null, action: 'test.fresh' });
      p.clock.set(saved);
      await assert.rejects(sql`delete from audit_log`.execute(p.store.db), /6 months/);
      const cutoff = new Date(Date.now() - 200 * 86_400_000).toISOString();
      await sql`delete from audit_log where at < ${cutoff}`.execute(p.store.db);
      const left = await p.store.db.selectFrom('auditLog').select('action').execute();
      assert.deepEqual(left.map((r) => r.action), ['test.fresh']);
    });
  });
}
