/**
 * The use cases against a real database, on SQLite and PostgreSQL: compare-and-set, the audit chain (and its
 * append-only guard), repeat linking and 不再受理, the accusation rule, visibility, personal data at rest, rates.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DomainError } from '../../src/domain/errors.ts';
import { actOnMatter } from '../../src/services/act-on-matter.ts';
import { verifyAudit } from '../../src/services/audit-verify.ts';
import { computeRates } from '../../src/services/rates.ts';
import { registerPetition, type RegisterInput } from '../../src/services/register-petition.ts';
import { getMatterView, listMattersView } from '../../src/services/matter-views.ts';
import { DIALECTS } from '../helpers/db.ts';
import { idNumber, platform, type Platform } from '../helpers/fixtures.ts';

const codeOf = async (p: Promise<unknown>) => {
  try { await p; return 'OK'; } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
};

for (const dialect of DIALECTS) {
  describe(`matters on ${dialect}`, () => {
    let p: Platform;
    let registrar: { userId: number; unitId: number; roles: ['registrar'] };
    let cityHandler: { userId: number; unitId: number; roles: ['handler'] };
    let housing: { userId: number; unitId: number; roles: ['handler'] };
    before(async () => {
      p = await platform(dialect, { now: '2019-10-15T02:00:00Z' });
      registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar'] };
      cityHandler = { userId: p.userId('city.handler'), unitId: p.unitId('city.bureau'), roles: ['handler'] };
      housing = { userId: p.userId('shunde.housing.handler'), unitId: p.unitId('shunde.housing'), roles: ['handler'] };
    });
    after(async () => { await p.close(); });

    const input = (over: Partial<RegisterInput> = {}): RegisterInput => ({
      channel: 'letter', receivedAt: '2019-10-08T01:00:00Z', title: '小区噪音扰民', content: '夜间施工噪音严重影响休息。',
      petitioners: [{ name: '王芳', idNumber: idNumber('440604', '19880808', '066'), phone: '13700001111' }], ...over,
    });

    test('personal data is encrypted at rest and matched by keyed hash', async () => {
      const id = idNumber('440605', '19900101', '011');
      const r = await registerPetition(p.ctx, registrar, input({ petitioners: [{ name: '赵敏', idNumber: id, phone: '13512345678' }] }));
      const row = await p.store.db.selectFrom('petitioners').selectAll().where('petitionId', '=', r.id).executeTakeFirstOrThrow();
      assert.ok(row.idEnc && !row.idEnc.includes(id));
      assert.ok(row.phoneEnc && !row.phoneEnc.includes('13512345678'));
      assert.equal(p.ctx.pii.decrypt(row.idEnc), id);
      assert.equal(row.idHash, p.ctx.pii.hash('id', id));
      assert.equal(row.phoneMasked, '135****5678');
    });

    test('bad ID checksum and too many representatives are refused, nothing is written', async () => {
      const before = await p.store.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const bad = idNumber('440604', '19880808', '066').slice(0, 17) + (idNumber('440604', '19880808', '066').endsWith('1') ? '2' : '1');
      assert.equal(await codeOf(registerPetition(p.ctx, registrar, input({ petitioners: [{ name: '王芳', idNumber: bad }] }))), 'ID_INVALID');
      const six = Array.from({ length: 6 }, (_, i) => ({ name: `代表${i + 1}`, isRepresentative: true }));
      assert.equal(await codeOf(registerPetition(p.ctx, registrar, input({ petitioners: six, headcount: 30 }))), 'TOO_MANY_REPRESENTATIVES');
      const after = await p.store.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('a repeat by the same person on the same subject joins the open matter and is not routed again', async () => {
      const person = { name: '刘洋', idNumber: idNumber('440607', '19700707', '077') };
      const first = await registerPetition(p.ctx, registrar, input({ title: '村集体分红不公', categoryCode: undefined, petitioners: [person] }));
      assert.ok(first.flags.includes('firstTime'));
      const second = await registerPetition(p.ctx, registrar, input({ title: '村集体分红不公', channel: 'visit', petitioners: [person] }));
      assert.equal(second.isRepeat, true);
      assert.equal(second.matterId, first.matterId);
      assert.ok(second.flags.includes('repeat'));
      assert.ok(!second.flags.includes('firstTime'));
      const m = await getMatterView(p.ctx, cityHandler, first.matterId);
      assert.deepEqual(m.petitionIds, [first.id, second.id]);
      assert.deepEqual(m.events.map((e) => e.action), ['register', 'linkPetition']);
      // another subject by the same person is a new matter
      const other = await registerPetition(p.ctx, registrar, input({ title: '医保报销问题', petitioners: [person] }));
      assert.notEqual(other.matterId, first.matterId);
    });

    test('a new petition on a terminated matter is flagged 不再受理', async () => {
      const person = { name: '黄伟', idNumber: idNumber('440608', '19650505', '055') };
      p.clock.set('2019-10-15T02:00:00Z');
      const r = await registerPetition(p.ctx, registrar, input({ title: '征地补偿标准过低', receivedAt: '2019-06-03T01:00:00Z', petitioners: [person] }));
      const shundeHandler = { userId: p.userId('shunde.handler'), unitId: p.unitId('shunde.bureau'), roles: ['handler'] as const };
      const citizen = { userId: null, unitId: null, roles: ['citizen'] as const };
      const steps: [typeof cityHandler | typeof citizen | typeof shundeHandler, string, Record<string, unknown>, string][] = [
        [cityHandler, 'transfer', { unitId: p.unitId('shunde.housing') }, '2019-06-04T02:00:00Z'],
        [housing, 'accept', {}, '2019-06-05T02:00:00Z'],
        [housing, 'reply', { outcome: 'reject', text: '不予支持' }, '2019-06-20T02:00:00Z'],
        [citizen, 'requestReview', {}, '2019-06-25T02:00:00Z'],
        [shundeHandler, 'decideReview', { decision: 'uphold', text: '维持' }, '2019-07-10T02:00:00Z'],
        [citizen, 'requestReReview', {}, '2019-07-15T02:00:00Z'],
        [cityHandler, 'decideReReview', { decision: 'uphold', text: '维持，终结' }, '2019-08-01T02:00:00Z'],
      ];
      for (const [actor, action, params, at] of steps) await actOnMatter(p.ctx, actor, r.matterId, action as never, { ...params, at });
      const done = await getMatterView(p.ctx, cityHandler, r.matterId);
      assert.equal(done.status, 'terminated');
      const again = await registerPetition(p.ctx, registrar, input({ title: '征地补偿标准过低', petitioners: [person] }));
      assert.equal(again.matterId, r.matterId);
      assert.ok(again.flags.includes('noFurtherAcceptance'));
      assert.equal((await getMatterView(p.ctx, cityHandler, r.matterId)).status, 'terminated');
    });

    test('compare-and-set: two handlers moving the same matter at once — exactly one wins', async () => {
      const r = await registerPetition(p.ctx, registrar, input({ title: '并发测试' }));
      const results = await Promise.all([
        codeOf(actOnMatter(p.ctx, cityHandler, r.matterId, 'transfer', { unitId: p.unitId('shunde.housing') })),
        codeOf(actOnMatter(p.ctx, cityHandler, r.matterId, 'accept', {})),
      ]);
      assert.equal(results.filter((x) => x === 'OK').length, 1, results.join(','));
      assert.ok(results.every((x) => ['OK', 'CONFLICT', 'INVALID_STATE', 'FORBIDDEN'].includes(x)), results.join(','));
      const m = await getMatterView(p.ctx, cityHandler, r.matterId);
      assert.equal(m.events.length, 2);
    });

    test('the audit chain verifies, refuses edits, and detects tampering', async () => {
      const ok = await verifyAudit(p.ctx);
      assert.equal(ok.breaks.length, 0);
      assert.ok(ok.events > 5);
      const ev = await p.store.db.selectFrom('events').select(['id', 'matterId']).orderBy('id').executeTakeFirstOrThrow();
      await assert.rejects(p.store.db.updateTable('events').set({ data: '{}' }).where('id', '=', ev.id).execute(), /append-only/);
      await assert.rejects(p.store.db.deleteFrom('events').where('id', '=', ev.id).execute(), /append-only/);
      // someone with the database's own rights drops the guard and edits a row: the chain shows it
      if (dialect === 'sqlite') {
        await sql`DROP TRIGGER events_no_update`.execute(p.store.db);
      } else {
        await sql`ALTER TABLE events DISABLE TRIGGER events_no_update`.execute(p.store.db);
      }
      await p.store.db.updateTable('events').set({ data: '{"channel":"visit"}' }).where('id', '=', ev.id).execute();
      const broken = await verifyAudit(p.ctx);
      assert.equal(broken.breaks.length, 1);
      assert.equal(broken.breaks[0]!.matterId, Number(ev.matterId));
      assert.match(broken.breaks[0]!.reason, /hash/);
    });

    test('an accusation is invisible to the accused unit, everywhere it lists', async () => {
      const accused = p.unitId('shunde.housing');
      const r = await registerPetition(p.ctx, registrar, input({ title: '举报某局干部收受好处', purpose: 'accusation', respondent: { unitId: accused } }));
      assert.equal(await codeOf(actOnMatter(p.ctx, cityHandler, r.matterId, 'transfer', { unitId: accused })), 'ACCUSED_UNIT');
      await actOnMatter(p.ctx, cityHandler, r.matterId, 'transfer', { unitId: p.unitId('city.discipline') });
      assert.equal(await codeOf(getMatterView(p.ctx, housing, r.matterId)), 'NOT_FOUND');
      const list = await listMattersView(p.ctx, housing, { page: 1, pageSize: 200, q: '举报' });
      assert.equal(list.items.length, 0);
      const cityHousing = { unitId: p.unitId('city.housing') };
      // the accused unit's parent line is not the accused unit: the city housing bureau is outside the accused subtree
      assert.equal((await listMattersView(p.ctx, { unitId: p.unitId('city.bureau') }, { page: 1, pageSize: 200, q: '举报' })).items.length, 1);
      assert.ok(cityHousing.unitId);
    });

    test('rates from matters, as of a date', async () => {
      p.clock.set('2019-12-31T02:00:00Z');
      const base = { from: '2019-11-01', to: '2019-11-30' };
      const mk = async (title: string, received: string) => (await registerPetition(p.ctx, registrar, input({ title, receivedAt: received }))).matterId;
      const a = await mk('及时受理甲', '2019-11-01T02:00:00Z');
      const b = await mk('逾期受理乙', '2019-11-01T02:00:00Z');
      await mk('未受理丙', '2019-11-01T02:00:00Z');
      await actOnMatter(p.ctx, cityHandler, a, 'accept', { at: '2019-11-05T02:00:00Z' });
      await actOnMatter(p.ctx, cityHandler, b, 'accept', { at: '2019-11-20T02:00:00Z' });
      await actOnMatter(p.ctx, cityHandler, a, 'reply', { outcome: 'support', text: '已解决', at: '2019-11-10T02:00:00Z' });
      await actOnMatter(p.ctx, { userId: null, unitId: null, roles: ['citizen'] }, a, 'evaluate', { result: 'basicallySatisfied', at: '2019-11-12T02:00:00Z' });
      // registered in November (the matters above only; the rest of this suite is registered before)
      const r = await computeRates(p.ctx, { unitId: p.unitId('city.bureau') }, { ...base, asOf: '2019-12-31' });
      // a on time, b late (limit 2019-11-18), c undecided past its limit
      assert.deepEqual(r.timelyAcceptance, { rate: 33.33, numerator: 1, denominator: 3 });
      assert.deepEqual(r.onTimeCompletion, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual(r.participation, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual(r.satisfaction, { rate: 100, numerator: 1, denominator: 1 });
      // as of 2019-11-08 only a's acceptance had happened; nothing was yet past a limit
      const early = await computeRates(p.ctx, { unitId: p.unitId('city.bureau') }, { ...base, asOf: '2019-11-08' });
      assert.deepEqual(early.timelyAcceptance, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual(early.satisfaction, { rate: null, numerator: 0, denominator: 0 });
    });
  });
}
