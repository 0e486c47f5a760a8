/**
 * The HTTP contract of API.md beyond the walkthrough: error codes for bad input (never 500), auth, the
 * OpenAPI document, the public citizen endpoints, the units list, idempotent registration, the holiday schedule.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`HTTP contract on ${dialect}`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2019-10-15T02:00:00Z' }); });
    after(async () => { await p.close(); });

    const visit = (over: Record<string, unknown> = {}) => ({
      channel: 'visit', receivedAt: '2019-10-14T10:00:00+08:00', title: '欠薪', content: '工厂拖欠三个月工资。',
      petitioners: [{ name: '周杰', idNumber: idNumber('440605', '19920202', '022'), phone: '13600136000' }], ...over,
    });

    test('OpenAPI document and docs are served', async () => {
      const r = await p.app.inject({ url: '/api/v1/openapi.json' });
      assert.equal(r.statusCode, 200);
      const doc = r.json() as { openapi: string; paths: Record<string, unknown> };
      assert.match(doc.openapi, /^3\./);
      for (const path of ['/api/v1/petitions', '/api/v1/matters/{id}/actions', '/api/v1/stats/rates', '/api/v1/public/petitions/{queryCode}']) {
        assert.ok(doc.paths[path], `${path} documented`);
      }
      assert.equal((await p.app.inject({ url: '/api/docs' })).statusCode < 400, true);
    });

    test('login: wrong password 401, no token 401, role without right 403', async () => {
      const bad = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.handler', password: 'nope' } });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().error.code, 'UNAUTHENTICATED');
      assert.equal((await p.app.inject({ url: '/api/v1/matters' })).statusCode, 401);
      const auditor = await as(p, 'city.auditor');
      const r = await auditor('POST', '/petitions', visit());
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'FORBIDDEN');
    });

    test('a session expires: the same token answers 401 after its lifetime', async () => {
      const { Sessions } = await import('../../src/services/auth.ts');
      const sessions = new Sessions(p.ctx, 12);
      const { token } = await sessions.login('city.handler', DEMO_PASSWORD);
      assert.ok(await sessions.resolve(token));
      const saved = p.clock.iso;
      p.clock.set(new Date(Date.parse(saved) + 13 * 3_600_000).toISOString());
      assert.equal(await sessions.resolve(token), null);
      p.clock.set(saved);
      await sessions.logout(token);
      assert.equal(await sessions.resolve(token), null);
    });

    test('the demo password is refused outside demo mode', async () => {
      await p.store.db.updateTable('settings').set({ value: '0' }).where('key', '=', 'demoMode').execute();
      await p.ctx.reload();
      const r = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.handler', password: DEMO_PASSWORD } });
      assert.equal(r.statusCode, 401);
      assert.match(r.json().error.message, /演示/);
      await p.store.db.updateTable('settings').set({ value: '1' }).where('key', '=', 'demoMode').execute();
      await p.ctx.reload();
    });

    test('bad input gets 400/422 with a code, never 500', async () => {
      const reg = await as(p, 'city.registrar');
      const cases: [unknown, number, string][] = [
        [{}, 400, 'BAD_INPUT'],
        [visit({ channel: 'pigeon' }), 400, 'BAD_INPUT'],
        [visit({ receivedAt: 'yesterday' }), 400, 'BAD_INPUT'],
        [visit({ receivedAt: '2030-01-01T00:00:00Z' }), 400, 'BAD_INPUT'],
        [visit({ petitioners: [] }), 400, 'BAD_INPUT'],
        [visit({ petitioners: [{ name: '周杰', idNumber: '440605199202020221' }] }), 422, 'ID_INVALID'],
        [visit({ petitioners: [{ name: '周杰', phone: '12345' }] }), 422, 'PHONE_INVALID'],
        [visit({ headcount: 40, petitioners: Array.from({ length: 6 }, (_, i) => ({ name: `代表${i}`, isRepresentative: true })) }), 422, 'TOO_MANY_REPRESENTATIVES'],
        [visit({ categoryCode: '999999' }), 400, 'BAD_INPUT'],
        [visit({ respondent: { unitId: 999999 } }), 400, 'BAD_INPUT'],
        [visit({ extra: 'field' }), 400, 'BAD_INPUT'],
      ];
      for (const [body, status, code] of cases) {
        const r = await reg('POST', '/petitions', body);
        assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 300)} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, code);
        assert.ok(r.body.error.message.length > 0);
      }
      const raw = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
      assert.equal(raw.statusCode, 400);
      const handler = await as(p, 'city.handler');
      assert.equal((await handler('GET', '/matters/abc')).status, 400);
      assert.equal((await handler('GET', '/matters/999999')).status, 404);
      assert.equal((await handler('GET', '/matters?from=2019-13-45')).status, 400);
      assert.equal((await handler('GET', '/matters?pageSize=100000')).status, 400);
      assert.equal((await handler('POST', '/matters/1/actions', { action: 'fly' })).status, 400);
      assert.equal((await handler('GET', '/stats/rates?from=2019-12-01&to=2019-01-01')).status, 400);
      assert.equal((await p.app.inject({ url: '/api/v1/nowhere' })).statusCode, 404);
    });

    test('an Idempotency-Key makes a retried registration create one petition', async () => {
      const tokenRes = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.registrar', password: DEMO_PASSWORD } });
      const headers = { authorization: `Bearer ${tokenRes.json().token}`, 'idempotency-key': 'desk-3-20191014-0007' };
      const body = visit({ title: '重复提交测试' });
      const [a, b] = await Promise.all([
        p.app.inject({ method: 'POST', url: '/api/v1/petitions', headers, payload: body }),
        p.app.inject({ method: 'POST', url: '/api/v1/petitions', headers, payload: body }),
      ]);
      assert.equal(a.statusCode, 201, a.body);
      assert.equal(b.statusCode, 201, b.body);
      assert.equal(a.json().id, b.json().id);
    });

    test('lists carry no full ID number or phone; search finds two-character words', async () => {
      const reg = await as(p, 'city.registrar');
      const id = idNumber('440606', '19850505', '055');
      await reg('POST', '/petitions', visit({ title: '物业收费不合理', content: '物业公司乱收停车费。', petitioners: [{ name: '孙丽', idNumber: id, phone: '13811112222' }] }));
      const list = await reg('GET', '/petitions?q=物业');
      assert.equal(list.status, 200);
      assert.ok(list.body.total >= 1);
      assert.ok(list.body.items.every((x: { title: string }) => typeof x.title === 'string'));
      const text = JSON.stringify(list.body) + JSON.stringify((await reg('GET', '/matters?q=物业')).body);
      assert.ok(!text.includes(id) && !text.includes('13811112222'));
      const matters = await reg('GET', '/matters?q=停车费');
      assert.equal(matters.body.items.length, 1);
    });

    test('units: only what the caller may see', async () => {
      const city = await (await as(p, 'city.handler'))('GET', '/units');
      const shunde = await (await as(p, 'shunde.housing.handler'))('GET', '/units');
      assert.ok(city.body.length > 60);
      assert.ok(shunde.body.length < 5);
      assert.ok(shunde.body.some((u: { id: number }) => u.id === p.unitId('shunde.housing')));
      assert.ok(!shunde.body.some((u: { id: number }) => u.id === p.unitId('nanhai.housing')));
    });

    test('public: submit, look up by code and phone (a wrong phone and a wrong code answer alike), evaluate', async () => {
      const sub = await p.app.inject({ method: 'POST', url: '/api/v1/public/petitions', payload: {
        name: '郑爽', idNumber: idNumber('440604', '19950909', '099'), phone: '13955556666', title: '路灯不亮', content: '石湾镇街道某路段路灯损坏一月无人维修。', regionCode: '440604010',
      } });
      assert.equal(sub.statusCode, 201, sub.body);
      const { queryCode } = sub.json() as { queryCode: string };
      const ok = await p.app.inject({ url: `/api/v1/public/petitions/${queryCode}?phone=13955556666` });
      assert.equal(ok.statusCode, 200);
      const progress = ok.json();
      assert.equal(progress.status, 'registered');
      assert.equal(progress.timeline[0].label, '登记');
      assert.ok(!ok.body.includes('13955556666') && !ok.body.includes('郑爽'));
      const wrongPhone = await p.app.inject({ url: `/api/v1/public/petitions/${queryCode}?phone=13900000000` });
      const wrongCode = await p.app.inject({ url: `/api/v1/public/petitions/ZZZZZZZZZZ?phone=13955556666` });
      assert.equal(wrongPhone.statusCode, 404);
      assert.equal(wrongPhone.body, wrongCode.body);
      // registered at the district's bureau, which routes it and replies itself
      const chancheng = await as(p, 'chancheng.handler');
      const list = await chancheng('GET', '/matters?q=路灯');
      assert.equal(list.body.items.length, 1);
      const mid = list.body.items[0].id;
      assert.equal((await chancheng('POST', `/matters/${mid}/actions`, { action: 'accept' })).status, 200);
      assert.equal((await chancheng('POST', `/matters/${mid}/actions`, { action: 'reply', outcome: 'support', text: '已安排维修。' })).status, 200);
      const ev = await p.app.inject({ method: 'POST', url: `/api/v1/public/petitions/${queryCode}/evaluation`, payload: { phone: '13955556666', result: 'satisfied' } });
      assert.equal(ev.statusCode, 200, ev.body);
      assert.equal(ev.json().evaluation, 'satisfied');
      assert.ok(ev.json().documents.some((d: { title: string }) => d.title === '信访处理意见书'));
      const twice = await p.app.inject({ method: 'POST', url: `/api/v1/public/petitions/${queryCode}/evaluation`, payload: { phone: '13955556666', result: 'dissatisfied' } });
      assert.equal(twice.statusCode, 422);
    });

    test('an administrator enters a holiday year; a limit beyond the known years is flagged', async () => {
      const admin = await as(p, 'admin');
      const years = await admin('GET', '/calendar/years');
      assert.ok(years.body.years.includes(2019));
      const handler = await as(p, 'city.handler');
      assert.equal((await handler('PUT', '/calendar/years/2031', { days: [] })).status, 403);
      // a date in the wrong year is refused
      assert.equal((await admin('PUT', '/calendar/years/2031', { days: [{ date: '2030-10-01', kind: 'rest' }] })).status, 400);
      const put = await admin('PUT', '/calendar/years/2031', { days: [{ date: '2031-10-01', kind: 'rest', name: '国庆节' }] });
      assert.equal(put.status, 200);
      assert.ok((await admin('GET', '/calendar/years')).body.years.includes(2031));
      // 2027 is beyond chinese-days: a limit that runs into it says so
      p.clock.set('2026-12-26T02:00:00Z');
      const reg = await as(p, 'city.registrar');
      const late = await reg('POST', '/petitions', visit({ title: '跨年期限', receivedAt: '2026-12-26T09:00:00+08:00' }));
      assert.equal(late.status, 201, JSON.stringify(late.body));
      assert.equal(late.body.deadlines.accept.beyondSchedule, true);
      const days2027 = [{ date: '2027-01-01', kind: 'rest', name: '元旦' }];
      assert.equal((await admin('PUT', '/calendar/years/2027', { days: days2027 })).status, 200);
      const known = await reg('POST', '/petitions', visit({ title: '跨年期限二', receivedAt: '2026-12-26T09:00:00+08:00' }));
      assert.equal(known.body.deadlines.accept.beyondSchedule, undefined);
      assert.equal(known.body.deadlines.accept.due, '2027-01-11'); // 2027-01-10 is a Sunday
      p.clock.set('2019-10-15T02:00:00Z');
    });
  });
}
