/**
 * Backups. SQLite: the online backup API (a consistent copy while the server keeps serving). PostgreSQL:
 * pg_dump in its custom format, restored with pg_restore. Restoring goes into an empty database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseDatabaseUrl, type Store } from './db.ts';

export async function backupDatabase(store: Store, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (store.sqlite) {
    await store.sqlite.backup(file);
    return;
  }
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', file, store.url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.error?.message ?? r.stderr}`);
}

export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`);
  const { dialect, target } = parseDatabaseUrl(url);
  if (dialect === 'sqlite') {
    if (fs.existsSync(target) && fs.statSync(target).size > 0) throw new Error(`${target} exists: restore into a new path (or move it away first)`);
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.copyFileSync(file, target);
    return;
  }
  const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', target, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_restore failed: ${r.error?.message ?? r.stderr}`);
}
