/**
 * The rate facts (issue 5, services/rate-facts.ts) against the event log: random matters go through random
 * lifecycles (routing, objections, acceptance, extensions, paused clocks, replies, evaluations, send-backs,
 * review requests) and assessment objections are decided; then, for many as-of dates and two periods, every
 * unit's four rates from the rollup equal those the event-log assessment computes. A rebuild from the event log
 * gives the same figures as the facts kept action by action.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.ts';
import type { Action, MatterStatus } from '../../src/domain/types.ts';
import { actOnMatter, type ActingUser } from '../../src/services/act-on-matter.ts';
import { assessment, decideObjection, fileObjection, METRICS } from '../../src/services/assessment.ts';
import { rateCountsByUnit, rateFactsReady, ratesOfCounts, rebuildRateFacts } from '../../src/services/rate-facts.ts';
import { computeRates } from '../../src/services/rates.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

/** mulberry32: a small seeded generator, so that a failure can be replayed with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.RATE_FACTS_SEED ?? 20191231);
const MATTERS = 45;
const DAY = 86_400_000;
const AS_OF = ['2019-01-20', '2019-02-28', '2019-03-17', '2019-04-30', '2019-05-31', '2019-06-15', '2019-07-31', '2019-08-20', '2019-09-30', '2019-10-08', '2019-11-11', '2019-12-31', '2020-01-31', '2020-02-29'];
// whole months, whole months with partial edges, and days within one month (the rollups split periods so)
const PERIODS = [{ from: '2019-01-01', to: '2019-12-31' }, { from: '2019-04-01', to: '2019-06-30' }, { from: '2019-03-10', to: '2019-08-20' }, { from: '2019-05-02', to: '2019-05-30' }, { from: '2019-02-01', to: '2019-11-15' }];

for (const dialect of DIALECTS) {
  describe(`rate facts equal the event log on random lifecycles (${dialect}, seed ${SEED})`, () => {
    let p: Platform;
    const rnd = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

    before(async () => {
      p = await platform(dialect, { now: '2020-03-01T04:00:00Z' });
      assert.equal(await rateFactsReady(p.store.db), true); // a new database starts with a complete (empty) rollup
      const bureaus = ['city.bureau', 'shunde.bureau', 'nanhai.bureau'].map((k) => p.unitId(k));
      const targets = ['city.housing', 'shunde.housing', 'nanhai.housing', 'shunde.bureau', 'nanhai.bureau'].map((k) => p.unitId(k));
      const city = p.unitId('city.bureau');
      const citizen: ActingUser = { userId: null, unitId: null, roles: ['citizen'] };
      for (let i = 0; i < MATTERS; i++) {
        const registrar = pick(bureaus);
        let t = Date.parse('2019-01-02T02:00:00Z') + Math.floor(rnd() * 330) * DAY + Math.floor(rnd() * 8) * 3_600_000;
        const reg = await registerPetition(p.ctx, { userId: null, unitId: registrar, roles: ['registrar'] }, {
          channel: 'letter', receivedAt: new Date(t).toISOString(), petitioners: [{ name: `信访人${i}` }], title: `随机事项${i}`, content: `随机事项${i}的情况`, regionCode: '440606',
        });
        const id = reg.matterId;
        const steps = Math.floor(rnd() * 8);
        for (let s = 0; s < steps; s++) {
          t += (1 + Math.floor(rnd() * 24)) * DAY;
          if (t > Date.parse('2020-02-29T02:00:00Z')) break;
          const m = await p.store.db.selectFrom('matters').select(['status', 'unitId', 'reviewUnitId', 'pausedAt', 'extendedDays']).where('id', '=', id).executeTakeFirstOrThrow();
          const holder: ActingUser = { userId: null, unitId: Number(m.unitId), roles: ['handler', 'leader'] };
          const options: Partial<Record<MatterStatus, [Action, ActingUser, Record<string, unknown>][]>> = {
            registered: [['transfer', holder, { unitId: pick(targets.filter((u) => u !== Number(m.unitId))) }], ['accept', holder, {}], ['decline', holder, { reason: '属诉讼事项', channelGuidance: '向法院起诉' }]],
            routed: [['accept', holder, {}], ['accept', holder, {}], ['object', holder, { reason: '不属本单位' }], ['decline', holder, { reason: '另有途径', channelGuidance: '申请仲裁' }]],
            accepted: [['reply', holder, { outcome: pick(['support', 'explain', 'reject']), text: '答复' }], ['reply', holder, { outcome: 'explain', text: '答复' }], ['extend', holder, { days: 1 + Math.floor(rnd() * 30), reason: '复杂' }],
              [m.pausedAt ? 'resumeClock' : 'pauseClock', holder, { reason: '听证' }]],
            replied: [['evaluate', citizen, { result: pick(['satisfied', 'basicallySatisfied', 'dissatisfied']) }], ['evaluate', citizen, { result: 'satisfied' }],
              ['sendBack', { userId: null, unitId: city, roles: ['supervisor'] }, { reason: '答复质量不高' }], ['requestReview', citizen, {}]],
          };
          const choices = options[m.status as MatterStatus];
          if (!choices) break;
          const [action, actor, params] = pick(choices);
          try {
            await actOnMatter(p.ctx, actor, id, action, { ...params, at: new Date(t).toISOString() });
          } catch (e) {
            if (!(e instanceof DomainError)) throw e; // a guard said no (a limit passed, not the supervising bureau …): the lifecycle goes on
          }
        }
        if (rnd() < 0.3) {
          const m = await p.store.db.selectFrom('matters').select('unitId').where('id', '=', id).executeTakeFirstOrThrow();
          const last = Date.parse('2020-02-29T02:00:00Z');
          const filed = Math.min(t + DAY, last);
          const o = await fileObjection(p.ctx, { userId: null, unitId: Number(m.unitId), roles: ['handler'] }, { matterId: id, metric: pick(METRICS), reason: '不可抗力', at: new Date(filed).toISOString() });
          await decideObjection(p.ctx, { userId: null, unitId: city, roles: ['supervisor'] }, o.id, { uphold: rnd() < 0.7, note: '经核查', at: new Date(Math.min(filed + Math.floor(rnd() * 40) * DAY, last)).toISOString() });
        }
      }
    });
    after(async () => p?.close());

    const fromFacts = async (q: { from: string; to: string }, asOf: string) => {
      const counts = await rateCountsByUnit(p.ctx, { ...q, asOf });
      return new Map([...counts.entries()].map(([u, c]) => [u, ratesOfCounts(c)]));
    };
    const empty = ratesOfCounts({});

    async function compareAll(label: string) {
      let compared = 0;
      for (const q of PERIODS) {
        for (const asOf of AS_OF) {
          const log = await assessment(p.ctx, null, { ...q, asOf, by: 'unit' });
          const facts = await fromFacts(q, asOf);
          const units = new Set([...log.rows.map((r) => Number(r.key)), ...facts.keys()]);
          for (const u of units) {
            const row = log.rows.find((r) => Number(r.key) === u);
            const want = row ? { timelyAcceptance: row.timelyAcceptance, onTimeCompletion: row.onTimeCompletion, participation: row.participation, satisfaction: row.satisfaction } : empty;
            assert.deepEqual(facts.get(u) ?? empty, want, `${label}: unit ${u}, ${q.from}..${q.to} as of ${asOf}`);
            compared++;
          }
          // a viewer who sees every unit gets the totals
          const total = await computeRates(p.ctx, { unitId: p.unitId('city.bureau') }, { ...q, asOf });
          assert.deepEqual([total.timelyAcceptance, total.onTimeCompletion, total.participation, total.satisfaction],
            [log.total.timelyAcceptance, log.total.onTimeCompletion, log.total.participation, log.total.satisfaction], `${label}: total as of ${asOf}`);
        }
      }
      return compared;
    }

    test('every unit\'s four rates from the rollup equal the event log\'s, for every as-of date and period', async () => {
      const log = await assessment(p.ctx, null, { from: '2019-01-01', to: '2019-12-31', asOf: '2020-02-29', by: 'all' });
      // the random data exercises every bucket the rates count
      assert.ok(log.total.timelyAcceptance.denominator > log.total.timelyAcceptance.numerator, 'some late or overdue acceptance');
      assert.ok(log.total.onTimeCompletion.numerator > 0 && log.total.participation.denominator > 0 && log.total.satisfaction.denominator > 0);
      const events = await p.store.db.selectFrom('events').select('action').distinct().execute();
      // (for the default seed; another seed replays other lifecycles)
      if (!process.env.RATE_FACTS_SEED) for (const a of ['transfer', 'accept', 'reply', 'evaluate', 'sendBack', 'pauseClock', 'extend']) assert.ok(events.some((e) => e.action === a), `no ${a} in the random data`);
      assert.ok(await compareAll('kept action by action') > 20);
    });

    test('a rebuild from the event log gives the same figures and the same pieces', async () => {
      const before = await p.store.db.selectFrom('matters').select(['id', 'ratePieces']).where('ratePieces', 'is not', null).orderBy('id').execute();
      const r = await rebuildRateFacts(p.ctx, { chunk: 7 });
      assert.equal(r.matters, MATTERS);
      const afterRows = new Map((await p.store.db.selectFrom('matters').select(['id', 'ratePieces']).execute()).map((m) => [Number(m.id), m.ratePieces]));
      for (const m of before) assert.equal(afterRows.get(Number(m.id)), m.ratePieces, `pieces of matter ${m.id}`);
      assert.equal([...afterRows.values()].filter((v) => v === null).length, 0);
      assert.equal(await rateFactsReady(p.store.db), true);
      await compareAll('after rebuild');
    });
  });
}
