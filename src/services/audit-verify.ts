/** Walks every matter's event chain in id order, a page at a time, and reports each break. */
import { verifyChain, type ChainBreak } from '../store/audit.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';

export async function verifyAudit(ctx: Ctx, opts: { matterId?: number } = {}): Promise<{ matters: number; events: number; breaks: ChainBreak[] }> {
  const db = ctx.store.db;
  const breaks: ChainBreak[] = [];
  let matters = 0;
  let events = 0;
  let after = 0;
  for (;;) {
    let q = db.selectFrom('matters').select(['id', 'chainHead']).where('id', '>', after).orderBy('id').limit(500);
    if (opts.matterId) q = q.where('id', '=', opts.matterId);
    const page = await q.execute();
    if (!page.length) break;
    const ids = page.map((m) => num(m.id));
    const rows = await db.selectFrom('events').selectAll().where('matterId', 'in', ids).orderBy('matterId').orderBy('seq').execute();
    for (const m of page) {
      const id = num(m.id);
      const chain = rows.filter((e) => num(e.matterId) === id).map((e) => ({ ...e, matterId: num(e.matterId), seq: num(e.seq) }));
      events += chain.length;
      matters++;
      const b = verifyChain(chain, m.chainHead);
      if (b) breaks.push({ ...b, matterId: id });
    }
    after = ids[ids.length - 1]!;
  }
  return { matters, events, breaks };
}
