/** Configuration, read once from the environment into a frozen object; bad values stop the process with a clear message. */
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
  return Object.freeze({
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || './data/fengqiao.db',
    keyFile: env.FENGQIAO_KEY_FILE || './data/keys.json',
    logLevel: env.LOG_LEVEL || 'info',
    tokenTtlHours: ttl,
    idleMinutes: idle,
    trustProxy,
    prewarm: prewarm === 'on',
  });
}
