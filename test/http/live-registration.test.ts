/**
 * A registration's live announcement while the petition indexer runs (the server's default): on PostgreSQL the
 * insert statement sends it itself (registration.repository.ts), on SQLite it is published after the commit. Either
 * way those who may see the matter hear of it and the accused unit does not; and a statement whose NOTIFY fails
 * writes its rows anyway (the announcement is then lost, as a failed publish would be).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPetitionIndexer } from '../../src/jobs/scheduler.ts';
import { deferPetitionIndex } from '../../src/services/register-petition.ts';
import { insertRegistration } from '../../src/store/registration.repository.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';
import { listenLive } from '../helpers/live-client.ts';

for (const dialect of DIALECTS) {
  describe(`live announcement of registrations with the index deferred (${dialect})`, () => {
    let p: Platform;
    let srv: Awaited<ReturnType<typeof listenLive>>;
    let indexer: ReturnType<typeof startPetitionIndexer>;
    const register = async (token: string, title: string, extra: Record<string, unknown> = {}) => {
      const r = await fetch(`${srv.base}/api/v1/petitions`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'letter', receivedAt: '2019-12-30T02:00:00Z', petitioners: [{ name: '黄来信' }], title, content: `${title}，请依法处理。`, ...extra }),
      });
      assert.equal(r.status, 201);
      return (await r.json()) as { id: number; matterId: number };
    };

    before(async () => {
      p = await platform(dialect);
      indexer = startPetitionIndexer(p.ctx);
      srv = await listenLive(p);
    });
    after(async () => {
      indexer.stop();
      await indexer.drained();
      deferPetitionIndex(p.ctx, null);
      await srv.close();
    });

    test('heard by those who may see the matter, not by the accused unit; the index row follows', async () => {
      const city = await srv.live('city.handler');
      const shunde = await srv.live('shunde.handler');
      const registrar = await srv.tokenOf('shunde.handler');
      const demand = await register(registrar, '小区电梯长期停运');
      for (const c of [city, shunde]) {
        assert.deepEqual(await c.next((m) => m.id === demand.matterId), { type: 'matter', id: demand.matterId, version: 1, status: 'registered' });
      }
      const accusation = await register(registrar, '举报区信访局工作人员', { purpose: 'accusation', respondent: { unitId: p.unitId('shunde.bureau') } });
      assert.deepEqual(await city.next((m) => m.id === accusation.matterId), { type: 'matter', id: accusation.matterId, version: 1, status: 'registered' });
      const demand2 = await register(registrar, '路灯损坏无人维修');
      await shunde.next((m) => m.id === demand2.matterId);
      // in order, and the accusation passed over
      assert.deepEqual(shunde.messages.filter((m) => m.type === 'matter').map((m) => m.id), [demand.matterId, demand2.matterId]);
      await indexer.drained();
      const rows = await p.store.db.selectFrom('textDocs').select('sourceId').where('kind', '=', 'petition').where('sourceId', 'in', [demand.id, accusation.id, demand2.id]).execute();
      assert.equal(rows.length, 3);
    });

    test('a NOTIFY that fails does not fail the write', async () => {
      const now = '2019-12-30T02:00:00.000Z';
      const petition = {
        id: 900001, code: 'XF201912300900001', queryCode: 'QQQQQQQQQQ', matterId: 900001, channel: 'letter', receivedAt: now, registeredAt: now,
        registeredBy: null, unitId: p.unitId('city.bureau'), title: '测试', content: '测试内容', purpose: 'demand', handlingClass: 'demand',
        categoryCode: null, regionCode: null, address: null, headcount: 1, isGroup: 0, isRepeat: 0, flags: '[]',
        respondentUnitId: null, respondentName: null, idempotencyKey: null,
      };
      const matter = await p.store.db.selectFrom('matters').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      // a payload past NOTIFY's 8,000 bytes: PostgreSQL refuses it
      const change = { id: 900001, version: 1, status: 'registered', units: Array.from({ length: 2000 }, (_, i) => 100000 + i), accusedUnitId: null };
      const sent = await p.store.atomic((tx) => insertRegistration(tx, p.store, { matter: null, petition: { ...petition, matterId: Number(matter.id) }, petitioners: [{ petitionId: 900001, position: 1, name: '黄来信', idHash: null, idEnc: null, idMasked: null, phoneHash: null, phoneEnc: null, phoneMasked: null, address: null, isRepresentative: 0 }], event: null }, change));
      assert.equal(sent, false);
      assert.equal((await p.store.db.selectFrom('petitions').select('id').where('id', '=', 900001).execute()).length, 1);
    });
  });
}
