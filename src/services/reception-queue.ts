/**
 * The reception hall's queue (人民来访接待厅): a visitor takes a number, a window calls the next one, the visitor
 * may be screened at the pre-visit lawyer's desk (访前法律工作室, 诉访分离), then is registered (or leaves). Numbers
 * restart every day per hall (unit); priority visitors (elderly, disabled, pregnant) get a Y-number and are
 * called first. Calling is compare-and-set: two windows pressing "call next" together get two different visitors.
 */
import '../store/schema-reception.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { checkTicketMove, queueOrder, ticketCode, TICKET_LABELS, type TicketStatus } from '../domain/reception.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { scopeOf, type StaffActor } from './resolution-support.ts';

export async function takeTicket(ctx: Ctx, actor: StaffActor, input: { priority?: boolean; headcount?: number; visitorName?: string; appointmentId?: number }) {
  const headcount = input.headcount ?? 1;
  if (!Number.isInteger(headcount) || headcount < 1 || headcount > 500) throw new DomainError('BAD_INPUT', '来访人数应为 1–500', { field: 'headcount' });
  const now = ctx.now();
  const date = shanghaiDate(now);
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.store.write(async (tx) => {
        const last = await tx.selectFrom('hallTickets').select((eb) => eb.fn.max('number').as('n')).where('unitId', '=', actor.unitId).where('date', '=', date).executeTakeFirst();
        const number = num(last?.n) + 1;
        const code = ticketCode(number, !!input.priority);
        const r = await tx.insertInto('hallTickets').values({
          unitId: actor.unitId, date, number, code, priority: input.priority ? 1 : 0, headcount, visitorName: input.visitorName?.trim() || null,
          appointmentId: input.appointmentId ?? null, status: 'waiting', window: null, takenAt: now, calledAt: null, screenedAt: null, screeningNote: null,
          finishedAt: null, petitionId: null,
        }).returning('id').executeTakeFirstOrThrow();
        const ahead = await tx.selectFrom('hallTickets').select((eb) => eb.fn.countAll().as('n')).where('unitId', '=', actor.unitId).where('date', '=', date).where('status', '=', 'waiting').where('id', '!=', r.id).executeTakeFirst();
        return { id: num(r.id), code, number, waitingAhead: num(ahead?.n) };
      });
    } catch (e) {
      // two desks taking a number at once on PostgreSQL: the unique (unit, date, number) index refuses one; retry
      if (attempt < 5 && !(e instanceof DomainError)) continue;
      throw e;
    }
  }
}

export async function callNext(ctx: Ctx, actor: StaffActor, window: string) {
  const w = window.trim();
  if (!w || w.length > 20) throw new DomainError('BAD_INPUT', '窗口号不正确', { field: 'window' });
  const date = shanghaiDate(ctx.now());
  for (let attempt = 0; attempt < 10; attempt++) {
    const waiting = await ctx.store.db.selectFrom('hallTickets').select(['id', 'number', 'priority', 'code']).where('unitId', '=', actor.unitId).where('date', '=', date).where('status', '=', 'waiting').execute();
    const next = queueOrder(waiting.map((t) => ({ ...t, id: num(t.id), number: num(t.number), priority: num(t.priority) === 1 })))[0];
    if (!next) throw new DomainError('INVALID_STATE', '当前没有等候的来访人');
    const r = await ctx.store.db.updateTable('hallTickets').set({ status: 'called', window: w, calledAt: ctx.now() }).where('id', '=', next.id).where('status', '=', 'waiting').executeTakeFirst();
    if (num(r.numUpdatedRows) === 1) return { id: next.id, code: next.code, window: w };
  }
  throw new DomainError('CONFLICT', '叫号冲突，请重试');
}

async function moveTicket(ctx: Ctx, actor: StaffActor, id: number, mv: 'screen' | 'register' | 'leave', set: Record<string, unknown>) {
  const t = await ctx.store.db.selectFrom('hallTickets').select(['id', 'status']).where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!t) throw notFound('排队号');
  checkTicketMove(mv, t.status as TicketStatus);
  const r = await ctx.store.db.updateTable('hallTickets').set(set).where('id', '=', id).where('status', '=', t.status).executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '排队号状态已被他人改变');
}

export const screenTicket = (ctx: Ctx, actor: StaffActor, id: number, note: string) =>
  moveTicket(ctx, actor, id, 'screen', { status: 'screening', screenedAt: ctx.now(), screeningNote: note.trim().slice(0, 2000) || null });
export const registerTicket = (ctx: Ctx, actor: StaffActor, id: number, petitionId?: number) =>
  moveTicket(ctx, actor, id, 'register', { status: 'registered', finishedAt: ctx.now(), petitionId: petitionId ?? null });
export const leaveTicket = (ctx: Ctx, actor: StaffActor, id: number) => moveTicket(ctx, actor, id, 'leave', { status: 'left', finishedAt: ctx.now() });

/** Today's queue of a hall, in calling order; staff see names, the public board only numbers and windows. */
export async function hallQueue(ctx: Ctx, unitId: number, opts: { names: boolean }) {
  const date = shanghaiDate(ctx.now());
  const rows = await ctx.store.db.selectFrom('hallTickets').selectAll().where('unitId', '=', unitId).where('date', '=', date).orderBy('number').execute();
  const all = rows.map((t) => ({
    id: num(t.id), code: t.code, number: num(t.number), priority: num(t.priority) === 1, status: t.status as TicketStatus, statusLabel: TICKET_LABELS[t.status as TicketStatus],
    window: t.window, headcount: num(t.headcount), calledAt: t.calledAt, visitorName: opts.names ? t.visitorName : null,
  }));
  const waiting = queueOrder(all.filter((t) => t.status === 'waiting'));
  const called = all.filter((t) => t.status === 'called' || t.status === 'screening').sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''));
  return { date, unitId, unitName: ctx.org().unit(unitId)?.name ?? null, waiting, called, done: all.filter((t) => t.status === 'registered' || t.status === 'left').length };
}
