/**
 * bench/rates — the dashboard refresh: the four rates for every unit over one year, at 1,000,000 matters, on
 * SQLite and on PostgreSQL. The matters are written straight into a scratch database under /tmp (one INSERT …
 * SELECT from a generated series: states, on-time flags, dues and evaluations spread over the year and the units),
 * with the events that record those states (register, accept, reply, evaluate; INSERT … SELECT from the matters).
 * Then `fengqiao rates rebuild` (rebuildRateFacts) folds the event log into the rate facts, timed, and the rates
 * are timed as the dashboard asks for them: `dashboardRates` (every unit, as of today: one indexed sum over
 * rate_rollup plus the matters no one has acted on) and a past as-of date (`rateCountsByUnit` as of 2019-06-30,
 * the same query with another bound — reproducible as the event log answers it, see test/services/rate-facts).
 * The database is dropped afterwards.
 *
 *   npm run bench rates [-- --matters 1000000 --dialects sqlite,postgres --runs 5]
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { sql } from 'kysely';
import { Pii } from '../src/security/pii.ts';
import { dashboardRates } from '../src/services/assessment.ts';
import { rateCountsByUnit, rebuildRateFacts } from '../src/services/rate-facts.ts';
import { createCtx } from '../src/services/context.ts';
import { seedBase } from '../src/services/seed.ts';
import { migrate, openStore } from '../src/store/db.ts';
import { scratchDatabase } from './util.ts';

const { values } = parseArgs({ options: { matters: { type: 'string', default: '1000000' }, dialects: { type: 'string', default: 'sqlite,postgres' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.matters);
const RUNS = Number(values.runs);

/** The generated row for i (SQL text for either dialect; `i` is the series column). */
function rowSql(pg: boolean, units: number[]) {
  const mod = (a: string, b: number) => (pg ? `(${a} % ${b})` : `(${a} % ${b})`);
  const unit = `(CASE ${units.map((u, k) => `WHEN ${mod('i', units.length)} = ${k} THEN ${u}`).join(' ')} END)`;
  // received: spread over 2019 (i-th second-ish); day-of-year 0..364
  const day = mod('i', 365);
  const date = pg ? `to_char(date '2019-01-01' + (${day})::int, 'YYYY-MM-DD')` : `date('2019-01-01', '+' || ${day} || ' days')`;
  const plus = (n: number) => (pg ? `to_char(date '2019-01-01' + (${day} + ${n})::int, 'YYYY-MM-DD')` : `date('2019-01-01', '+' || (${day} + ${n}) || ' days')`);
  const s = mod('i', 10); // 0..9 → state mix
  return `SELECT 'B' || i, CASE WHEN ${s} < 1 THEN 'registered' WHEN ${s} < 3 THEN 'accepted' ELSE 'replied' END, 1, ${unit}, ${unit}, 'appeal', 'demand', 'letter', '基准测试事项',
    ${date} || 'T02:00:00.000Z', ${date} || 'T02:00:00.000Z',
    CASE WHEN ${s} >= 1 THEN ${plus(5)} || 'T02:00:00.000Z' END, CASE WHEN ${s} >= 1 THEN ${plus(5)} || 'T02:00:00.000Z' END,
    CASE WHEN ${s} >= 1 THEN (CASE WHEN ${mod('i', 17)} = 0 THEN 0 ELSE 1 END) END,
    CASE WHEN ${s} >= 3 THEN ${plus(50)} || 'T02:00:00.000Z' END, CASE WHEN ${s} >= 3 THEN (CASE WHEN ${mod('i', 23)} = 0 THEN 0 ELSE 1 END) END,
    CASE WHEN ${s} >= 6 THEN (CASE WHEN ${mod('i', 7)} = 0 THEN 'dissatisfied' WHEN ${mod('i', 3)} = 0 THEN 'basicallySatisfied' ELSE 'satisfied' END) END,
    CASE WHEN ${s} >= 6 THEN ${plus(55)} || 'T02:00:00.000Z' END,
    '{}', ${plus(15)}, CASE WHEN ${s} >= 1 AND ${s} < 3 THEN ${plus(65)} END, CASE WHEN ${s} >= 3 THEN ${plus(80)} END, 'x', '2026-11-26T00:00:00Z'`;
}
const COLS = 'code, status, version, unit_id, registering_unit_id, handling_class, purpose, channel, title, received_at, registered_at, accepted_at, decided_at, decided_on_time, replied_at, replied_on_time, evaluation, evaluated_at, deadlines, accept_due, handle_due, evaluation_due, chain_head, updated_at';

