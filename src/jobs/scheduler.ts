/**
 * Runs the sweep and the dispatcher on a timer while serving. Several server processes may run it: the sweep takes
 * the named lease `deadline-sweep` (one sweeper at a time; the marks are idempotent anyway) and the dispatcher
 * claims outbox rows with row leases. The text index catch-up (issue 7: rows written around the services — bulk
 * loads, imports, an index write lost on PostgreSQL) runs every 30 s under the lease `text-catchup`, in batches, so
 * a search request only ever does a bounded part of it. It also starts the petition indexer (below), which writes
 * the index rows of new registrations moments after they commit (FENGQIAO_TEXT_INDEX), and retrains the
 * classification models at night when due (jobs/retrain.ts, FENGQIAO_RETRAIN_HOURS). Off in tests (they call
 * the jobs directly); FENGQIAO_JOBS=0 turns it off.
 */
import { randomUUID } from 'node:crypto';
import { releaseLease, takeLease } from '../store/outbox.repository.ts';
import type { Ctx } from '../services/context.ts';
import { catchUp } from '../services/text-search.ts';
import { indexPetitions } from '../text/index-writer.ts';
import { currentStats, refreshCodeStats, statsDue } from '../text/stats.ts';
import { deferPetitionIndex, type PetitionDoc } from '../services/register-petition.ts';
import { sweepDeadlines } from './deadline-sweep.ts';
import { dispatchOutbox } from './outbox-dispatcher.ts';
import { retrainIfDue } from './retrain.ts';

/**
 * Retraining runs between 02:00 and 05:00 Asia/Shanghai: training is CPU work in the server's own process (a minute
 * or so at 50,000 petitions), done when the bureau is closed.
 */
export function isRetrainHour(nowIso: string): boolean {
  const h = (new Date(nowIso).getUTCHours() + 8) % 24;
  return h >= 2 && h < 5;
}

export function startScheduler(ctx: Ctx, opts: { sweepEveryMs?: number; dispatchEveryMs?: number; textEveryMs?: number } = {}): () => void {
  const stopIndexer = textIndexMode() === 'deferred' ? startPetitionIndexer(ctx).stop : () => undefined;
  const owner = `${process.pid}-${randomUUID()}`;
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      if (await takeLease(ctx.store.db, 'deadline-sweep', owner, ctx.now(), 10 * 60_000)) {
        const r = await sweepDeadlines(ctx);
        await releaseLease(ctx.store.db, 'deadline-sweep', owner);
        if (r.warned || r.overdue || r.supervisionOverdue) ctx.log.info(r, 'deadline sweep');
      }
      await dispatchOutbox(ctx, owner);
      if (isRetrainHour(ctx.now())) {
        const trained = await retrainIfDue(ctx, owner);
        if (trained) ctx.log.info(trained, 'classification models retrained');
      }
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduler run failed');
    } finally {
      busy = false;
    }
  };
  let indexing = false;
  const indexText = async () => {
    if (indexing) return;
    indexing = true;
    try {
      // one batch per lease renewal, so a crashed process's lease lapses within a minute
      while (await takeLease(ctx.store.db, 'text-catchup', owner, ctx.now(), 60_000)) {
        const r = await catchUp(ctx, { maxBatches: 1 });
        if (r.events || r.petitions) ctx.log.info({ events: r.events, petitions: r.petitions }, 'text index catch-up');
        if (!r.more) {
          // the code statistics the repeat check and PostgreSQL's search walk use (text/stats.ts), under the same lease
          if (await statsDue(ctx.store.db, ctx.now())) ctx.log.info(await refreshCodeStats(ctx.store, ctx.now()), 'text code statistics refreshed');
          break;
        }
      }
      await releaseLease(ctx.store.db, 'text-catchup', owner);
      // every process, lease or not: the current statistics read before a search needs them
      await currentStats(ctx.store.db);
    } catch (e) {
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'text index catch-up failed');
    } finally {
      indexing = false;
    }
  };
  const t1 = setInterval(() => void sweep(), opts.sweepEveryMs ?? 5 * 60_000);
  const t3 = setInterval(() => void indexText(), opts.textEveryMs ?? 30_000);
  t3.unref();
  const t2 = setInterval(() => void dispatchOutbox(ctx, owner).catch(() => undefined), opts.dispatchEveryMs ?? 15_000);
  t1.unref(); t2.unref();
  const s1 = setTimeout(() => void sweep(), 2_000);
  // the text job once soon after start too: what waits to be indexed, and the code statistics read into this process
  // before the first search needs them
  const s2 = setTimeout(() => void indexText(), 3_000);
  s1.unref(); s2.unref();
  return () => { clearInterval(t1); clearInterval(t2); clearInterval(t3); clearTimeout(s1); clearTimeout(s2); stopIndexer(); };
}

