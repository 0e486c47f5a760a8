/**
 * Administration over HTTP on both databases: accounts (create, roles, disable, reset password), units (add under
 * a parent, rename — the in-memory organisation follows at once), the category dictionary (add, rename, disable);
 * only the administrator; every change in the audit log; bad input is a 4xx.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuditLog } from '../../src/services/audit-log.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';

const STRONG = 'Qiao-Feng-2026x';

for (const dialect of DIALECTS) {
  describe(`administration over HTTP (${dialect})`, () => {
    let p: Platform;
    let admin: Awaited<ReturnType<typeof as>>;
    let handler: Awaited<ReturnType<typeof as>>;
    const login = (username: string, password: string) => p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    const audit = async (action: string) => p.store.db.selectFrom('auditLog').select(['target', 'actorUserId', 'data']).where('action', '=', action).execute();
    before(async () => {
      p = await platform(dialect, { now: '2026-11-20T02:00:00Z' });
      admin = await as(p, 'admin');
      handler = await as(p, 'shunde.handler');
    });
    after(async () => p?.close());

    test('only the administrator may change the organisation', async () => {
      assert.equal((await handler('POST', '/admin/users', { username: 'x.y', name: '某', unitId: p.unitId('shunde.bureau'), roles: ['handler'], password: STRONG })).status, 403);
      assert.equal((await handler('POST', '/admin/units', { parentId: p.unitId('shunde.bureau'), name: '某', code: 'X-1', kind: 'department' })).status, 403);
      assert.equal((await handler('GET', '/admin/categories')).status, 403);
      assert.equal((await p.app.inject({ method: 'PUT', url: '/api/v1/admin/categories/01', payload: { disabled: true } })).statusCode, 401);
    });

    test('an account is created with a strong password, logs in, gets new roles, has its password reset, is disabled', async () => {
      const unitId = p.unitId('shunde.bureau');
      assert.equal((await admin('POST', '/admin/users', { username: 'shunde.clerk', name: '何敏', unitId, roles: ['registrar'], password: 'short' })).status, 422);
      assert.equal((await admin('POST', '/admin/users', { username: 'Bad Name', name: '何敏', unitId, roles: ['registrar'], password: STRONG })).status, 400);
      assert.equal((await admin('POST', '/admin/users', { username: 'shunde.clerk', name: '何敏', unitId, roles: ['mayor'], password: STRONG })).status, 400);
      const c = await admin('POST', '/admin/users', { username: 'shunde.clerk', name: '何敏', unitId, roles: ['registrar'], password: STRONG });
      assert.equal(c.status, 201);
      assert.deepEqual({ ...c.body, id: 0 }, { id: 0, username: 'shunde.clerk', name: '何敏', unitId, roles: ['registrar'], disabled: false });
      assert.equal((await admin('POST', '/admin/users', { username: 'shunde.clerk', name: '何敏', unitId, roles: ['registrar'], password: STRONG })).status, 409);
      const first = await login('shunde.clerk', STRONG);
      assert.equal(first.statusCode, 200);
      const token = (first.json() as { token: string }).token;
      const me = () => p.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal((await me()).statusCode, 200);

      const r = await admin('PUT', `/admin/users/${c.body.id}`, { roles: ['registrar', 'handler'] });
      assert.deepEqual(r.body.roles, ['registrar', 'handler']);
      assert.equal((await me()).statusCode, 401, 'a change of roles ends the sessions that carried the old ones');
      assert.equal((await admin('PUT', `/admin/users/${c.body.id}`, { unitId: 999999 })).status, 400);
      assert.equal((await admin('PUT', `/admin/users/${c.body.id}`, {})).status, 400);
      assert.equal((await admin('PUT', '/admin/users/999999', { name: '无' })).status, 404);

      assert.equal((await admin('POST', `/admin/users/${c.body.id}/password`, { password: 'fengqiao-demo' })).status, 422);
      assert.equal((await admin('POST', `/admin/users/${c.body.id}/password`, { password: 'Another-Pass-42' })).status, 204);
      assert.equal((await login('shunde.clerk', STRONG)).statusCode, 401);
      assert.equal((await login('shunde.clerk', 'Another-Pass-42')).statusCode, 200);

      assert.equal((await admin('PUT', `/admin/users/${c.body.id}`, { disabled: true })).body.disabled, true);
      assert.equal((await login('shunde.clerk', 'Another-Pass-42')).statusCode, 401);
      const listed = (await admin('GET', '/workbench/users')).body as { username: string; disabled: boolean }[];
      assert.equal(listed.find((u) => u.username === 'shunde.clerk')?.disabled, true);

      // the administrator cannot lock themself out
      const self = p.userId('admin');
      assert.equal((await admin('PUT', `/admin/users/${self}`, { disabled: true })).status, 422);
      assert.equal((await admin('PUT', `/admin/users/${self}`, { roles: ['auditor'] })).status, 422);

      const actions = await p.store.db.selectFrom('auditLog').select('action').where('target', '=', `user:${c.body.id}`).orderBy('id').execute();
      assert.deepEqual(actions.map((a) => a.action).filter((a) => a.startsWith('user.')), ['user.add', 'user.update', 'user.password.reset', 'user.disable']);
      assert.ok((await audit('user.password.reset')).every((a) => Number(a.actorUserId) === self && !a.data.includes('Another')), 'no password in the log');
    });

    test('a unit added under a district bureau is in the organisation at once; renamed; bad input refused', async () => {
      const parentId = p.unitId('shunde.bureau');
      assert.equal((await admin('POST', '/admin/units', { parentId, name: '顺德区乐从镇', code: '440606-LC', kind: 'bureau' })).status, 400);
      assert.equal((await admin('POST', '/admin/units', { parentId, name: '顺德区某局', code: '440606-X', kind: 'department', regionCode: '440605' })).status, 400, 'outside the parent\'s region');
      assert.equal((await admin('POST', '/admin/units', { parentId: 999999, name: '无', code: 'NONE-1', kind: 'department' })).status, 400);
      const u = await admin('POST', '/admin/units', { parentId, name: '顺德区数据服务管理局', code: '440606-ZWSJ', kind: 'department', dept: 'data' });
      assert.equal(u.status, 201);
      assert.equal(u.body.regionCode, '440606');
      assert.equal(u.body.parentId, parentId);
      assert.equal((await admin('POST', '/admin/units', { parentId, name: '重复', code: '440606-ZWSJ', kind: 'department' })).status, 409);
      // the district bureau sees it and can route to it without a restart
      const units = (await handler('GET', '/units')).body as { id: number; name: string }[];
      assert.ok(units.some((x) => x.id === u.body.id && x.name === '顺德区数据服务管理局'));
      assert.equal(p.ctx.org().unit(u.body.id)?.parentId, parentId);
      const renamed = await admin('PUT', `/admin/units/${u.body.id}`, { name: '顺德区政务服务数据管理局' });
      assert.equal(renamed.body.name, '顺德区政务服务数据管理局');
      assert.equal(p.ctx.org().unit(u.body.id)?.name, '顺德区政务服务数据管理局');
      assert.equal((await admin('PUT', '/admin/units/999999', { name: '无' })).status, 404);
      const rows = await audit('unit.rename');
      assert.deepEqual(JSON.parse(rows.at(-1)!.data), { from: '顺德区数据服务管理局', to: '顺德区政务服务数据管理局' });
      const version = await p.store.db.selectFrom('settings').select('value').where('key', '=', 'orgVersion').executeTakeFirst();
      assert.ok(version?.value, 'other server processes learn of the change through the org version');
    });

    test('the category dictionary: add under a parent with the next code, rename, disable with its children', async () => {
      const before = (await handler('GET', '/categories')).body as { code: string; parentCode: string | null }[];
      const parent = before.find((c) => c.parentCode === null)!;
      const children = before.filter((c) => c.parentCode === parent.code);
      const added = await admin('POST', '/admin/categories', { parentCode: parent.code, name: '新型城镇化' });
      assert.equal(added.status, 201);
      assert.equal(added.body.level, 2);
      assert.equal(added.body.code, `${parent.code}${String(children.length + 1).padStart(2, '0')}`);
      assert.equal((await admin('POST', '/admin/categories', { parentCode: parent.code, name: '新型城镇化' })).status, 409);
      assert.equal((await admin('POST', '/admin/categories', { parentCode: '99', name: '无' })).status, 400);
      assert.equal((await admin('POST', '/admin/categories', { parentCode: 'abc', name: '无' })).status, 400);
      const leaf = await admin('POST', '/admin/categories', { parentCode: added.body.code, name: '镇街合并' });
      assert.equal(leaf.body.level, 3);
      assert.equal((await admin('POST', '/admin/categories', { parentCode: leaf.body.code, name: '第四级' })).status, 422);
      assert.equal((await admin('PUT', `/admin/categories/${added.body.code}`, { name: '新型城镇化建设' })).body.name, '新型城镇化建设');
      assert.ok(((await handler('GET', '/categories')).body as { code: string }[]).some((c) => c.code === leaf.body.code));
      assert.equal((await admin('PUT', `/admin/categories/${added.body.code}`, { disabled: true })).body.disabled, true);
      const offered = (await handler('GET', '/categories')).body as { code: string }[];
      assert.ok(!offered.some((c) => c.code === added.body.code || c.code === leaf.body.code), 'disabled with the level below');
      // registration takes what the dictionary offers: not a disabled category, but a newly added one
      const petition = (categoryCode: string) => handler('POST', '/petitions', { channel: 'letter', receivedAt: '2026-11-19T09:00:00+08:00', petitioners: [{ name: '梁伟' }], title: '分类', content: '内容', categoryCode });
      assert.equal((await petition(leaf.body.code)).status, 400);
      const fresh = await admin('POST', '/admin/categories', { parentCode: children[0]!.code, name: '新增三级分类' });
      assert.equal((await petition(fresh.body.code)).status, 201);
      const all = (await admin('GET', '/admin/categories')).body as { code: string; disabled: boolean }[];
      assert.equal(all.find((c) => c.code === leaf.body.code)?.disabled, true);
      assert.equal(all.length, before.length + 3);
      assert.equal((await admin('PUT', '/admin/categories/990101', { name: '无' })).status, 404);

      // a renamed category is exported under its new name
      const leafOld = before.find((c) => c.parentCode !== null && c.code.length === 6)!;
      const reg = await handler('POST', '/petitions', { channel: 'letter', receivedAt: '2026-11-19T09:00:00+08:00', petitioners: [{ name: '梁伟' }], title: '分类更名导出', content: '内容', categoryCode: leafOld.code });
      assert.equal(reg.status, 201);
      await admin('PUT', `/admin/categories/${leafOld.code}`, { name: '更名后的分类' });
      const token = (await login('shunde.handler', 'fengqiao-demo')).json<{ token: string }>().token;
      const x = await p.app.inject({ url: '/api/v1/matters/export.xlsx?q=分类更名导出', headers: { authorization: `Bearer ${token}` } });
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const values = wb.worksheets[0]!.getColumn('F').values.filter(Boolean);
      assert.ok(values.includes('更名后的分类'), JSON.stringify(values));
      assert.equal((await audit('category.add')).length, 3);
      assert.deepEqual(await verifyAuditLog(p.store.db).then((v) => v.broken), null);
    });
  });
}
