/**
 * bench/durability — registers petitions under load, kills the server with SIGKILL at random moments, restarts
 * it, and proves that every petition that got a 201 is there with its matter and its audit events, that no
 * petition, matter or event is half written (every matter's chain verifies; no orphans), on SQLite and PostgreSQL.
 *
 *   npm run bench durability [-- --kills 10 --dialects sqlite,postgres]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { idChecksumChar } from '../src/domain/id-number.ts';
import { Pii } from '../src/security/pii.ts';
import { verifyAudit } from '../src/services/audit-verify.ts';
import { createCtx } from '../src/services/context.ts';
import { openStore } from '../src/store/db.ts';
import { scratchDatabase } from './util.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '10' }, dialects: { type: 'string', default: 'sqlite,postgres' }, concurrency: { type: 'string', default: '16' } } });
const KILLS = Number(values.kills);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const PORT = 3930;

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo-if-empty'], { cwd: root, env: { ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', FENGQIAO_DEMO_MATTERS: '0' }, stdio: 'ignore' });
  for (let i = 0; i < 600; i++) {
    if (await fetch(`http://127.0.0.1:${PORT}/api/v1/openapi.json`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

function idFor(i: number): string {
  const first17 = `440604${19600101 + (i % 28)}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idChecksumChar(first17);
}

async function run(dialect: string) {
  const scratch = await scratchDatabase(dialect, 'durability');
  const url = scratch.url;
  const env = { DATABASE_URL: url, FENGQIAO_KEY_FILE: path.join(scratch.dir, 'keys.json') };
  const acknowledged = new Map<string, number>(); // query code → petition id, for every 201 received
  let sent = 0;
  let failed = 0;
  for (let k = 0; k < KILLS; k++) {
    const server = await startServer(env);
    const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registrar', password: 'fengqiao-demo' }) });
    const { token } = (await login.json()) as { token: string };
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const i = sent++;
        try {
          const r = await fetch(`http://127.0.0.1:${PORT}/api/v1/petitions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ channel: 'letter', receivedAt: new Date(Date.now() - 60_000).toISOString(), title: `耐久测试 ${i}`, content: '来信反映小区噪音扰民问题。', petitioners: [{ name: '测试人', idNumber: idFor(i), phone: '13800138000' }] }),
          });
          if (r.status === 201) {
            const b = (await r.json()) as { id: number; queryCode: string };
            acknowledged.set(b.queryCode, b.id);
          } else failed++;
        } catch {
          failed++; // the connection died with the server: the client never got a 201
        }
      }
    };
    const workers = Array.from({ length: Number(values.concurrency) }, worker);
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1500));
    const exited = new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r(null) : server.once('exit', r)));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited;
    process.stdout.write(`  kill ${k + 1}/${KILLS}: ${acknowledged.size} acknowledged so far\n`);
  }
  // the final state, read directly
  const store = openStore(url, { backgroundCheckpoint: false });
  const ctx = await createCtx({ store, pii: Pii.fromFile(env.FENGQIAO_KEY_FILE), log: pino({ level: 'silent' }) });
  const rows = await store.db.selectFrom('petitions').select(['id', 'queryCode', 'matterId']).execute();
  const byCode = new Map(rows.map((r) => [r.queryCode, r]));
  const missing = [...acknowledged.keys()].filter((c) => !byCode.has(c));
  const orphanPetitions = await store.db.selectFrom('petitions').leftJoin('matters', 'matters.id', 'petitions.matterId').select('petitions.id').where('matters.id', 'is', null).execute();
  const withoutPeople = await store.db.selectFrom('petitions').leftJoin('petitioners', 'petitioners.petitionId', 'petitions.id').select('petitions.id').where('petitioners.id', 'is', null).execute();
  const mattersWithoutEvents = await store.db.selectFrom('matters').leftJoin('events', 'events.matterId', 'matters.id').select('matters.id').where('events.id', 'is', null).execute();
  const audit = await verifyAudit(ctx);
  await store.close();
  await scratch.drop();
  const ok = missing.length === 0 && orphanPetitions.length === 0 && withoutPeople.length === 0 && mattersWithoutEvents.length === 0 && audit.breaks.length === 0;
  console.log(`${dialect}: ${KILLS} SIGKILLs, ${sent} requests sent, ${acknowledged.size} got 201, ${failed} failed with the server; ` +
    `stored petitions ${rows.length}; acknowledged but missing ${missing.length}; half-written: petitions without matter ${orphanPetitions.length}, ` +
    `without petitioners ${withoutPeople.length}, matters without events ${mattersWithoutEvents.length}; audit chains broken ${audit.breaks.length} of ${audit.matters} → ${ok ? 'OK' : 'FAILED'}`);
  return ok;
}

let allOk = true;
for (const d of values.dialects!.split(',')) allOk = (await run(d)) && allOk;
process.exit(allOk ? 0 : 1);
