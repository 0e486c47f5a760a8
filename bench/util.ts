/** What the benchmarks share: a scratch database of either kind, dropped afterwards. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

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
