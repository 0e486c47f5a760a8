/**
 * bench/rates — the dashboard refresh: the four rates for every unit over one year, at 1,000,000 matters, on
 * SQLite and on PostgreSQL. The matters are written straight into a scratch database under /tmp (one INSERT …
 * SELECT from a generated series: states, on-time flags, dues and evaluations spread over the year and the units),
 * then `dashboardRates` (one aggregate grouped by unit over the matters' indexed state columns) is timed: first with
 * the platform's own indexes, then with a covering index over the columns the aggregate reads (created here only:
 * it is not in the migrations, because it would cost every registration a wider index write). The database is
 * dropped afterwards.
 *
 *   npm run bench rates [-- --matters 1000000 --dialects sqlite,postgres --runs 5]
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { sql } from 'kysely';
import { Pii } from '../src/security/pii.ts';
import { dashboardRates } from '../src/services/assessment.ts';
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
    const time = async (label: string) => {
      const ms: number[] = [];
      let units = 0;
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        const rows = await dashboardRates(ctx, { from: '2019-01-01', to: '2019-12-31' });
        ms.push(performance.now() - s);
        units = rows.length;
      }
      ms.sort((a, b) => a - b);
      console.log(`${dialect} ${label}: ${units} units, median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, min ${ms[0]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms (${RUNS} runs)`);
    };
    await time('platform indexes');
    await sql.raw(`CREATE INDEX bench_rates_cover ON matters (received_at, unit_id, decided_at, decided_on_time, accept_due, accepted_at, replied_at, replied_on_time, handle_due, paused_at, evaluated_at, evaluation, evaluation_due)`).execute(store.db);
    if (pg) await sql`ANALYZE matters`.execute(store.db); else await sql`ANALYZE`.execute(store.db);
    await time('with a covering index');
  } finally {
    await store.close();
    await scratch.drop();
  }
}
