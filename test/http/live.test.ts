/**
 * Live updates in one process (issue 10): GET /api/v1/live over a real socket. A registration and an action on a
 * matter reach the connected users who may see it — and a confidential accusation is never announced to the
 * accused unit's users. SQLite (the in-process emitter) and PostgreSQL (LISTEN/NOTIFY, one process).
 * The two-process case is in test/store/two-processes.test.ts.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';
import { connectLive, listenLive, refusedWith } from '../helpers/live-client.ts';

for (const dialect of DIALECTS) {
  describe(`live updates, one process (${dialect})`, () => {
    let p: Platform;
    let srv: Awaited<ReturnType<typeof listenLive>>;
    const api = async (token: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
      const r = await fetch(`${srv.base}/api/v1${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const petition = (title: string, extra: Record<string, unknown> = {}) => ({
      channel: 'letter', receivedAt: '2019-12-30T02:00:00Z', petitioners: [{ name: '黄来信' }], title, content: `${title}，请依法处理。`, ...extra,
    });

    before(async () => {
      p = await platform(dialect);
      srv = await listenLive(p);
    });
    after(() => srv.close());

    test('a registration and an action reach those who may see the matter; an accusation never reaches the accused unit', async () => {
      const city = await srv.live('city.handler');
      const shunde = await srv.live('shunde.handler');
      const housing = await srv.live('shunde.housing.handler');
      const registrar = await srv.tokenOf('shunde.handler');

      const demand = await api(registrar, 'POST', '/petitions', petition('小区电梯长期停运'));
      assert.equal(demand.status, 201, JSON.stringify(demand.body));
      const demandId = demand.body.matterId as number;
      for (const c of [city, shunde]) {
        assert.deepEqual(await c.next((m) => m.id === demandId), { type: 'matter', id: demandId, version: 1, status: 'registered' });
      }

      // an accusation against the Shunde bureau itself, registered there: the city sees it, Shunde's users do not
      const accusation = await api(registrar, 'POST', '/petitions', petition('举报区信访局工作人员', { purpose: 'accusation', respondent: { unitId: p.unitId('shunde.bureau') } }));
      assert.equal(accusation.status, 201, JSON.stringify(accusation.body));
      const accusationId = accusation.body.matterId as number;
      assert.deepEqual(await city.next((m) => m.id === accusationId), { type: 'matter', id: accusationId, version: 1, status: 'registered' });

      // an action: the demand goes to the district housing bureau, whose handler now sees it (and is told)
      const moved = await api(registrar, 'POST', `/matters/${demandId}/actions`, { action: 'transfer', unitId: p.unitId('shunde.housing') });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const v2 = { type: 'matter', id: demandId, version: 2, status: moved.body.status };
      for (const c of [city, shunde, housing]) assert.deepEqual(await c.next((m) => m.id === demandId && m.version === 2), v2);

      // announcements arrive in order: by the time the transfer reached Shunde, the accusation had been passed over
      assert.deepEqual(shunde.messages.filter((m) => m.type === 'matter').map((m) => `${m.id}/${m.version}`), [`${demandId}/1`, `${demandId}/2`]);
      // the housing bureau saw nothing before the matter reached it
      assert.deepEqual(housing.messages.filter((m) => m.type === 'matter').map((m) => `${m.id}/${m.version}`), [`${demandId}/2`]);
      // the same rule as the API: the accused unit cannot open the matter either
      assert.equal((await api(registrar, 'GET', `/matters/${accusationId}`)).status, 404);
    });

    test('refused without a session, and a cookie handshake from another site', async () => {
      assert.equal(await refusedWith(srv.base, {}), 401);
      assert.equal(await refusedWith(srv.base, { authorization: 'Bearer not-a-session' }), 401);
      const token = await srv.tokenOf('city.handler');
      assert.equal(await refusedWith(srv.base, { cookie: `fq_token=${token}`, origin: 'https://evil.example' }), 403);
      // the web app's own page, by cookie
      const own = await connectLive(srv.base, { cookie: `fq_token=${token}`, origin: srv.base });
      srv.clients.push(own);
      const reg = await api(await srv.tokenOf('city.registrar'), 'POST', '/petitions', petition('路灯不亮'));
      assert.equal(reg.status, 201);
      assert.deepEqual(await own.next((m) => m.id === reg.body.matterId), { type: 'matter', id: reg.body.matterId, version: 1, status: 'registered' });
    });
  });
}
