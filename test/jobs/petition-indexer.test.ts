/**
 * The deferred search-index write of registrations (FENGQIAO_TEXT_INDEX=deferred, the server's default): the
 * registration commits without its index row, the petition indexer writes the rows moments later; a search before
 * that finds the petition through its request-time catch-up, and so does one whose queued row was lost.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPetitionIndexer, textIndexMode } from '../../src/jobs/scheduler.ts';
import { deferPetitionIndex, registerPetition, type PetitionDoc } from '../../src/services/register-petition.ts';
import { search } from '../../src/services/text-search.ts';
import '../../src/store/schema-text.ts';
import { STORES } from '../helpers/db.ts';
import { idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const { name, dialect, file } of STORES) {
  describe(`petition indexer (${name})`, () => {
    let p: Platform;
    let registrar: { userId: number; unitId: number; roles: ('registrar')[] };
    before(async () => {
      p = await platform(dialect, { now: '2019-10-15T02:00:00Z', file });
      registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar'] };
    });
    after(async () => { deferPetitionIndex(p.ctx, null); await p.close(); });
    const register = (seq: string, title: string, content: string) => registerPetition(p.ctx, registrar, {
      channel: 'visit', receivedAt: '2019-10-14T10:00:00+08:00', title, content,
      petitioners: [{ name: `陈${seq}`, idNumber: idNumber('440606', '19800101', seq), phone: `1380013${seq.padStart(4, '0')}` }],
    });
    const indexed = async (petitionId: number) =>
      (await p.store.db.selectFrom('textDocs').select('id').where('kind', '=', 'petition').where('sourceId', '=', petitionId).execute()).length;

    test('deferred is the default; inline on request', () => {
      const saved = process.env.FENGQIAO_TEXT_INDEX;
      try {
        delete process.env.FENGQIAO_TEXT_INDEX;
        assert.equal(textIndexMode(), 'deferred');
        process.env.FENGQIAO_TEXT_INDEX = 'inline';
        assert.equal(textIndexMode(), 'inline');
      } finally {
        if (saved === undefined) delete process.env.FENGQIAO_TEXT_INDEX;
        else process.env.FENGQIAO_TEXT_INDEX = saved;
      }
    });

    test('without the indexer the row is written in the registration', async () => {
      const r = await register('301', '路灯损坏', '新城路路灯损坏一个月无人维修。');
      assert.equal(await indexed(r.id), 1);
    });

    test('with the indexer: written after the commit, searchable once drained', async () => {
      const indexer = startPetitionIndexer(p.ctx);
      try {
        const rs = await Promise.all([
          register('302', '搅拌站噪音扰民', '混凝土搅拌站日夜生产，噪音和粉尘严重影响居民生活。'),
          register('303', '物业挪用维修基金', '物业公司未经业主大会同意动用专项维修资金。'),
        ]);
        await indexer.drained();
        for (const r of rs) assert.equal(await indexed(r.id), 1);
        const hit = await search(p.ctx, registrar, { q: '维修资金', page: 1, pageSize: 10 });
        assert.deepEqual(hit.items.map((h) => h.petitionId), [rs[1]!.id]);
      } finally {
        indexer.stop();
      }
      // stopped: registrations index in their own transactions again
      const r = await register('304', '工资拖欠', '公司拖欠工资半年。');
      assert.equal(await indexed(r.id), 1);
    });

    test('a row still queued (or lost with the process) is found by the search catch-up', async () => {
      const lost: PetitionDoc[] = [];
      deferPetitionIndex(p.ctx, (d) => lost.push(d)); // a sink that never writes
      try {
        const r = await register('305', '违建占道', '商铺违章搭建占用人行道。');
        assert.equal(lost.length, 1);
        assert.equal(await indexed(r.id), 0);
        const hit = await search(p.ctx, registrar, { q: '违章搭建', page: 1, pageSize: 10 });
        assert.deepEqual(hit.items.map((h) => h.petitionId), [r.id]);
        assert.equal(await indexed(r.id), 1);
      } finally {
        deferPetitionIndex(p.ctx, null);
      }
    });
  });
}
