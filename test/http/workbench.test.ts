/**
 * The workbench's own endpoints (issue 3): home counts, person history at the desk by keyed hash, dashboard
 * volumes and rates, the Excel export of the current list, and the /admin pages served (or the build hint).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`workbench API on ${dialect}`, () => {
    let p: Platform;
    const id = idNumber('440606', '19850312', '123');
    before(async () => { p = await platform(dialect, { now: '2019-10-15T02:00:00Z' }); });
    after(async () => { await p.close(); });

    const visit = (over: Record<string, unknown> = {}) => ({
      channel: 'visit', receivedAt: '2019-10-14T10:00:00+08:00', title: '加装电梯停工', content: '小区加装电梯工程停工半年。',
      petitioners: [{ name: '陈建华', idNumber: id, phone: '13902281234', isRepresentative: true }], ...over,
    });

    test('person history: earlier petitions and open matters of an ID number, before and after registering', async () => {
      const registrar = await as(p, 'city.registrar');
      const none = await registrar('GET', `/workbench/person-history?idNumber=${id}`);
      assert.equal(none.status, 200);
      assert.deepEqual([none.body.valid, none.body.petitions.length, none.body.openMatters], [true, 0, 0]);
      const r = await registrar('POST', '/petitions', visit());
      assert.equal(r.status, 201);
      const h = await registrar('GET', `/workbench/person-history?idNumber=${id.toLowerCase()}`);
      assert.equal(h.body.petitions.length, 1);
      assert.equal(h.body.petitions[0].code, r.body.code);
      assert.equal(h.body.openMatters, 1);
      assert.ok(!JSON.stringify(h.body).includes(id), 'the ID number itself is never echoed');
      const bad = await registrar('GET', `/workbench/person-history?idNumber=${id.slice(0, 17)}0`.replace(/0$/, id.endsWith('0') ? '1' : '0'));
      assert.equal(bad.body.valid, false);
      assert.match(bad.body.message, /校验位/);
      assert.equal((await (await as(p, 'city.auditor'))('GET', `/workbench/person-history?idNumber=${id}`)).status, 403);
    });

    test('home: the queue of the unit holding the matter, with overdue counts as the clock moves', async () => {
      const handler = await as(p, 'city.handler');
      const home = await handler('GET', '/workbench/home');
      assert.equal(home.status, 200);
      assert.ok(home.body.total >= 1);
      assert.equal(home.body.byStatus.registered, home.body.total);
      assert.equal(home.body.overdue, 0);
      p.clock.set('2019-12-01T02:00:00Z');
      const later = await handler('GET', '/workbench/home');
      assert.equal(later.body.overdue, later.body.total);
      assert.equal(later.body.urgent.length, later.body.total);
      p.clock.set('2019-10-15T02:00:00Z');
      const nanhai = await (await as(p, 'nanhai.handler'))('GET', '/workbench/home');
      assert.equal(nanhai.body.total, 0);
      // a supervisor has no queue of their own: the home page watches every unit in scope
      const sup = await (await as(p, 'city.supervisor'))('GET', '/workbench/home');
      assert.equal(sup.body.acrossUnits, true);
      assert.equal(sup.body.total, home.body.total);
    });

    test('dashboard: volume by channel and district, rates per district bureau', async () => {
      const leader = await as(p, 'city.leader');
      const v = await leader('GET', '/workbench/volume?from=2019-10-01&to=2019-10-31&by=channel');
      assert.equal(v.status, 200);
      assert.deepEqual(v.body, [{ key: 'visit', count: 1 }]);
      const rates = await leader('GET', '/workbench/rates?from=2019-10-01&to=2019-10-31');
      assert.equal(rates.status, 200);
      assert.ok(rates.body.some((r: { unitName: string }) => r.unitName.includes('顺德')));
      assert.equal((await leader('GET', '/workbench/volume?from=2019-02-30&to=2019-10-31&by=channel')).status, 400);
    });

    test('export: the current list as .xlsx with the same filters', async () => {
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.handler', password: 'fengqiao-demo' } });
      const token = (login.json() as { token: string }).token;
      const r = await p.app.inject({ url: '/api/v1/matters/export.xlsx?status=registered', headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('信访事项')!;
      assert.equal(ws.getRow(1).getCell(1).value, '编号');
      assert.equal(ws.getRow(2).getCell(2).value, '加装电梯停工');
      assert.equal(ws.getRow(2).getCell(3).value, '已登记');
      assert.equal((await p.app.inject({ url: '/api/v1/matters/export.xlsx' })).statusCode, 401);
    });

    test('/admin serves the workbench page (or says how to build it); / stays the portal page', async () => {
      const page = await p.app.inject({ url: '/admin/matters/1' });
      assert.ok([200, 503].includes(page.statusCode));
      assert.match(page.body, page.statusCode === 200 ? /<div id="root">/ : /npm run build:web/);
      assert.equal((await p.app.inject({ url: '/admin/assets/missing-chunk.js' })).statusCode, 404);
      assert.equal((await p.app.inject({ url: '/admin/..%2f..%2fpackage.json' })).statusCode, 404);
      assert.equal((await p.app.inject({ url: '/' })).statusCode, 200);
    });
  });
}
