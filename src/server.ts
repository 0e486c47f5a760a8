/** Starting the platform: config → store → migrations → (demo) → HTTP. */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { isClusterPrimary, isClusterWorker, runPrimary, stopWithPrimary } from './cluster.ts';
import { loadConfig, type Config } from './config.ts';
import { buildApp, type App } from './http/app.ts';
import { createLogger } from './log.ts';
import { Pii } from './security/pii.ts';
import { createCtx, type Ctx } from './services/context.ts';
import { seedBase, seedDemo } from './services/seed.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { migrate, num, openStore, parseDatabaseUrl } from './store/db.ts';
import { prewarmFile, prewarmPostgres } from './store/prewarm.ts';

export async function openCtx(config: Readonly<Config>, log: Logger): Promise<Ctx> {
  const store = openStore(config.databaseUrl);
  await migrate(store);
  const pii = Pii.fromFile(config.keyFile, process.env.FENGQIAO_PII_ALGORITHM === 'sm' ? 'sm' : undefined);
  const auditHash = process.env.FENGQIAO_AUDIT_HASH === 'sm3' ? 'sm3' : 'sha256';
  return createCtx({ store, pii, log, auditHash });
}

/**
 * Serves the platform: one process, or with FENGQIAO_WORKERS above 1 (PostgreSQL) a primary that prepares the
 * database and then forks that many workers sharing the port (src/cluster.ts), each of which comes back here to
 * serve, without seeding it again (its migrations are checked, a no-op). Returns the app in a serving process,
 * nothing in a primary.
 */
export async function serve(opts: { demoIfEmpty?: boolean } = {}): Promise<App | undefined> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const ctx = await openCtx(config, log);
  if (!isClusterWorker()) await prepare(ctx, log, opts.demoIfEmpty ?? false);
  if (isClusterPrimary(config.workers)) {
    // the workers open their own connections
    await ctx.store.close();
    runPrimary({ workers: config.workers, log, port: config.port });
    return undefined;
  }
  const app = await buildApp({ ctx, logger: log, tokenTtlHours: config.tokenTtlHours, idleMinutes: config.idleMinutes, trustProxy: config.trustProxy });
  // deadline sweeps and the notification outbox (FENGQIAO_JOBS=0 turns them off; tests never start them)
  const stopJobs = process.env.FENGQIAO_JOBS === '0' ? () => undefined : startScheduler(ctx);
  const warming = new AbortController();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    warming.abort();
    stopJobs();
    await app.close();
    await ctx.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  stopWithPrimary(() => void close());
  await app.listen({ port: config.port, host: config.host });
  log.info({ port: config.port, database: ctx.store.dialect, demo: ctx.isDemo() }, `Fengqiao serving on http://localhost:${config.port}`);
  // the database's pages into the operating system's cache, in the background (store/prewarm.ts)
  if (config.prewarm) void prewarm(ctx, config.databaseUrl, warming.signal);
  return app;
}

/** An empty database gets the demo when asked, else the base data (regions, units, categories) if it lacks them. */
async function prepare(ctx: Ctx, log: Logger, demoIfEmpty: boolean): Promise<void> {
  const users = await ctx.store.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (num(users.n) === 0 && demoIfEmpty) {
    log.info('empty database: creating the Foshan demo (units, users, matters)');
    const s = await seedDemo(ctx, { matters: Number(process.env.FENGQIAO_DEMO_MATTERS ?? 300) });
    log.info({ users: s.users, matters: s.matters, byStatus: s.byStatus }, 'demo ready — log in as city.registrar / fengqiao-demo');
  } else {
    await seedBase(ctx);
  }
}

/** SQLite on a file: the file read once; PostgreSQL: the search index read by pg_prewarm where installed. Logged. */
async function prewarm(ctx: Ctx, databaseUrl: string, signal: AbortSignal): Promise<void> {
  const { dialect, target } = parseDatabaseUrl(databaseUrl);
  try {
    if (dialect === 'sqlite' && target === ':memory:') return;
    const r = dialect === 'sqlite'
      ? await prewarmFile(target, { signal })
      : await prewarmPostgres(ctx.store.db, { owner: `${process.pid}-${randomUUID()}`, now: ctx.now(), signal });
    const what = dialect === 'sqlite' ? 'database file' : 'search index';
    ctx.log.info({ mib: Math.round(r.bytes / 2 ** 20), ms: r.ms, ...(r.skipped ? { skipped: r.skipped } : {}) }, !r.skipped ? `${what} read into the cache` : r.skipped === 'stopped' ? `${what}: prewarming stopped, the server is closing` : `${what} not prewarmed`);
  } catch (e) {
    ctx.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'database not prewarmed');
  }
}
