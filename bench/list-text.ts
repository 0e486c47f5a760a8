/**
 * Lists filtered by text on SQLite at scale (store/text-list.ts; bench/scale.ts measures PostgreSQL): loads N matters,
 * each with its petition and search-index row, by set-based INSERT … SELECT over a recursive counter in batches
 * (copies of one matter registered through registerPetition, varied in unit, status, dates, category, title and
 * text — the titles and texts of bench/scale.ts), then measures through the HTTP app in process (fastify.inject, as
 * the city handler) the matter and petition lists with and without a search word: p50/p95 over R runs each.
 *   npm run bench list-text -- [--matters 1000000] [--runs 10] [--keep]
 *   npm run bench list-text -- --reuse /tmp/fq-listtext-…/listtext.db [--runs 10]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from '../src/http/app.ts';
import { Pii } from '../src/security/pii.ts';
import { DEMO_PASSWORD } from '../src/services/auth.ts';
import { createCtx } from '../src/services/context.ts';
import { registerPetition } from '../src/services/register-petition.ts';
import { migrate, openStore } from '../src/store/db.ts';
import { indexText } from '../src/text/tokenize.ts';
import { benchPlatform, scratchDatabase } from './util.ts';

const { values } = parseArgs({ options: { matters: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '10' }, keep: { type: 'boolean' }, reuse: { type: 'string' } } });
const RUNS = Number(values.runs);
const BATCH = 50_000;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

const scratch = values.reuse ? { url: values.reuse, dir: path.dirname(values.reuse), drop: async () => undefined } : await scratchDatabase('sqlite', 'listtext');
const keyFile = path.join(scratch.dir, 'keys.json');
const store = openStore(scratch.url);
try {
  let ctx;
  if (values.reuse) {
    const applied = await migrate(store); // a database kept by an earlier build takes the migrations since
    if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
    ctx = await createCtx({ store, pii: Pii.fromFile(keyFile), log: pino({ level: 'silent' }) });
  } else {
    const made = await benchPlatform(store, keyFile);
    ctx = made.ctx;
    const { unitIds } = made;
    const t = await registerPetition(ctx, { userId: null, unitId: unitIds.get('city.bureau')!, roles: ['registrar'] }, {
      channel: 'letter', receivedAt: '2019-05-06T02:00:00Z', petitioners: [{ name: '模板来信人' }], title: '模板', content: '模板内容', categoryCode: '0101',
    });
    const N = Number(values.matters);
    const db = store.sqlite!;
    // the varied values as small tables, picked by the copy's number
    const titles = ['小区物业管理混乱', '拖欠工程款', '建筑施工噪声扰民', '征地补偿不到位', '违章建筑影响采光', '河涌黑臭', '餐饮油烟扰民', '学位分配不公', '社保待遇核定', '劳动合同纠纷'];
    const contents = ['小区物业公司未经业主大会同意动用专项维修资金，请求有关部门调查处理。', '工地夜间连续施工，噪声严重影响附近居民休息，多次投诉无果。',
      '公司拖欠农民工工资三个月，劳动监察部门处理缓慢，请求督促支付。', '旧村改造拆迁补偿标准不公开，补偿款迟迟不到位。', '学校周边道路交通拥堵，上下学时段存在安全隐患，建议增设信号灯。',
      '河涌黑臭多年，夏季气味难闻，请求尽快整治。', '办理社保待遇核定时材料反复退回，请求说明依据并尽快办理。'];
    const bureaus = ctx.org().units.filter((u) => u.kind !== 'bureau').map((u) => u.id);
    db.exec(`create temp table v_title (i integer primary key, title text, tok text); create temp table v_content (i integer primary key, content text, tok text);
      create temp table v_unit (i integer primary key, id integer); create temp table v_cat (i integer primary key, code text); create temp table v_status (i integer primary key, status text)`);
    titles.forEach((x, i) => db.prepare('insert into v_title values (?, ?, ?)').run(i, x, indexText(x)));
    contents.forEach((x, i) => db.prepare('insert into v_content values (?, ?, ?)').run(i, x, indexText(x)));
    bureaus.forEach((x, i) => db.prepare('insert into v_unit values (?, ?)').run(i, x));
    ['0101', '0102', '0103', '0104', '0201', '0202', '0203', '0301', '0302', '0401'].forEach((x, i) => db.prepare('insert into v_cat values (?, ?)').run(i, x));
    ['registered', 'routed', 'accepted', 'replied', 'closed', 'accepted', 'replied', 'closed'].forEach((x, i) => db.prepare('insert into v_status values (?, ?)').run(i, x));
    // every column copied from the template row but those varied here
    const copy = (table: string, varied: Record<string, string>, from: string, templateId: number) => {
      const cols = (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      return db.prepare(`with recursive g(x) as (select ? union all select x + 1 from g where x < ?)
        insert into ${table} (${cols.join(', ')}) select ${cols.map((c) => varied[c] ?? `t.${c}`).join(', ')} ${from} cross join (select * from ${table} where id = ${templateId}) t`);
    };
    const at = `strftime('%Y-%m-%dT%H:%M:%S.000Z', '2019-01-01', '+' || (g.x % 2860) || ' days', '+' || (g.x % 600) || ' minutes')`;
    const matters = copy('matters', {
      id: 'g.x', code: `'SXS' || printf('%09d', g.x)`, status: `(select status from v_status where i = g.x % 8)`, unit_id: `(select id from v_unit where i = g.x % ${bureaus.length})`,
      // registered where it is handled: a register whose every matter one unit registered is not one a planner should
      // be judged on (its statistics would call that unit's index useless)
      registering_unit_id: `(select id from v_unit where i = g.x % ${bureaus.length})`,
      category_code: '(select code from v_cat where i = g.x % 10)', title: `(select title from v_title where i = g.x % 10) || ' ' || g.x`, subject_hash: `'s' || g.x`,
      received_at: at, registered_at: at, updated_at: at,
    }, 'from g', t.matterId);
    const petitions = copy('petitions', {
      id: 'g.x', code: `'XJS' || printf('%09d', g.x)`, query_code: `'Q' || printf('%08X', g.x)`, matter_id: 'g.x', received_at: 'm.received_at', registered_at: 'm.registered_at',
      unit_id: 'm.registering_unit_id', title: 'm.title', content: `(select content from v_content where i = g.x % ${contents.length}) || ' ' || g.x`, category_code: 'm.category_code', idempotency_key: 'null',
    }, 'from g join matters m on m.id = g.x', t.id);
    const docs = db.prepare(`with recursive g(x) as (select ? union all select x + 1 from g where x < ?)
      insert into text_docs (kind, source_id, petition_id, matter_id, received_at, region_code, category_code, title, body, tokens)
      select 'petition', p.id, p.id, p.matter_id, p.received_at, p.region_code, p.category_code, p.title, p.content,
        (select tok from v_title where i = g.x % 10) || ' ǂ ' || g.x || ' ǂ ' || (select tok from v_content where i = g.x % ${contents.length}) || ' ǂ ' || g.x
      from g join petitions p on p.id = g.x`);
    const t0 = Date.now();
    const first = Math.max(t.matterId, t.id) + 1;
    for (let from = first; from <= N; from += BATCH) {
      const to = Math.min(N, from + BATCH - 1);
      db.transaction(() => { matters.run(from, to); petitions.run(from, to); docs.run(from, to); })();
      process.stderr.write(`\rloaded ${to}/${N} matters (${((to - first + 1) / ((Date.now() - t0) / 1000)).toFixed(0)}/s)`);
    }
    db.exec('analyze');
    console.log(`\nloaded ${N - first + 1} matters with their petitions and index rows in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${scratch.url}`);
  }

  const app = await buildApp({ ctx, logger: false, rateLimit: false });
  const login = async (username: string) => ((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } })).json() as { token: string }).token;
  const token = await login('city.handler');
  const measure = async (label: string, url: string, as = token) => {
    const ms: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${as}` } });
      ms.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      total = (r.json() as { total: number }).total;
    }
    console.log(`${label.padEnd(40)} p50 ${pct(ms, 50).toFixed(1).padStart(8)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(8)} ms   total ${total}`);
  };
  await measure('matters, page 1', '/api/v1/matters?page=1&pageSize=20');
  for (const q of ['噪声', '维修资金', '拖欠工资', '信号灯', '黑臭']) {
    await measure(`matters, q=${q}, page 1`, `/api/v1/matters?q=${encodeURIComponent(q)}&page=1&pageSize=20`);
    await measure(`petitions, q=${q}, page 1`, `/api/v1/petitions?q=${encodeURIComponent(q)}&page=1&pageSize=20`);
  }
  // a unit that sees part of the register: its scope is four unit columns of the matter (visibleTo)
  for (const user of ['shunde.handler', 'shunde.housing.handler']) {
    const as = await login(user);
    await measure(`${user}: matters, page 1`, '/api/v1/matters?page=1&pageSize=20', as);
    await measure(`${user}: petitions, page 1`, '/api/v1/petitions?page=1&pageSize=20', as);
    await measure(`${user}: matters, q=噪声, page 1`, `/api/v1/matters?q=${encodeURIComponent('噪声')}&page=1&pageSize=20`, as);
  }
  await app.close();
} finally {
  await store.close();
  if (!values.keep && !values.reuse) await scratch.drop();
}