/**
 * Where a served registration's search-index row is written (FENGQIAO_TEXT_INDEX): `deferred` (the default) by the
 * petition indexer below, moments after the registration commits; `inline` in the registration's own transaction.
 * Deferred takes that write (a third of a registration's time on SQLite) out of the request and writes the rows of
 * many registrations in one unit of work. A search runs a bounded catch-up first (text-search.ts), so it finds a
 * petition whose row is still queued.
 */
export function textIndexMode(): 'deferred' | 'inline' {
  return process.env.FENGQIAO_TEXT_INDEX === 'inline' ? 'inline' : 'deferred';
}

/**
 * The petition indexer: registrations hand it their index rows once committed (register-petition.ts
 * `deferPetitionIndex`); the first hand-over wakes it, and GATHER_MS later it writes everything queued by then in
 * one unit of work (at most BATCH rows each, through text/index-writer.ts). A failed write is retried a second
 * later, three times; a batch that still fails, or a row lost with the process, is found by the catch-up (any
 * petition lacking an index row) — on PostgreSQL only if it committed before the catch-up passed its id (ids are
 * reserved before the commit there), else by `fengqiao text reindex`. `drained()` resolves once the queue is empty.
 */
export function startPetitionIndexer(ctx: Ctx): { stop: () => void; drained: () => Promise<void> } {
  const BATCH = 500;
  // rows gather this long before a write: SQLite's FTS5 index pays a fixed cost per transaction that writes to it
  // (a new segment, merges), so a write of a hundred rows costs two thirds as much per row as one of sixteen
  const GATHER_MS = 50;
  const queue: PetitionDoc[] = [];
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let waiting: (() => void)[] = [];
  const schedule = (ms: number) => { running = true; timer = setTimeout(() => { timer = null; void drain(); }, ms); };
  const drain = async () => {
    try {
      const batch = queue.splice(0, BATCH);
      try {
        // the rows `indexNewPetition` writes, many to a statement (text/index-writer.ts `indexPetitions`)
        await indexPetitions(ctx.store, batch);
        failures = 0;
      } catch (e) {
        const err = e instanceof Error ? e.message : String(e);
        if (++failures <= 3) {
          queue.unshift(...batch);
          ctx.log.error({ err, queued: queue.length }, 'text index of new petitions failed; retrying in 1 s');
          schedule(1000);
          return;
        }
        // a batch that keeps failing is left to the catch-up (it indexes any petition lacking its row)
        failures = 0;
        ctx.log.error({ err, petitions: batch.length }, 'text index of new petitions failed three times; left to the catch-up');
      }
      if (queue.length) { schedule(queue.length >= BATCH ? 0 : GATHER_MS); return; }
      running = false;
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    } catch (e) {
      running = false;
      ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'petition indexer failed');
    }
  };
  deferPetitionIndex(ctx, (doc) => {
    queue.push(doc);
    if (!running) schedule(GATHER_MS);
    else if (timer && queue.length >= BATCH) { clearTimeout(timer); schedule(0); }
  });
  return {
    // later registrations index in their own transactions; what is queued is still written
    stop: () => deferPetitionIndex(ctx, null),
    drained: () => (running || queue.length ? new Promise<void>((res) => waiting.push(res)) : Promise.resolve()),
  };
}