for (const dialect of values.dialects.split(',')) {
  const scratch = await scratchDatabase(dialect, 'rates');
  const store = openStore(scratch.url);
  try {
    await migrate(store);
    const ctx = await createCtx({ store, pii: new Pii(Pii.generateKeys()), log: pino({ level: 'silent' }), now: () => '2020-03-01T04:00:00.000Z' });
    await seedBase(ctx);
    const units = (await store.db.selectFrom('units').select('id').where('kind', '<>', 'town').execute()).map((u) => Number(u.id));
    const pg = dialect === 'postgres';
    const t0 = Date.now();
    const CH = 200_000;
    for (let lo = 1; lo <= N; lo += CH) {
      const hi = Math.min(N, lo + CH - 1);
      const series = pg ? `generate_series(${lo}, ${hi}) AS g(i)` : `(WITH RECURSIVE s(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM s WHERE i < ${hi}) SELECT i FROM s)`;
      await sql.raw(`INSERT INTO matters (${COLS}) ${rowSql(pg, units).replace(/^SELECT/, 'SELECT')} FROM ${series}`).execute(store.db);
    }
    if (pg) await sql`ANALYZE matters`.execute(store.db); else await sql`ANALYZE`.execute(store.db);
    console.log(`${dialect}: ${N} matters over ${units.length} units written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = Date.now();
    // the events that record the generated states, for the rebuild to fold
    const ev = (seq: number, action: string, from: string, to: string, at: string, data: string, where: string) =>
      sql.raw(`INSERT INTO events (matter_id, seq, action, from_status, to_status, actor_unit_id, at, recorded_at, data, prev_hash, hash)
        SELECT id, ${seq}, '${action}', ${from}, '${to}', unit_id, ${at}, ${at}, ${data}, 'x', 'x' FROM matters WHERE ${where}`).execute(store.db);
    await ev(1, 'register', 'NULL', 'registered', 'received_at', `'{}'`, 'received_at IS NOT NULL');
    await ev(2, 'accept', `'registered'`, 'accepted', 'accepted_at', `CASE WHEN decided_on_time = 1 THEN '{"onTime":true}' ELSE '{"onTime":false}' END`, 'accepted_at IS NOT NULL');
    await ev(3, 'reply', `'accepted'`, 'replied', 'replied_at', `CASE WHEN replied_on_time = 1 THEN '{"onTime":true,"outcome":"explain"}' ELSE '{"onTime":false,"outcome":"explain"}' END`, 'replied_at IS NOT NULL');
    await ev(4, 'evaluate', `'replied'`, 'replied', 'evaluated_at', `'{"result":"' || evaluation || '"}'`, 'evaluated_at IS NOT NULL');
    const events = await store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`${dialect}: ${Number(events.n)} events written in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    const t2 = Date.now();
    const rebuilt = await rebuildRateFacts(ctx, { chunk: 5000 });
    if (pg) await sql`ANALYZE`.execute(store.db); else await sql`ANALYZE`.execute(store.db);
    console.log(`${dialect}: rates rebuild (fold of the event log into the rate facts): ${rebuilt.matters} matters, ${rebuilt.rollupRows} rollup rows in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
    const time = async (label: string, run: () => Promise<number>) => {
      const ms: number[] = [];
      let units = 0;
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        units = await run();
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      console.log(`${dialect} ${label}: ${units} units, median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, min ${ms[0]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms (${RUNS} runs)`);
    };
    await time('dashboard, as of today (rate facts)', async () => (await dashboardRates(ctx, { from: '2019-01-01', to: '2019-12-31' })).length);
    await time('as of 2019-06-30 (rate facts)', async () => (await rateCountsByUnit(ctx, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-06-30' })).size);
  } finally {
    await store.close();
    await scratch.drop();
  }
}
