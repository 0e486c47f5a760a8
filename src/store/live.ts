/**
 * Live updates of matters (issue 10): the dialect-specific carrier, exposed by db.ts as `store.live`.
 *
 * - PostgreSQL: `pg_notify('matter_changed', payload)` after the change has committed; every server process holds
 *   one dedicated connection that LISTENs on the channel (opened when the first subscriber arrives), so each
 *   process — the one that made the change included — hears every change. The payload is a few numbers: the
 *   matter id, its version and status, and the unit ids the visibility rules need (no personal data; far below
 *   NOTIFY's 8,000-byte limit). A lost LISTEN connection is reopened with backoff; what was announced meanwhile
 *   is lost, so the subscribers are told (`onGap`) and can re-read.
 * - SQLite: one process serves the database, so an in-process emitter is the whole of it.
 *
 * A change is announced after its transaction commits: a process that dies between the commit and the announce
 * loses that one announcement (live updates are hints to re-read; the database stays the truth).
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

export const LIVE_CHANNEL = 'matter_changed';

export interface MatterChange {
  id: number;
  version: number;
  status: string;
  /** the unit, registering, routed-by and review units (the visibility rules' columns), nulls left out */
  units: number[];
  accusedUnitId: number | null;
}

export type ChangeListener = (change: MatterChange) => void;

export interface LiveChannel {
  /** announces a committed change to every subscriber in every process */
  publish(change: MatterChange): Promise<void>;
  /** `onGap`: announcements may have been missed (the listening connection was lost and reopened) */
  subscribe(listener: ChangeListener, onGap?: () => void): () => void;
  /** resolves once this process is listening (at once on SQLite; PostgreSQL: after LISTEN, or a failed attempt) */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The wire form: short keys, numbers only. */
interface Wire { i: number; v: number; s: string; u: number[]; a: number | null }

const toWire = (c: MatterChange): Wire => ({ i: c.id, v: c.version, s: c.status, u: c.units, a: c.accusedUnitId });
/** The NOTIFY payload of a change (a statement that writes the change may send it itself: registration.repository). */
export const notifyPayload = (c: MatterChange): string => JSON.stringify(toWire(c));

function fromWire(text: string): MatterChange | null {
  try {
    const w = JSON.parse(text) as Partial<Wire>;
    if (!Number.isInteger(w.i) || !Number.isInteger(w.v) || typeof w.s !== 'string' || !Array.isArray(w.u)) return null;
    return { id: w.i!, version: w.v!, status: w.s, units: w.u.filter(Number.isInteger), accusedUnitId: Number.isInteger(w.a) ? w.a! : null };
  } catch {
    return null;
  }
}

class Subscribers {
  private readonly list = new Set<{ listener: ChangeListener; onGap?: () => void }>();
  get size() { return this.list.size; }
  add(listener: ChangeListener, onGap?: () => void): () => void {
    const s = { listener, onGap };
    this.list.add(s);
    return () => { this.list.delete(s); };
  }
  change(c: MatterChange) { for (const s of this.list) s.listener(c); }
  gap() { for (const s of this.list) s.onGap?.(); }
}

/** SQLite: one process, an emitter. */
export function memoryChannel(): LiveChannel {
  const subs = new Subscribers();
  const bus = new EventEmitter();
  bus.on('change', (c: MatterChange) => subs.change(c));
  return {
    // delivered on a later tick, as a notification would be: the announcer's own work finishes first
    publish: async (c) => { const copy = { ...c, units: [...c.units] }; setImmediate(() => bus.emit('change', copy)); },
    subscribe: (l, g) => subs.add(l, g),
    ready: async () => {},
    close: async () => { bus.removeAllListeners(); },
  };
}

/** PostgreSQL: NOTIFY through the pool, LISTEN on a connection of its own. */
export function postgresChannel(pool: pg.Pool, url: string): LiveChannel {
  const subs = new Subscribers();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryMs = 500;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const drop = (c: pg.Client) => {
    if (client === c) client = null;
    c.removeAllListeners();
    c.on('error', () => {});
    void c.end().catch(() => {});
  };
  const reopenLater = () => {
    if (closed || timer || !subs.size) return;
    timer = setTimeout(() => { timer = null; void open(true); }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  };
  const open = (afterLoss: boolean): Promise<void> => (connecting ??= (async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => { drop(c); reopenLater(); });
    c.on('end', () => { if (client === c) { client = null; reopenLater(); } });
    c.on('notification', (n) => {
      if (n.channel !== LIVE_CHANNEL || !n.payload) return;
      const change = fromWire(n.payload);
      if (change) subs.change(change);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
      if (closed || !subs.size) { drop(c); return; }
      client = c;
      retryMs = 500;
      if (afterLoss) subs.gap();
    } catch {
      drop(c);
      reopenLater();
    }
  })().finally(() => { connecting = null; }));

  return {
    async publish(c) {
      await pool.query('select pg_notify($1, $2)', [LIVE_CHANNEL, notifyPayload(c)]);
    },
    subscribe(listener, onGap) {
      const off = subs.add(listener, onGap);
      if (!client && !connecting && !closed) void open(false);
      return () => {
        off();
        if (!subs.size && client) drop(client);
      };
    },
    async ready() {
      await connecting;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await connecting;
      if (client) drop(client);
    },
  };
}
