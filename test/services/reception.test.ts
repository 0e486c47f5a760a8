/**
 * Reception (issue 8) through its services, on SQLite and PostgreSQL: reception days on workdays across National
 * Day 2019 (国庆 Oct 1–7 off, Sun Sep 29 and Sat Oct 12 worked), slot capacity and appointment conflicts, the
 * reminder in the outbox, no-shows, instruction (批示) follow-up limits, and the reception hall's queue order.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.ts';
import { bookAppointment, cancelAppointment, listAppointments, markAppointment } from '../../src/services/reception-appointments.ts';
import { callNext, hallQueue, leaveTicket, registerTicket, screenTicket, takeTicket } from '../../src/services/reception-queue.ts';
import {
  assignMatterToReception, getReception, issueInstruction, listInstructions, listReceptions, planReception, planRota, publishReception,
  recordReceptionHeld, reportInstruction,
} from '../../src/services/reception-schedule.ts';
import { deliverNotifications } from '../../src/notify/notifier.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import type { StaffActor } from '../../src/services/resolution-support.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

const codeOf = async (p: Promise<unknown>) => {
  try { await p; return 'OK'; } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
};
const errOf = async (p: Promise<unknown>) => { try { await p; } catch (e) { return e as DomainError; } throw new Error('expected a refusal'); };

for (const dialect of DIALECTS) {
  describe(`reception services (${dialect})`, () => {
    let p: Platform;
    let handler: StaffActor;
    let registrar: StaffActor;
    let lawyer: StaffActor;
    const plan = { kind: 'reception' as const, leaderName: '吴小庆', leaderTitle: '市信访局局长', place: '市人民来访接待厅', start: '09:00', end: '10:00', slotMinutes: 30, perSlot: 2 };

    before(async () => {
      p = await platform(dialect, { now: '2019-09-20T02:00:00Z' });
      const city = p.unitId('city.bureau');
      handler = { userId: p.userId('city.handler'), unitId: city, roles: ['handler'] };
      registrar = { userId: p.userId('city.registrar'), unitId: city, roles: ['registrar'] };
      lawyer = { userId: p.userId('city.lawyer'), unitId: city, roles: ['lawyer'] };
    });
    after(async () => { await p.close(); });

    test('a reception day on a National Day holiday is refused with the next workday, or moved there on request', async () => {
      const e = await errOf(planReception(p.ctx, handler, { ...plan, date: '2019-10-01' }));
      assert.equal(e.code, 'RULE_VIOLATION');
      assert.equal(e.details?.nextWorkday, '2019-10-08');
      assert.match(e.message, /国庆节/);
      const moved = await planReception(p.ctx, handler, { ...plan, date: '2019-10-05', onRestDay: 'moveToNextWorkday' });
      assert.deepEqual([moved.date, moved.movedFrom], ['2019-10-08', '2019-10-05']);
      // Sunday 29 September 2019 was a make-up workday (调休): a reception is allowed
      assert.equal((await planReception(p.ctx, handler, { ...plan, date: '2019-09-29' })).movedFrom, null);
      // a plain Saturday is a rest day
      assert.equal(await codeOf(planReception(p.ctx, handler, { ...plan, date: '2019-09-21' })), 'RULE_VIOLATION');
      // a year without a holiday schedule is refused, never guessed
      assert.equal(await codeOf(planReception(p.ctx, handler, { ...plan, date: '2031-03-03' })), 'SCHEDULE_UNKNOWN');
    });

    test('a rota "every workday" skips the holiday and includes the make-up days', async () => {
      const rota = await planRota(p.ctx, handler, { ...plan, leaderName: '朱伟', from: '2019-09-27', to: '2019-10-12' });
      assert.deepEqual(rota.map((r) => r.date), ['2019-09-27', '2019-09-29', '2019-09-30', '2019-10-08', '2019-10-09', '2019-10-10', '2019-10-11', '2019-10-12']);
    });

    test('capacity per slot, one appointment per person per day, cancel frees the place, an SMS reminder the day before', async () => {
      const d = await planReception(p.ctx, handler, { ...plan, date: '2019-09-25' });
      const book = (phone: string, slot = '09:00') => bookAppointment(p.ctx, null, { receptionDayId: d.id, slot, name: '陈志强', phone, description: '征地补偿款未足额发放' });
      // a draft is not bookable by the public
      assert.equal(await codeOf(book('13800138001')), 'NOT_FOUND');
      await publishReception(p.ctx, handler, d.id);
      const a1 = await book('13800138001');
      await book('13800138002');
      assert.equal(await codeOf(book('13800138003')), 'RULE_VIOLATION'); // 09:00 is full (2 per slot)
      assert.equal(await codeOf(book('13800138001', '09:30')), 'CONFLICT'); // same person, same day
      assert.equal(await codeOf(book('13800138004', '10:00')), 'BAD_INPUT'); // no such slot (the reception ends at 10:00)
      assert.equal(await codeOf(bookAppointment(p.ctx, null, { receptionDayId: d.id, slot: '09:30', name: '陈', phone: '123', description: 'x' })), 'PHONE_INVALID');
      assert.equal(await codeOf(cancelAppointment(p.ctx, { code: a1.code, phone: '13900000000' })), 'NOT_FOUND'); // wrong phone
      await cancelAppointment(p.ctx, { code: a1.code, phone: '13800138001' });
      await book('13800138003'); // the freed place
      const day = (await listReceptions(p.ctx, handler, { from: '2019-09-25', to: '2019-09-25' }))[0]!;
      assert.deepEqual(day.slots, [{ start: '09:00', booked: 2, free: 0 }, { start: '09:30', booked: 0, free: 2 }]);
      assert.equal(day.capacity, 4);
      // SMS reminders: queued for 9:00 Asia/Shanghai the day before; the cancelled appointment's is withdrawn
      const reminders = await p.store.db.selectFrom('notificationDeliveries').select(['dedupeKey', 'body', 'status', 'nextAttemptAt', 'recipientMasked', 'recipientEnc'])
        .where('template', '=', 'reception.reminder').orderBy('id').execute();
      assert.equal(reminders.length, 3);
      assert.deepEqual(reminders.map((r) => r.status), ['withdrawn', 'pending', 'pending']);
      assert.ok(reminders.every((r) => r.nextAttemptAt === '2019-09-24T01:00:00.000Z'));
      assert.ok(reminders.every((r) => !r.body.includes('1380013') && !r.recipientEnc.includes('1380013') && r.recipientMasked.includes('*')), 'no phone in clear');
      const sent: { to: string; text: string }[] = [];
      const gw = { mail: { name: 'none', send: async () => { throw new Error('no mail here'); } }, sms: { name: 'capture', send: async (to: string, text: string) => { sent.push({ to, text }); return `id-${sent.length}`; } } };
      assert.equal((await deliverNotifications(p.ctx, gw, 'proc-a')).sent, 0, 'not before the day before');
      p.clock.set('2019-09-24T01:00:00Z');
      assert.equal((await deliverNotifications(p.ctx, gw, 'proc-a')).sent, 2);
      assert.deepEqual(sent.map((m) => m.to).sort(), ['13800138002', '13800138003']);
      assert.match(sent[0]!.text, /2019-09-25 09:00领导接访.*预约码/);
      p.clock.set('2019-09-20T02:00:00Z');
      // staff book too; the list masks phones
      await bookAppointment(p.ctx, registrar, { receptionDayId: d.id, slot: '09:30', name: '李伟', phone: '13700137000', description: '拖欠工资' });
      const list = await listAppointments(p.ctx, handler, d.id);
      assert.equal(list.length, 4);
      assert.ok(list.every((a) => !a.phoneMask.includes('38001') && a.phoneMask.includes('*')));
      // no-shows: one attends, the rest are recorded as no-shows when the reception is recorded as held
      assert.equal(await codeOf(markAppointment(p.ctx, handler, list[1]!.id, 'attended')), 'RULE_VIOLATION'); // before the day
      p.clock.set('2019-09-25T03:00:00Z');
      assert.equal(await codeOf(book('13800138009', '09:30')), 'RULE_VIOLATION'); // booking closed on the day
      await markAppointment(p.ctx, handler, list[1]!.id, 'attended');
      await recordReceptionHeld(p.ctx, handler, d.id, { attendees: ['吴小庆', '市住建局 梁科长'], summary: '接待来访群众 3 批 3 人次。' });
      const after = await listAppointments(p.ctx, handler, d.id);
      assert.deepEqual(after.map((a) => a.status).sort(), ['attended', 'cancelled', 'noShow', 'noShow']);
      p.clock.set('2019-09-20T02:00:00Z');
    });

    test('instructions become tasks with limits counted across the holiday; overdue and late reports show', async () => {
      const d = await planReception(p.ctx, handler, { ...plan, date: '2019-09-27' });
      await publishReception(p.ctx, handler, d.id);
      const petition = await registerPetition(p.ctx, registrar, { channel: 'visit', receivedAt: p.ctx.now(), title: '小区违建', content: '小区内违章搭建影响通行', regionCode: '440606', petitioners: [{ name: '何敏' }] });
      await assignMatterToReception(p.ctx, handler, d.id, petition.matterId);
      assert.equal(await codeOf(assignMatterToReception(p.ctx, handler, d.id, petition.matterId)), 'CONFLICT');
      p.clock.set('2019-09-27T06:00:00Z');
      await recordReceptionHeld(p.ctx, handler, d.id, { attendees: ['吴小庆'], summary: '听取诉求，现场交办。' });
      const housing = p.unitId('shunde.housing');
      // 5 calendar days from Fri 27 Sep end on Wed 2 Oct, a holiday → Tue 8 Oct
      const i1 = await issueInstruction(p.ctx, handler, d.id, { text: '请顺德区住建局核查违建并答复', assigneeUnitId: housing, matterId: petition.matterId, days: 5 });
      assert.equal(i1.due, '2019-10-08');
      // 5 working days: Sep 29 (make-up), Sep 30, Oct 8, 9, 10 → 10 Oct
      const i2 = await issueInstruction(p.ctx, handler, d.id, { text: '请区信访局跟踪化解', assigneeUnitId: housing, days: 5, workingDays: true });
      assert.equal(i2.due, '2019-10-10');
      assert.equal((await issueInstruction(p.ctx, handler, d.id, { text: '默认期限', assigneeUnitId: housing })).due, '2019-10-12'); // 15 days → Sat 12 Oct, a make-up workday
      assert.equal(await codeOf(issueInstruction(p.ctx, handler, d.id, { text: '过长', assigneeUnitId: housing, days: 61 })), 'RULE_VIOLATION');
      p.clock.set('2019-10-09T02:00:00Z');
      const states = Object.fromEntries((await listInstructions(p.ctx, handler, { receptionDayId: d.id })).map((i) => [i.id, i.state]));
      assert.equal(states[i1.id], 'overdue');
      assert.equal(states[i2.id], 'open');
      // the assignee unit reports: i1 late, i2 on time; a second report is refused
      const housingHandler: StaffActor = { userId: p.userId('shunde.housing.handler'), unitId: housing, roles: ['handler'] };
      assert.equal((await reportInstruction(p.ctx, housingHandler, i1.id, { report: '已拆除违建' })).state, 'reportedLate');
      assert.equal((await reportInstruction(p.ctx, housingHandler, i2.id, { report: '已化解' })).state, 'reported');
      assert.equal(await codeOf(reportInstruction(p.ctx, housingHandler, i2.id, { report: '再报' })), 'INVALID_STATE');
      const detail = await getReception(p.ctx, handler, d.id);
      assert.equal(detail.status, 'held');
      assert.equal(detail.matters.length, 1);
      assert.equal(detail.instructions.length, 3);
      // another district's bureau does not see this reception
      const nanhai: StaffActor = { userId: p.userId('nanhai.handler'), unitId: p.unitId('nanhai.bureau'), roles: ['handler'] };
      assert.equal(await codeOf(getReception(p.ctx, nanhai, d.id)), 'NOT_FOUND');
      p.clock.set('2019-09-20T02:00:00Z');
    });

    test('hall queue: priority first, then by number; a called visitor is screened and registered', async () => {
      p.clock.set('2019-09-23T01:00:00Z');
      const a1 = await takeTicket(p.ctx, registrar, { visitorName: '甲' });
      const a2 = await takeTicket(p.ctx, registrar, { visitorName: '乙', headcount: 6 });
      const y3 = await takeTicket(p.ctx, registrar, { visitorName: '丙', priority: true });
      assert.deepEqual([a1.code, a2.code, y3.code, y3.waitingAhead], ['A001', 'A002', 'Y003', 2]);
      const q0 = await hallQueue(p.ctx, registrar.unitId, { names: false });
      assert.deepEqual(q0.waiting.map((t) => t.code), ['Y003', 'A001', 'A002']);
      assert.ok(q0.waiting.every((t) => t.visitorName === null));
      assert.equal((await callNext(p.ctx, registrar, '1')).code, 'Y003');
      assert.equal((await callNext(p.ctx, registrar, '2')).code, 'A001');
      await screenTicket(p.ctx, lawyer, a1.id, '劳动争议，建议申请劳动仲裁');
      await registerTicket(p.ctx, registrar, a1.id);
      await leaveTicket(p.ctx, registrar, y3.id);
      assert.equal(await codeOf(registerTicket(p.ctx, registrar, a2.id)), 'INVALID_STATE'); // not called yet
      assert.equal((await callNext(p.ctx, registrar, '1')).code, 'A002');
      assert.equal(await codeOf(callNext(p.ctx, registrar, '1')), 'INVALID_STATE'); // nobody waiting
      const q = await hallQueue(p.ctx, registrar.unitId, { names: true });
      assert.deepEqual(q.called.map((t) => [t.code, t.window]), [['A002', '1']]);
      assert.equal(q.done, 2);
      // numbers restart the next day
      p.clock.set('2019-09-24T01:00:00Z');
      assert.equal((await takeTicket(p.ctx, registrar, {})).code, 'A001');
      p.clock.set('2019-09-20T02:00:00Z');
    });
  });
}
