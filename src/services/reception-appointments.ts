/**
 * Appointments with a leader's reception: booked by citizens on the portal (no login; the public route is
 * rate-limited) or by staff at the workbench. Capacity and conflicts are checked in the same write unit as the
 * insert (the reception day's row is locked on PostgreSQL; SQLite has one writer), so two bookings racing for the
 * last place cannot both win. An SMS reminder for 9:00 the day before is queued in the same transaction
 * (notify/notifier.ts sends it when due; cancelling withdraws it). No-shows are recorded by staff, and every
 * appointment still open when the reception is recorded as held becomes a no-show.
 */
import crypto from 'node:crypto';
import '../store/schema-reception.ts';
import { addCalendarDays, shanghaiDate } from '../domain/calendar.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { maskPhone, normalizePhone } from '../domain/id-number.ts';
import { bookingOpen, checkBooking, slotsOf } from '../domain/reception.ts';
import { num } from '../store/db.ts';
import { queueNotification, withdrawNotification } from '../notify/notifier.ts';
import type { Ctx } from './context.ts';
import { findReceptionInScope } from './reception-schedule.ts';
import { text, type StaffActor } from './resolution-support.ts';

const reminderKey = (appointmentId: number) => `reception-reminder:${appointmentId}`;
/** 09:00 Asia/Shanghai (UTC+8, no daylight saving) on the day before the reception. */
export const reminderAt = (receptionDate: string) => `${addCalendarDays(receptionDate, -1)}T01:00:00.000Z`;

export interface BookInput { receptionDayId: number; slot: string; name: string; phone: string; description: string; matterId?: number }

export async function bookAppointment(ctx: Ctx, actor: StaffActor | null, input: BookInput): Promise<{ id: number; code: string; date: string; slot: string }> {
  const phone = normalizePhone(input.phone);
  if (!phone) throw new DomainError('PHONE_INVALID', '手机号码不正确', { field: 'phone' });
  const name = text(input.name, 'name', '姓名', 50);
  const description = text(input.description, 'description', '反映问题简述', 500);
  if (actor) await findReceptionInScope(ctx, actor, input.receptionDayId);
  const phoneHash = ctx.pii.hash('phone', phone);
  const code = crypto.randomBytes(6).toString('base64url');
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    let q = tx.selectFrom('receptionDays').selectAll().where('id', '=', input.receptionDayId);
    if (ctx.store.dialect === 'postgres') q = q.forUpdate();
    const d = await q.executeTakeFirst();
    if (!d || (!actor && d.status !== 'published')) throw notFound('接访安排');
    if (!bookingOpen(d.date, shanghaiDate(now))) throw new DomainError('RULE_VIOLATION', '预约须在接访日前一天 24 时前办理；当天来访请到接待厅取号');
    const slots = slotsOf({ start: d.startTime, end: d.endTime, slotMinutes: num(d.slotMinutes), perSlot: num(d.perSlot) });
    const active = ['booked', 'attended'];
    const inSlot = await tx.selectFrom('receptionAppointments').select((eb) => eb.fn.countAll().as('n'))
      .where('receptionDayId', '=', d.id).where('slot', '=', input.slot).where('status', 'in', active).executeTakeFirst();
    const same = await tx.selectFrom('receptionAppointments').select('id')
      .where('receptionDayId', '=', d.id).where('phoneHash', '=', phoneHash).where('status', 'in', active).executeTakeFirst();
    checkBooking(input.slot, { status: d.status as never, slots, perSlot: num(d.perSlot), bookedInSlot: num(inSlot?.n), personAlreadyBooked: !!same });
    const r = await tx.insertInto('receptionAppointments').values({
      receptionDayId: d.id, slot: input.slot, name, phoneEnc: ctx.pii.encrypt(phone), phoneHash, phoneMask: maskPhone(phone), description,
      source: actor ? 'staff' : 'public', matterId: input.matterId ?? null, code, status: 'booked', bookedBy: actor?.userId ?? null, createdAt: now,
      cancelledAt: null, markedAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    const id = num(r.id);
    // an SMS reminder at 9:00 (Asia/Shanghai) the day before, or at once for a booking made later than that;
    // queued in this transaction, so a booking that does not commit sends nothing (the recipient is stored encrypted)
    await queueNotification(ctx, {
      template: 'reception.reminder', to: phone, dedupeKey: reminderKey(id), matterId: input.matterId,
      vars: { date: d.date, slot: input.slot, place: d.place, code }, notBefore: reminderAt(d.date),
    }, tx);
    return { id, code, date: d.date, slot: input.slot };
  });
}

/** A citizen cancels with the appointment code and the phone it was booked with; staff by id. */
export async function cancelAppointment(ctx: Ctx, by: { code: string; phone: string } | { actor: StaffActor; id: number }) {
  let row;
  if ('code' in by) {
    const phone = normalizePhone(by.phone);
    row = await ctx.store.db.selectFrom('receptionAppointments').select(['id', 'phoneHash', 'status', 'receptionDayId']).where('code', '=', by.code).executeTakeFirst();
    if (!row || !phone || row.phoneHash !== ctx.pii.hash('phone', phone)) throw notFound('预约');
  } else {
    row = await ctx.store.db.selectFrom('receptionAppointments').select(['id', 'phoneHash', 'status', 'receptionDayId']).where('id', '=', by.id).executeTakeFirst();
    if (!row) throw notFound('预约');
    await findReceptionInScope(ctx, by.actor, num(row.receptionDayId));
  }
  const r = await ctx.store.db.updateTable('receptionAppointments').set({ status: 'cancelled', cancelledAt: ctx.now() }).where('id', '=', row.id).where('status', '=', 'booked').executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('INVALID_STATE', '该预约已取消或已办结');
  // a reminder not yet sent is withdrawn, so the citizen is not called to a reception they cancelled
  await withdrawNotification(ctx, reminderKey(num(row.id)), 'appointment cancelled');
}

export async function markAppointment(ctx: Ctx, actor: StaffActor, id: number, outcome: 'attended' | 'noShow') {
  const row = await ctx.store.db.selectFrom('receptionAppointments').select(['id', 'receptionDayId']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('预约');
  const d = await findReceptionInScope(ctx, actor, num(row.receptionDayId));
  if (shanghaiDate(ctx.now()) < d.date) throw new DomainError('RULE_VIOLATION', '接访日尚未到，不能登记到场情况');
  const r = await ctx.store.db.updateTable('receptionAppointments').set({ status: outcome, markedAt: ctx.now() }).where('id', '=', id).where('status', '=', 'booked').executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('INVALID_STATE', '该预约已取消或已登记');
}

export async function listAppointments(ctx: Ctx, actor: StaffActor, receptionDayId: number) {
  await findReceptionInScope(ctx, actor, receptionDayId);
  const rows = await ctx.store.db.selectFrom('receptionAppointments').select(['id', 'slot', 'name', 'phoneMask', 'description', 'source', 'matterId', 'status', 'createdAt'])
    .where('receptionDayId', '=', receptionDayId).orderBy('slot').orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: num(r.id), matterId: r.matterId === null ? null : num(r.matterId) }));
}
