/**
 * Confidentiality of accusations (DOMAIN.md §8), as a matrix: every demo role × every documented endpoint that
 * names a matter or a petition × three viewers — the accused unit (and the unit below it), a foreign district, and
 * the unit handling it. The accused and the foreign never get a 2xx and never find it in a list or a search;
 * the handling unit does. Endpoints added later are covered as they appear in the OpenAPI document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, DEMO_PASSWORD } from '../../src/services/auth.ts';
import { demoUsers } from '../../src/org/foshan.ts';
import { ROLES } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`accusation access matrix on ${dialect}`, () => {
    let p: Platform;
    let matterId = 0;
    let petitionId = 0;
    let paths: { method: string; path: string }[] = [];
    let lists: string[] = [];
    before(async () => {
      p = await platform(dialect, { now: '2026-04-01T02:00:00Z' });
      const reg = await as(p, 'city.registrar');
      const r = await reg('POST', '/petitions', {
        channel: 'letter', receivedAt: '2026-03-31T02:00:00Z', purpose: 'accusation', title: '举报区住建局工作人员索要好处费',
        content: '实名举报顺德区住建部门某工作人员在审批中索要好处费。', respondent: { unitId: p.unitId('shunde.housing'), name: '顺德区住建部门某工作人员' },
        petitioners: [{ name: '匿名保护', idNumber: idNumber('440606', '19810101', '811'), phone: '13655556666' }],
      });
      assert.equal(r.status, 201);
      matterId = r.body.matterId;
      petitionId = r.body.id;
      const handler = await as(p, 'city.handler');
      assert.equal((await handler('POST', `/matters/${matterId}/actions`, { action: 'transfer', unitId: p.unitId('shunde.discipline') })).status, 200);
      for (const r of ROLES) {
        await addUser(p.ctx, { username: `accused.${r}`, name: `被举报单位${r}`, unitId: p.unitId('shunde.housing'), roles: [r], password: DEMO_PASSWORD }, { demo: true });
        await addUser(p.ctx, { username: `foreign.${r}`, name: `外区${r}`, unitId: p.unitId('nanhai.bureau'), roles: [r], password: DEMO_PASSWORD }, { demo: true });
      }
      const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      lists = Object.entries(doc.paths)
        .filter(([path, ops]) => 'get' in ops && !path.includes('{') && !/openapi|public|open311|ops\/|metrics|hotline/.test(path))
        .map(([path]) => path.replace('/api/v1', ''));
      paths = Object.entries(doc.paths)
        .filter(([path]) => /^\/api\/v1\/(matters|petitions)\/\{id\}/.test(path))
        .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m === 'get' || m === 'post').map((m) => ({ method: m.toUpperCase(), path })));
    });
    after(async () => { await p.close(); });

    // every role, at the accused unit, at the unit below it in line (none in Foshan's tree: the district bureau of
    // another district stands for "foreign"), and the demo users of a foreign district
    const viewers = () => [
      ...ROLES.map((r) => ({ username: `accused.${r}`, kind: 'accused' as const })),
      ...ROLES.map((r) => ({ username: `foreign.${r}`, kind: 'foreign' as const })),
      ...demoUsers().filter((u) => u.unitKey.startsWith('nanhai.')).map((u) => ({ username: u.username, kind: 'foreign' as const })),
    ];

    test('the accused unit and a foreign district: nothing, at every endpoint', async () => {
      assert.ok(paths.length >= 3, `endpoints under a matter or petition: ${paths.length}`);
      let checked = 0;
      for (const v of viewers()) {
        const call = await as(p, v.username);
        for (const e of paths) {
          const url = e.path.replace('/api/v1', '').replace('{id}', String(e.path.startsWith('/api/v1/matters') ? matterId : petitionId)).replace(/\{[^}]+\}/g, '1');
          const r = await call(e.method as 'GET' | 'POST', url, e.method === 'POST' ? { action: 'accept', reason: '查看', text: 'x' } : undefined);
          assert.ok(r.status === 404 || r.status === 403 || r.status === 400, `${v.username} (${v.kind}) ${e.method} ${url} → ${r.status}`);
          checked++;
        }
        // every list, statistic, export and report for the accused unit's users; the core lists for the others
        const core = ['/matters?q=举报&pageSize=200', '/petitions?q=好处费&pageSize=200', '/matters?pageSize=200', '/petitions?pageSize=200'];
        for (const list of v.kind === 'accused' ? [...core, ...lists] : core) {
          const r = await call('GET', list);
          assert.ok(r.status < 500, `${list} → ${r.status}`);
          const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
          assert.ok(!text.includes('好处费') && !text.includes('匿名保护'), `${v.username} sees it in ${list}`);
        }
      }
      assert.ok(checked > 0);
      console.log(`access matrix ${dialect}: ${viewers().length} users × (${paths.length} matter/petition endpoints + ${lists.length + 4} lists)`);
    });

    test('the handling unit and the city bureau see it', async () => {
      await addUser(p.ctx, { username: 'shunde.discipline.handler', name: '纪委经办人', unitId: p.unitId('shunde.discipline'), roles: ['handler'], password: DEMO_PASSWORD }, { demo: true });
      const tokenOf = async (u: string) => (await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: DEMO_PASSWORD } })).json().token as string;
      for (const u of ['shunde.discipline.handler', 'city.handler']) {
        const t = await tokenOf(u);
        const r = await p.app.inject({ url: `/api/v1/matters/${matterId}`, headers: { authorization: `Bearer ${t}` } });
        assert.equal(r.statusCode, 200, `${u}`);
      }
    });
  });
}
