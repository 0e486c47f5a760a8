/**
 * Several server processes on one port (FENGQIAO_WORKERS; PostgreSQL only), with Node's cluster module.
 *
 * One Node process answers HTTP on one core. On PostgreSQL any number of `fengqiao serve` processes may share the
 * database (docs/SCALE.md §1: sessions, jobs and outboxes take leases; registrations take each person's lock), so a
 * server with several cores runs one process per core behind the same port: the primary process prepares the
 * database (migrations, the demo), then forks the workers, which accept connections from the one shared socket.
 *
 * Who accepts a connection: the workers themselves, the operating system waking one of them (`SCHED_NONE`), not
 * Node's default round robin, in which the primary accepts each connection and hands it to the next worker. With
 * the hand-off, a connection given to a worker in the moments after it died was never answered nor closed (seen:
 * a request right after a SIGKILL waited until the client gave up); accepted by the workers, it goes to one that
 * lives. The rates were the same (docs/SCALE.md). NODE_CLUSTER_SCHED_POLICY=rr, set by an operator, still wins.
 *
 * The primary:
 * - starts a worker again when one stops unexpectedly (one second later), and gives up, stopping the others and
 *   exiting with 1, when workers stop more than five times in a minute (a database that is gone, say);
 * - passes SIGTERM and SIGINT to the workers, each of which finishes its requests and closes; the primary exits once
 *   they all have (any left after 30 s are killed);
 * - relays the gathering of /metrics: a worker asked for its metrics asks the primary, which collects every worker's
 *   snapshot of its own counters, so a scrape through the shared port sees the whole server, not one process.
 *
 * A worker is an ordinary `serve` that also stops when it loses its primary.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

type Message =
  | { fq: 'gather'; id: number } // worker → primary: every worker's snapshot, please
  | { fq: 'snapshot?'; id: number } // primary → each worker
  | { fq: 'snapshot'; id: number; snapshot: unknown } // each worker → primary
  | { fq: 'gathered'; id: number; snapshots: unknown[] }; // primary → the worker that asked

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as { fq?: unknown }).fq === 'string';

/** How long the primary waits for the workers' snapshots, and a worker for the primary's answer. */
const GATHER_MS = 1000;

/** Worker: answers the primary's requests for this process's snapshot (`get`). Returns the function that stops it. */
export function answerSnapshots(get: () => unknown): () => void {
  if (!cluster.isWorker) return () => undefined;
  const on = (m: unknown) => {
    if (isMessage(m) && m.fq === 'snapshot?' && process.connected) process.send!({ fq: 'snapshot', id: m.id, snapshot: get() } satisfies Message);
  };
  process.on('message', on);
  return () => { process.off('message', on); };
}

let asked = 0;
/**
 * Every worker's snapshot, through the primary (this one's included, by `answerSnapshots`); `[own]` in a process
 * outside a cluster, or when the primary does not answer in time.
 */
export function gatherSnapshots<T>(own: T): Promise<T[]> {
  if (!cluster.isWorker || !process.connected) return Promise.resolve([own]);
  const id = ++asked;
  return new Promise((resolve) => {
    const done = (snapshots: T[]) => { clearTimeout(timer); process.off('message', on); resolve(snapshots); };
    const on = (m: unknown) => { if (isMessage(m) && m.fq === 'gathered' && m.id === id) done(m.snapshots as T[]); };
    const timer = setTimeout(() => done([own]), 2 * GATHER_MS);
    process.on('message', on);
    process.send!({ fq: 'gather', id } satisfies Message);
  });
}

export interface PrimaryOptions {
  workers: number;
  log: Logger;
  port: number;
}

/** The primary process: forks the workers and keeps them running until it is told to stop. */
export function runPrimary(opts: PrimaryOptions): void {
  const { log, workers: n } = opts;
  let stopping = false;
  const stops: number[] = []; // when workers stopped unexpectedly, for the give-up rule
  let listening = 0;
  let gatherSeq = 0;

  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
  const fork = () => { if (!stopping) cluster.fork(); };
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const left = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    if (!left.length) return process.exit(code);
    for (const w of left) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    }, 30_000).unref();
    cluster.on('exit', () => { if (!Object.keys(cluster.workers ?? {}).length) process.exit(code); });
  };

  cluster.on('listening', (w) => {
    log.debug({ worker: w.process.pid }, 'worker listening');
    if (++listening === n) log.info({ port: opts.port, workers: n }, `Fengqiao serving on http://localhost:${opts.port} with ${n} processes`);
  });
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    stops.push(now);
    while (stops.length && stops[0]! < now - 60_000) stops.shift();
    if (stops.length > 5) {
      log.fatal({ worker: w.process.pid, code, signal }, 'workers keep stopping: giving up');
      stopAll(1);
      return;
    }
    log.error({ worker: w.process.pid, code, signal }, 'a worker stopped; starting another');
    setTimeout(fork, 1000);
  });
  cluster.on('message', (from, m: unknown) => {
    if (!isMessage(m) || m.fq !== 'gather') return;
    const id = ++gatherSeq;
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w?.isConnected()));
    const snapshots: unknown[] = [];
    const answered = new Set<number>();
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      cluster.off('message', collect);
      clearTimeout(timer);
      if (from.isConnected()) from.send({ fq: 'gathered', id: m.id, snapshots } satisfies Message);
    };
    const collect = (w: Worker, r: unknown) => {
      if (!isMessage(r) || r.fq !== 'snapshot' || r.id !== id || answered.has(w.id)) return;
      answered.add(w.id);
      snapshots.push(r.snapshot);
      if (answered.size === live.length) finish();
    };
    const timer = setTimeout(finish, GATHER_MS);
    cluster.on('message', collect);
    for (const w of live) w.send({ fq: 'snapshot?', id } satisfies Message);
  });
  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
  for (let i = 0; i < n; i++) fork();
}

/** In a worker: stop (`close`) when the primary is gone, so that no worker outlives it. */
export function stopWithPrimary(close: () => void): void {
  if (cluster.isWorker) process.once('disconnect', close);
}

export const isClusterPrimary = (workers: number): boolean => workers > 1 && cluster.isPrimary;

/** A worker of a cluster: its primary has migrated the database and seeded it (base data, the demo) before forking it. */
export const isClusterWorker = (): boolean => cluster.isWorker;
