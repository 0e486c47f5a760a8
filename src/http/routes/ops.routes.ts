/**
 * Operations (issue 10): liveness, readiness and Prometheus metrics under /api/v1/ops and /api/v1/metrics.
 * - /ops/health: the process answers (no database call) — for a supervisor's liveness probe.
 * - /ops/ready: the database answers and every migration file has been applied — for a load balancer.
 * - /metrics: text exposition format. When FENGQIAO_METRICS_TOKEN is set, a scrape must send it as a Bearer token.
 * Request metrics come from an onResponse hook added to the /api/v1 scope here; Fastify binds a scope's hooks to
 * its routes once the scope has loaded, so it covers every /api/v1 route (not `/`, /api/docs or static pages).
 */
import { registrationGroupStats } from '../../services/register-petition.ts';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { shanghaiDate } from '../../domain/calendar.ts';
import { DomainError } from '../../domain/errors.ts';
import { num } from '../../store/db.ts';
import { answerSnapshots, gatherSnapshots } from '../../cluster.ts';
import { RequestMetrics, type MetricsSnapshot } from '../../ops/metrics.ts';
import type { App } from '../app.ts';
import { errors } from '../schemas.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'store', 'migrations');

export function migrationFiles(): string[] {
  return fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
}

async function countOr(q: Promise<{ n: unknown } | undefined>): Promise<number | null> {
  try { return num((await q)?.n); } catch { return null; }
}

export default async function opsRoutes(app: App) {
  const metrics = new RequestMetrics();
  // the migrations this process's code knows, read once at start (what a deploy brought, not what appears later)
  const known = migrationFiles();
  // this process's own counters; with several processes (FENGQIAO_WORKERS) a scrape sums every process's (cluster.ts)
  const own = (): { metrics: MetricsSnapshot; groups: ReturnType<typeof registrationGroupStats> } => ({ metrics: metrics.snapshot(), groups: { ...registrationGroupStats(app.fq.ctx) } });
  const stopAnswering = answerSnapshots(own);
  app.addHook('onClose', async () => { stopAnswering(); });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/ops/health', {
    schema: { tags: ['ops'], summary: '存活检查 Liveness', response: { 200: Type.Object({ ok: Type.Boolean(), pid: Type.Integer(), uptimeSeconds: Type.Integer() }) } },
  }, async () => ({ ok: true, pid: process.pid, uptimeSeconds: Math.floor(process.uptime()) }));

  app.get('/ops/ready', {
    schema: {
      tags: ['ops'], summary: '就绪检查 Readiness: database answers, migrations applied',
      response: {
        200: Type.Object({ ready: Type.Boolean(), database: Type.String(), migrations: Type.Object({ applied: Type.Integer(), pending: Type.Array(Type.String()) }) }),
        503: Type.Object({ ready: Type.Boolean(), database: Type.String(), reason: Type.String(), migrations: Type.Optional(Type.Object({ applied: Type.Integer(), pending: Type.Array(Type.String()) })) }),
      },
    },
  }, async (_req, reply) => {
    const { db, dialect } = app.fq.ctx.store;
    let applied: string[];
    try {
      await sql`SELECT 1`.execute(db);
      const r = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
      applied = r.rows.map((x) => x.name);
    } catch {
      return reply.status(503).send({ ready: false, database: dialect, reason: '数据库无法连接或未初始化' });
    }
    const done = new Set(applied);
    const pending = known.filter((f) => !done.has(f));
    const migrations = { applied: applied.length, pending };
    if (pending.length) return reply.status(503).send({ ready: false, database: dialect, reason: '有未执行的数据库迁移', migrations });
    return { ready: true, database: dialect, migrations };
  });

  app.get('/metrics', {
    schema: { tags: ['ops'], summary: 'Prometheus 指标 Metrics (text exposition format)', response: { 200: Type.String(), ...errors(401) } },
  }, async (req, reply) => {
    const want = process.env.FENGQIAO_METRICS_TOKEN;
    if (want) {
      const got = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : '';
      const a = crypto.createHash('sha256').update(got).digest();
      const b = crypto.createHash('sha256').update(want).digest();
      if (!crypto.timingSafeEqual(a, b)) throw new DomainError('UNAUTHENTICATED', '需要指标令牌');
    }
    const ctx = app.fq.ctx;
    const db = ctx.store.db;
    const today = shanghaiDate(ctx.now());
    const gauges: { name: string; help: string; value: number; labels?: Record<string, string> }[] = [];
    const overdue = await countOr(db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).where('nextDue', 'is not', null).where('nextDue', '<', today).executeTakeFirst());
    if (overdue !== null) gauges.push({ name: 'fengqiao_matters_overdue', help: 'Open matters whose earliest running limit (matters.next_due) is before today (Asia/Shanghai).', value: overdue });
    const dueToday = await countOr(db.selectFrom('matters').select((eb) => eb.fn.countAll().as('n')).where('nextDue', '=', today).executeTakeFirst());
    if (dueToday !== null) gauges.push({ name: 'fengqiao_matters_due_today', help: 'Open matters whose earliest running limit falls today.', value: dueToday });
    const outbox = await countOr(sql<{ n: unknown }>`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`.execute(db).then((r) => r.rows[0]));
    if (outbox !== null) gauges.push({ name: 'fengqiao_outbox_pending', help: 'Notification outbox rows not yet sent.', value: outbox });
    const hotline = await countOr(sql<{ n: unknown }>`SELECT count(*) AS n FROM hotline_outbox WHERE sent_at IS NULL AND failed_at IS NULL`.execute(db).then((r) => r.rows[0]));
    if (hotline !== null) gauges.push({ name: 'fengqiao_hotline_callbacks_pending', help: '12345 status callbacks waiting to be delivered.', value: hotline });
    const notes = await countOr(sql<{ n: unknown }>`SELECT count(*) AS n FROM notification_deliveries WHERE status = 'pending'`.execute(db).then((r) => r.rows[0]));
    if (notes !== null) gauges.push({ name: 'fengqiao_notifications_pending', help: 'SMS and e-mail deliveries waiting (first try or retry).', value: notes });
    const parts = await gatherSnapshots(own());
    if (ctx.store.pg || ctx.store.sqliteBatch) {
      const g = parts.reduce((a, p) => ({ groups: a.groups + p.groups.groups, grouped: a.grouped + p.groups.grouped, retriedAlone: a.retriedAlone + p.groups.retriedAlone }), { groups: 0, grouped: 0, retriedAlone: 0 });
      gauges.push(
        { name: 'fengqiao_registration_groups_total', help: 'Groups of registrations arriving together written by one statement (PostgreSQL) or one batch of the writer thread (SQLite on a file), since start.', value: g.groups },
        { name: 'fengqiao_registrations_grouped_total', help: 'Registrations written in those groups, since start.', value: g.grouped },
        { name: 'fengqiao_registration_groups_retried_alone_total', help: 'Groups whose statement failed (a duplicate idempotency key, say) or, on SQLite, whose look-up had moved, each registration then tried alone.', value: g.retriedAlone },
      );
    }
    gauges.push({ name: 'fengqiao_server_processes', help: 'Server processes whose counters this answer sums (FENGQIAO_WORKERS; 1 outside a cluster).', value: parts.length });
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(RequestMetrics.merged(parts.map((p) => p.metrics)).render(gauges));
  });
}
