/** What the benchmarks share: a scratch database of either kind, dropped afterwards. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { demoUsers } from '../src/org/foshan.ts';
import { Pii } from '../src/security/pii.ts';
import { addUser, DEMO_PASSWORD, hashPassword } from '../src/services/auth.ts';
import { createCtx, type Ctx } from '../src/services/context.ts';
import { seedBase } from '../src/services/seed.ts';
import { migrate, type Store } from '../src/store/db.ts';

export const PG_ADMIN = process.env.FENGQIAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDb {
  url: string;
  dir: string; // a temporary folder for the SQLite file and the key file
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function scratchDatabase(dialect: string, name: string): Promise<ScratchDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fq-${name}-`));
  if (dialect !== 'postgres') {
    return { url: path.join(dir, `${name}.db`), dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const db = `fq_${name}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${db}`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${db}`;
  return {
    url: u.toString(),
    dir,
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new scratch database made ready for a bench: migrated, new keys written to `keyFile`, the units of Foshan and the
 * demo users (password DEMO_PASSWORD), demo mode on. Returns the context and the unit ids by key.
 */
export async function benchPlatform(store: Store, keyFile: string): Promise<{ ctx: Ctx; unitIds: Map<string, number> }> {
  await migrate(store);
  const keys = Pii.generateKeys();
  Pii.writeFile(keyFile, keys);
  const ctx = await createCtx({ store, pii: new Pii(keys), log: pino({ level: 'silent' }) });
  await seedBase(ctx);
  const units = await store.db.selectFrom('units').select(['id', 'key']).execute();
  const unitIds = new Map(units.map((u) => [u.key, Number(u.id)]));
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers()) await addUser(ctx, { username: u.username, name: u.name, unitId: unitIds.get(u.unitKey)!, roles: u.roles, password: DEMO_PASSWORD }, { demo: true, passwordHash: hash });
  await store.db.insertInto('settings').values({ key: 'demoMode', value: '1' }).execute();
  await ctx.reload();
  return { ctx, unitIds };
}
