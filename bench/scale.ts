/**
 * Scale figures on PostgreSQL (issue 10): loads N matters, each with its petition, petitioner and three events
 * (register, transfer, accept), by set-based INSERT … SELECT FROM generate_series in batches (copies of one matter
 * registered through registerPetition, varied in unit, status, dates, category and title), then measures through
 * the HTTP app (in process, fastify.inject, logged in as a city handler): the matter list, the matter list with a
 * search word, one matter page, the three-rates query — p50/p95 over R runs each; then registration throughput
 * with two `fengqiao serve` processes on the same database (autocannon, POST /api/v1/petitions, 10 s).
 *   npx tsx bench/scale.ts [--matters 100000] [--runs 30] [--keep] [--defer-indexes] [--skip-search] [--skip-rates] [--skip-registration]
 *   npx tsx bench/scale.ts --reuse postgres://…/fq_scale_123 --key-file /tmp/fq-scale-xyz/keys.json [--runs 5]
 * --defer-indexes drops the secondary (non-unique) indexes of the four loaded tables before the load and builds them
 * again after it (timed apart) — the usual way to bulk-load millions of rows; petitions_matter stays, the load reads it.
 * The full-text index (text_docs, issue 7) is filled by the load too: each copy's row carries the bigram tokens of
 * its title and text (computed once per title/text by src/text/tokenize.ts), so searches run over all N petitions.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { buildApp } from '../src/http/app.ts';
import { Pii } from '../src/security/pii.ts';
import { DEMO_PASSWORD } from '../src/services/auth.ts';
import { createCtx } from '../src/services/context.ts';
import { registerPetition } from '../src/services/register-petition.ts';
import { indexText } from '../src/text/tokenize.ts';
import { openStore } from '../src/store/db.ts';
import { benchPlatform, scratchDatabase } from './util.ts';

const arg = (name: string, d: number) => { const i = process.argv.indexOf(name); return i >= 0 ? Number(process.argv[i + 1]) : d; };
const N_ASKED = arg('--matters', 100_000);
const RUNS = arg('--runs', 30);
const BATCH = 50_000;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

// --reuse URL measures a database an earlier --keep run loaded (its key file is keys.json in the folder it printed)
const opt = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const reuse = opt('--reuse');
const scratch = reuse ? { url: reuse, dir: path.dirname(opt('--key-file') ?? ''), drop: async () => undefined } : await scratchDatabase('postgres', 'scale');
const store = openStore(scratch.url, { poolSize: 8 });
try {
  const keyFile = path.join(scratch.dir, 'keys.json');
  let ctx;
  let N = N_ASKED;
  if (reuse) {
    ctx = await createCtx({ store, pii: Pii.fromFile(keyFile), log: pino({ level: 'silent' }) });
    N = Number(((await store.pg!.query('SELECT max(id) AS n FROM matters')).rows[0] as { n: string }).n);
    console.log(`reusing ${reuse}: ${N} matters`);
  } else {
  const made = await benchPlatform(store, keyFile);
  ctx = made.ctx;
  const { unitIds } = made;
  const city = unitIds.get('city.bureau')!;
  const t = await registerPetition(ctx, { userId: null, unitId: city, roles: ['registrar'] }, {
    channel: 'letter', receivedAt: '2019-05-06T02:00:00Z', petitioners: [{ name: '模板来信人' }], title: '模板', content: '模板内容', categoryCode: '0101',
  });
  const bureaus = ctx.org().units.filter((u) => u.kind !== 'bureau').map((u) => u.id);
  const unitArr = `ARRAY[${bureaus.join(',')}]::int[]`;
  const titles = ['小区物业管理混乱', '拖欠工程款', '建筑施工噪声扰民', '征地补偿不到位', '违章建筑影响采光', '河涌黑臭', '餐饮油烟扰民', '学位分配不公', '社保待遇核定', '劳动合同纠纷'];
  const titleArr = `ARRAY[${titles.map((x) => `'${x}'`).join(',')}]`;
  const cats = ['0101', '0102', '0103', '0104', '0201', '0202', '0203', '0301', '0302', '0401'];
  const catArr = `ARRAY[${cats.map((x) => `'${x}'`).join(',')}]`;
  const statuses = `ARRAY['registered','routed','accepted','replied','closed','accepted','replied','closed']`;
  const contents = ['小区物业公司未经业主大会同意动用专项维修资金，请求有关部门调查处理。', '工地夜间连续施工，噪声严重影响附近居民休息，多次投诉无果。',
    '公司拖欠农民工工资三个月，劳动监察部门处理缓慢，请求督促支付。', '旧村改造拆迁补偿标准不公开，补偿款迟迟不到位。', '学校周边道路交通拥堵，上下学时段存在安全隐患，建议增设信号灯。',
    '河涌黑臭多年，夏季气味难闻，请求尽快整治。', '办理社保待遇核定时材料反复退回，请求说明依据并尽快办理。'];
  const contentArr = `ARRAY[${contents.map((x) => `'${x}'`).join(',')}]`;
  // the search index rows of the copies, set-based too: the bigram tokens of each title and text computed here
  // once (src/text/tokenize.ts), the copy's number appended the way indexText writes it
  const titleTok = `ARRAY[${titles.map((x) => `'${indexText(x)}'`).join(',')}]`;
  const contentTok = `ARRAY[${contents.map((x) => `'${indexText(x)}'`).join(',')}]`;

  // ---- load ---- (one connection: BEGIN/COMMIT and SET must reach the same session)
  const c = await store.pg!.connect();
  let tl = 0;
  try {
  await c.query('SET synchronous_commit = off');
  const deferred = process.argv.includes('--defer-indexes')
    ? ((await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
        AND tablename IN ('matters', 'petitions', 'petitioners', 'events', 'text_docs') AND indexdef NOT LIKE 'CREATE UNIQUE%' AND indexname <> 'petitions_matter'`)).rows as { indexname: string; indexdef: string }[])
    : [];
  for (const ix of deferred) await c.query(`DROP INDEX ${ix.indexname}`);
  tl = Date.now();
  for (let from = 2; from <= N; from += BATCH) {
    const to = Math.min(N, from + BATCH - 1);
    await c.query('BEGIN');
    // received between 2019-01-01 and 2026-11-01, spread by id
    await c.query(`INSERT INTO matters (id, code, status, version, unit_id, registering_unit_id, routed_by_unit_id, review_unit_id, handling_class, purpose, accused_unit_id,
        category_code, region_code, channel, title, subject_hash, received_at, registered_at, routed_at, accepted_at, decided_at, decided_on_time, replied_at, replied_on_time, outcome,
        review_decided_at, extended_days, evaluation, evaluated_at, paused_at, paused_days, closed_at, deadlines, accept_due, handle_due, evaluation_due, next_due, petition_count, chain_head, updated_at)
      SELECT g, 'XFS' || lpad(g::text, 9, '0'), (${statuses})[1 + g % 8], 3, (${unitArr})[1 + g % ${bureaus.length}], m.registering_unit_id, m.registering_unit_id, NULL, m.handling_class, m.purpose, NULL,
        (${catArr})[1 + g % 10], m.region_code, m.channel, (${titleArr})[1 + g % 10] || ' ' || g, md5(g::text), r.at, r.at, r.at, r.at, NULL, NULL, NULL, NULL, NULL,
        NULL, 0, NULL, NULL, NULL, 0, NULL, m.deadlines, m.accept_due, m.handle_due, NULL,
        CASE WHEN g % 8 IN (4, 7) THEN NULL ELSE to_char((timestamp '2019-01-20' + (g % 2840) * interval '1 day'), 'YYYY-MM-DD') END, 1, m.chain_head, r.at
      FROM generate_series(${from}::int, ${to}::int) g
      CROSS JOIN LATERAL (SELECT to_char((timestamp '2019-01-01' + (g % 2860) * interval '1 day' + (g % 600) * interval '1 minute'), 'YYYY-MM-DD"T"HH24:MI:SS".000Z"') AS at) r
      CROSS JOIN (SELECT * FROM matters WHERE id = $1) m`, [t.matterId]);
    await c.query(`INSERT INTO petitions (code, query_code, matter_id, channel, received_at, registered_at, registered_by, unit_id, title, content, purpose, handling_class, category_code,
        region_code, address, headcount, is_group, is_repeat, flags, respondent_unit_id, respondent_name, idempotency_key)
      SELECT 'XJS' || lpad(g::text, 9, '0'), 'Q' || lpad(upper(to_hex(g)), 8, '0') || upper(substr(md5('q' || g), 1, 4)), g, p.channel, m.received_at, m.registered_at, NULL, m.registering_unit_id, m.title,
        (${contentArr})[1 + g % ${contents.length}] || ' ' || g, p.purpose, p.handling_class, m.category_code, p.region_code, NULL, 1, 0, 0, '[]', NULL, NULL, NULL
      FROM generate_series(${from}::int, ${to}::int) g JOIN matters m ON m.id = g CROSS JOIN (SELECT * FROM petitions WHERE id = $1) p`, [t.id]);
    await c.query(`INSERT INTO petitioners (petition_id, position, name, id_hash, id_enc, id_masked, phone_hash, phone_enc, phone_masked, address, is_representative)
      SELECT p.id, 1, '来信人' || p.matter_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 FROM petitions p WHERE p.matter_id BETWEEN ${from} AND ${to}`);
    await c.query(`INSERT INTO events (matter_id, seq, action, from_status, to_status, actor_user_id, actor_unit_id, at, recorded_at, data, prev_hash, hash)
      SELECT g, s.seq, s.action, s.fs, s.ts, NULL, m.registering_unit_id, m.received_at, m.received_at, '{}', md5(g || ':' || (s.seq - 1)), md5(g || ':' || s.seq)
      FROM generate_series(${from}::int, ${to}::int) g JOIN matters m ON m.id = g
      CROSS JOIN (VALUES (1, 'register', NULL, 'registered'), (2, 'transfer', 'registered', 'routed'), (3, 'accept', 'routed', 'accepted')) AS s(seq, action, fs, ts)`);
    await c.query(`INSERT INTO text_docs (kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens)
      SELECT 'petition', p.id, p.id, p.matter_id, p.received_at, p.region_code, p.category_code, p.title, p.content,
        (${titleTok})[1 + p.matter_id % 10] || ' ǂ ' || p.matter_id || ' ǂ ' || (${contentTok})[1 + p.matter_id % ${contents.length}] || ' ǂ ' || p.matter_id
      FROM petitions p WHERE p.matter_id BETWEEN ${from} AND ${to}`);
    await c.query('COMMIT');
    if ((to - 1) % 500_000 < BATCH || to === N) process.stderr.write(`\rloaded ${to}/${N} matters (${((to - 1) / ((Date.now() - tl) / 1000)).toFixed(0)}/s)`);
  }
  const rowsSec = (Date.now() - tl) / 1000;
  const ti = Date.now();
  await c.query(`SET maintenance_work_mem = '1GB'`);
  for (const ix of deferred) await c.query(ix.indexdef);
  const indexSec = (Date.now() - ti) / 1000;
  if (deferred.length) console.log(`\nrows in ${rowsSec.toFixed(1)} s; ${deferred.length} deferred indexes built in ${indexSec.toFixed(1)} s`);
  await c.query(`SELECT setval(pg_get_serial_sequence('matters', 'id'), (SELECT max(id) FROM matters))`);
  } finally { c.release(); }
  // the copies were written around the services, so the rate facts (issue 5) know nothing of them: the rates are
  // computed from the event log until `fengqiao rates rebuild` has run (too long at 10 million to be part of this)
  await store.pg!.query(`UPDATE settings SET value = '0' WHERE key = 'rateFacts.ready'`);
  await store.pg!.query('ANALYZE');
  const loadSec = (Date.now() - tl) / 1000;
  const size = (await store.pg!.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0] as { s: string };
  const counts = (await store.pg!.query(`SELECT (SELECT count(*) FROM matters) m, (SELECT count(*) FROM events) e, (SELECT count(*) FROM petitions) p`)).rows[0] as Record<string, string>;
  console.log(`\nloaded ${counts.m} matters, ${counts.p} petitions, ${counts.e} events in ${loadSec.toFixed(1)} s (${(N / loadSec).toFixed(0)} matters/s with their rows); database ${size.s}`);
  }

  // ---- queries through the app ----
  const app = await buildApp({ ctx, logger: false, rateLimit: false });
  const login = async (u: string) => ((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: DEMO_PASSWORD } })).json() as { token: string }).token;
  const cityToken = await login('city.handler');
  const districtToken = await login('shunde.handler');
  const departmentToken = await login('shunde.housing.handler');
  const measure = async (label: string, token: string, url: () => string) => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: 'GET', url: url(), headers: { authorization: `Bearer ${token}` } });
      ms.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
    console.log(`${label.padEnd(48)} p50 ${pct(ms, 50).toFixed(1).padStart(8)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(8)} ms`);
  };
  let k = 0;
  await measure('list, city, page 1 (20)', cityToken, () => '/api/v1/matters?page=1&pageSize=20');
  await measure('list, city, status=accepted, deep page', cityToken, () => `/api/v1/matters?status=accepted&page=${50 + (k++ % 50)}&pageSize=20`);
  await measure('list, district handler (Shunde), page 1', districtToken, () => '/api/v1/matters?page=1&pageSize=20');
  await measure('petitions, district handler (Shunde), page 1', districtToken, () => '/api/v1/petitions?page=1&pageSize=20');
  // a department sees its own few matters (its unit, or one it routed on): the list's count cannot stop early
  await measure('list, Shunde housing bureau, page 1', departmentToken, () => '/api/v1/matters?page=1&pageSize=20');
  await measure('petitions, Shunde housing bureau, page 1', departmentToken, () => '/api/v1/petitions?page=1&pageSize=20');
  await measure('list, city, overdue', cityToken, () => '/api/v1/matters?overdue=true&page=1&pageSize=20');
  await measure('matter page, random id', cityToken, () => `/api/v1/matters/${2 + Math.floor(Math.random() * (N - 1))}`);
  if (!process.argv.includes('--skip-rates')) {
    await measure('rates, one year, city', cityToken, () => '/api/v1/stats/rates?from=2023-01-01&to=2023-12-31');
    await measure('rates, all years, city', cityToken, () => '/api/v1/stats/rates?from=2019-01-01&to=2026-12-31');
  }
  // searches last (the slowest at scale); --skip-search leaves them out
  if (!process.argv.includes('--skip-search')) {
    for (const q of ['噪声', '维修资金', '拖欠工资', '信号灯', '黑臭']) {
      await measure(`list, city, q=${q} (${q.length} characters)`, cityToken, () => `/api/v1/matters?q=${encodeURIComponent(q)}&page=1&pageSize=20`);
      await measure(`ranked search /text/search q=${q}`, cityToken, () => `/api/v1/text/search?q=${encodeURIComponent(q)}&pageSize=20`);
    }
  }
  await app.close();

  // ---- registration throughput, two server processes ----
  // (--skip-registration leaves it out: its petitions, received an hour ago, would top the lists of a kept database)
  if (!process.argv.includes('--skip-registration')) {
  const ports: number[] = [];
  const procs = [];
  for (let n = 0; n < 2; n++) {
    const port = await new Promise<number>((r) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { stdio: 'ignore', env: { ...process.env, DATABASE_URL: scratch.url, PORT: String(port), HOST: '127.0.0.1', FENGQIAO_KEY_FILE: keyFile, LOG_LEVEL: 'warn', FENGQIAO_JOBS: '0' } });
    procs.push(child);
    ports.push(port);
    for (let i = 0; ; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/api/v1/ops/ready`)).ok) break; } catch { /* starting */ }
      if (i > 300) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const tokens = await Promise.all(ports.map(async (port) => ((await (await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registrar', password: DEMO_PASSWORD }) })).json()) as { token: string }).token));
    const before = Number(((await store.pg!.query('SELECT count(*) AS n FROM petitions')).rows[0] as { n: string }).n);
    let seq = 0;
    const body = () => JSON.stringify({ channel: 'letter', receivedAt: new Date(Date.now() - 3_600_000).toISOString(), petitioners: [{ name: `压测来信人${seq}` }], title: `压测来信 ${seq++}`, content: '关于小区物业管理的来信，要求依法处理。' });
    const results = await Promise.all(ports.map((port, i) => autocannon({
      url: `http://127.0.0.1:${port}/api/v1/petitions`, method: 'POST', connections: 10, duration: 10,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
      requests: [{ setupRequest: (r) => ({ ...r, body: body() }) }],
    })));
    const after = Number(((await store.pg!.query('SELECT count(*) AS n FROM petitions')).rows[0] as { n: string }).n);
    const ok = results.reduce((a, r) => a + r['2xx'], 0);
    const non2xx = results.reduce((a, r) => a + r.non2xx + r.errors, 0);
    console.log(`registration, 2 processes × 10 connections, 10 s: ${ok} registered (${(ok / 10).toFixed(0)}/s), ${non2xx} not 2xx; petitions in database +${after - before}; latency p50 ${results.map((r) => r.latency.p50).join('/')} ms, p97.5 ${results.map((r) => r.latency.p97_5).join('/')} ms (per process)`);
  } finally {
    for (const c of procs) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
  }
  }
} finally {
  await store.close();
  if (!process.argv.includes('--keep')) await scratch.drop();
  else console.log(`kept ${scratch.url}`);
}
