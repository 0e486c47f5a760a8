/**
 * Live updates (issue 10): when a matter changes — an action on it, a registration, a petition joining it — every
 * server process tells its own connected users who may see that matter, with a small message:
 * `{type: 'matter', id, version, status}` (no titles, no names: the client re-reads what it shows).
 *
 * The write paths call `announceMatter` after their transaction commits; the store carries the announcement to
 * every process (store/live.ts: PostgreSQL LISTEN/NOTIFY, or in-process on SQLite); in each process a `LiveHub`
 * holds the connected clients and filters by the visibility rules of the lists (matter.repository `visibleTo`):
 * scope by unit, and a matter accusing a unit is never announced to that unit or the units above it.
 */
import type { OrgView } from '../domain/org.ts';
import type { ChangeListener, MatterChange } from '../store/live.ts';
import { isVisibleTo } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';

export type { MatterChange };

/** What the visibility rules need of a matter, and what is announced. */
export interface ChangedMatter {
  id: number;
  version: number;
  status: string;
  unitId: number | null;
  registeringUnitId: number | null;
  routedByUnitId: number | null;
  reviewUnitId: number | null;
  accusedUnitId: number | null;
}

export function changeOf(m: ChangedMatter): MatterChange {
  const units = [m.unitId, m.registeringUnitId, m.routedByUnitId, m.reviewUnitId].filter((u): u is number => u !== null);
  return { id: m.id, version: m.version, status: m.status, units: [...new Set(units)], accusedUnitId: m.accusedUnitId };
}

/**
 * Announces a committed change. The change is already in the database: a failure to announce is logged and
 * swallowed, never turned into a failed request.
 */
export async function announceMatter(ctx: Ctx, m: ChangedMatter): Promise<void> {
  try {
    await ctx.store.live.publish(changeOf(m));
  } catch (e) {
    ctx.log.warn({ err: e, matterId: m.id }, 'live update not announced');
  }
}

export type LiveMessage =
  | { type: 'hello' }
  | { type: 'matter'; id: number; version: number; status: string }
  /** announcements may have been missed (the process lost its listening connection): re-read what is shown */
  | { type: 'resync' };

export interface LiveClient {
  unitId: number;
  send(m: LiveMessage): void;
}

/** The connected clients of one server process. Listens on the store only while a client is connected. */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  private off: (() => void) | null = null;

  constructor(private readonly ctx: Ctx) {}

  get size(): number { return this.clients.size; }

  /** Adds a client; resolves once this process is listening, so that nothing committed after it is missed. */
  async join(client: LiveClient): Promise<() => void> {
    this.clients.add(client);
    if (!this.off) {
      const onChange: ChangeListener = (c) => this.deliver(c);
      this.off = this.ctx.store.live.subscribe(onChange, () => { for (const cl of this.clients) cl.send({ type: 'resync' }); });
    }
    await this.ctx.store.live.ready();
    return () => this.leave(client);
  }

  private leave(client: LiveClient): void {
    this.clients.delete(client);
    if (!this.clients.size && this.off) { this.off(); this.off = null; }
  }

  private deliver(c: MatterChange): void {
    const org: OrgView = this.ctx.org();
    const message: LiveMessage = { type: 'matter', id: c.id, version: c.version, status: c.status };
    const verdict = new Map<number, boolean>(); // one decision per unit, however many of its users are connected
    for (const cl of this.clients) {
      let ok = verdict.get(cl.unitId);
      if (ok === undefined) { ok = isVisibleTo(org, { unitId: cl.unitId }, c); verdict.set(cl.unitId, ok); }
      if (ok) cl.send(message);
    }
  }

  close(): void {
    this.clients.clear();
    if (this.off) { this.off(); this.off = null; }
  }
}
