/** Configuration, read once from the environment into a frozen object; bad values stop the process with a clear message. */
import os from 'node:os';
import { parseDatabaseUrl } from './store/db.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  keyFile: string;
  logLevel: string;
  tokenTtlHours: number;
  idleMinutes: number;
  /** behind a reverse proxy: which X-Forwarded-For hops to believe, so that rate limits count client addresses */
  trustProxy: boolean | number | string;
  /** at start, read the SQLite file (PostgreSQL: the search index, where pg_prewarm is installed) into the cache (store/prewarm.ts) */
  prewarm: boolean;
  /** server processes sharing the port (FENGQIAO_WORKERS; src/cluster.ts): more than one only on PostgreSQL */
  workers: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const ttl = Number(env.FENGQIAO_TOKEN_TTL_HOURS ?? 12);
  if (!(ttl > 0)) throw new ConfigError('FENGQIAO_TOKEN_TTL_HOURS must be a positive number');
  const idle = Number(env.FENGQIAO_IDLE_MINUTES ?? 30);
  if (!(idle > 0)) throw new ConfigError('FENGQIAO_IDLE_MINUTES must be a positive number');
  const tp = (env.FENGQIAO_TRUST_PROXY ?? '').trim();
  // "true" (every hop), a hop count, or the proxies' addresses/CIDRs separated by commas
  const trustProxy = tp === '' || tp === 'false' ? false : tp === 'true' ? true : /^\d+$/.test(tp) ? Number(tp) : tp;
  const prewarm = (env.FENGQIAO_PREWARM ?? 'on').trim();
  if (prewarm !== 'on' && prewarm !== 'off') throw new ConfigError(`FENGQIAO_PREWARM must be "on" or "off", got "${env.FENGQIAO_PREWARM}"`);
  const databaseUrl = env.DATABASE_URL || './data/fengqiao.db';
  const workers = parseWorkers(env.FENGQIAO_WORKERS, parseDatabaseUrl(databaseUrl).dialect === 'postgres');
  return Object.freeze({
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    keyFile: env.FENGQIAO_KEY_FILE || './data/keys.json',
    logLevel: env.LOG_LEVEL || 'info',
    tokenTtlHours: ttl,
    idleMinutes: idle,
    trustProxy,
    prewarm: prewarm === 'on',
    workers,
  });
}

/**
 * FENGQIAO_WORKERS: a number of processes (1–64), or `auto`, one per core on PostgreSQL. SQLite takes one: a file has
 * one writer, and the registrations' ids are reserved by the one process that writes (docs/OPERATIONS.md).
 */
function parseWorkers(raw: string | undefined, postgres: boolean): number {
  const v = (raw ?? '').trim();
  if (v === '' || v === '1') return 1;
  if (v === 'auto') return postgres ? os.availableParallelism() : 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`FENGQIAO_WORKERS must be a number from 1 to 64 or "auto", got "${raw}"`);
  if (n > 1 && !postgres) throw new ConfigError(`FENGQIAO_WORKERS=${n} needs PostgreSQL (DATABASE_URL=postgres://…): a SQLite file is served by one process`);
  return n;
}
