/**
 * Reception API (issue 8) on SQLite and PostgreSQL: a reception day planned across National Day 2019, published,
 * booked on the portal and at the desk, held with instructions; the hall queue and its public board; video rooms;
 * the two pages. Every endpoint also gets one bad input, which must be a 4xx with an error code, never a 500.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { endVideoRoom, writeVideoRecord } from '../../src/services/reception-video.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';

type Caller = Awaited<ReturnType<typeof as>>;

for (const dialect of DIALECTS) {
  describe(`reception API (${dialect})`, () => {
    let p: Platform;
    let handler: Caller;
    let registrar: Caller;
    let lawyer: Caller;
    let evaluator: Caller;
    const pub = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const r = await p.app.inject({ method, url: `/api/v1${url}`, payload: payload as never });
      return { status: r.statusCode, body: r.json() as any };
    };
    const plan = { kind: 'reception', leaderName: '吴小庆', place: '市人民来访接待厅', start: '09:00', end: '10:00', slotMinutes: 30, perSlot: 1 };

    before(async () => {
      p = await platform(dialect, { now: '2019-09-20T02:00:00Z' });
      handler = await as(p, 'city.handler');
      registrar = await as(p, 'city.registrar');
      lawyer = await as(p, 'city.lawyer');
      evaluator = await as(p, 'city.evaluator');
    });
    after(async () => { await p.close(); });

    test('plan, publish, book, hold, instruct, report — and one bad input per endpoint', async () => {
      const refused = await handler('POST', '/receptions', { ...plan, date: '2019-10-01' });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.details.nextWorkday, '2019-10-08');
      const moved = await handler('POST', '/receptions', { ...plan, date: '2019-10-01', onRestDay: 'moveToNextWorkday' });
      assert.equal(moved.status, 201);
      assert.equal(moved.body.date, '2019-10-08');
      assert.equal((await handler('POST', '/receptions', { ...plan, date: '2019-9-1' })).status, 400);
      assert.equal((await evaluator('POST', '/receptions', { ...plan, date: '2019-09-25' })).status, 403);
      // a visit down to a town (下访) names the town
      assert.equal((await handler('POST', '/receptions', { ...plan, kind: 'visitDown', date: '2019-09-26' })).status, 400);
      const down = await handler('POST', '/receptions', { ...plan, kind: 'visitDown', place: '乐从镇综治信访维稳中心', townRegionCode: '440606103', date: '2019-09-26' });
      assert.equal(down.status, 201);
      const rota = await handler('POST', '/receptions/rota', { ...plan, from: '2019-09-30', to: '2019-10-09' });
      assert.deepEqual(rota.body.map((r: any) => r.date), ['2019-09-30', '2019-10-08', '2019-10-09']);
      assert.equal((await handler('POST', '/receptions/rota', { ...plan, from: '2019-10-09', to: '2019-09-30' })).status, 400);

      const id = (await handler('POST', '/receptions', { ...plan, date: '2019-09-25' })).body.id as number;
      assert.equal((await pub('POST', '/public/appointments', { receptionDayId: id, slot: '09:00', name: '陈志强', phone: '13800138000', description: '征地补偿' })).status, 404); // not published
      assert.equal((await handler('POST', `/receptions/${id}/publish`)).status, 200);
      assert.equal((await handler('POST', `/receptions/${id}/publish`)).status, 409);
      assert.equal((await handler('POST', '/receptions/999999/publish')).status, 404);

      const listed = await pub('GET', '/public/receptions?from=2019-09-25&to=2019-09-25');
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.map((d: any) => d.id), [id]);
      assert.equal((await pub('GET', '/public/receptions?from=yesterday')).status, 400);

      const booked = await pub('POST', '/public/appointments', { receptionDayId: id, slot: '09:00', name: '陈志强', phone: '13800138000', description: '征地补偿款未足额发放' });
      assert.equal(booked.status, 201);
      assert.equal((await pub('POST', '/public/appointments', { receptionDayId: id, slot: '09:00', name: '李伟', phone: '13800138001', description: '同一时段' })).status, 422); // full
      assert.equal((await pub('POST', '/public/appointments', { receptionDayId: id, slot: '09:30', name: '陈志强', phone: '13800138000', description: '再约' })).status, 409);
      assert.equal((await pub('POST', '/public/appointments', { receptionDayId: id, slot: '9am', name: '陈', phone: '13800138000', description: 'x' })).status, 400);
      assert.equal((await pub('POST', '/public/appointments/cancel', { code: booked.body.code, phone: '13900000000' })).status, 404);
      assert.equal((await pub('POST', '/public/appointments/cancel', { code: 'x' })).status, 400);

      const staffBooked = await registrar('POST', `/receptions/${id}/appointments`, { slot: '09:30', name: '李伟', phone: '13700137000', description: '拖欠工资' });
      assert.equal(staffBooked.status, 201);
      assert.equal((await registrar('POST', `/receptions/${id}/appointments`, { slot: '09:30', name: '', phone: '13700137001', description: 'x' })).status, 400);
      const appts = await handler('GET', `/receptions/${id}/appointments`);
      assert.equal(appts.body.length, 2);
      assert.ok(!JSON.stringify(appts.body).includes('13800138000'));
      assert.equal((await handler('GET', '/receptions/abc/appointments')).status, 400);
      assert.equal((await handler('POST', `/appointments/${staffBooked.body.id}/outcome`, { outcome: 'late' })).status, 400);
      assert.equal((await handler('POST', `/appointments/${staffBooked.body.id}/outcome`, { outcome: 'noShow' })).status, 422); // before the day
      assert.equal((await handler('POST', `/appointments/${staffBooked.body.id}/cancel`)).status, 200);
      assert.equal((await handler('POST', `/appointments/${staffBooked.body.id}/cancel`)).status, 409);

      const petition = await registrar('POST', '/petitions', { channel: 'visit', receivedAt: '2019-09-20T01:00:00Z', title: '小区违建', content: '小区内违章搭建影响通行', petitioners: [{ name: '何敏' }] });
      assert.equal(petition.status, 201);
      assert.equal((await handler('POST', `/receptions/${id}/matters`, { matterId: petition.body.matterId })).status, 200);
      assert.equal((await handler('POST', `/receptions/${id}/matters`, { matterId: 999999 })).status, 404);

      assert.equal((await handler('POST', `/receptions/${id}/held`, { attendees: ['吴小庆'], summary: '接访' })).status, 422); // before the day
      p.clock.set('2019-09-25T04:00:00Z');
      assert.equal((await handler('POST', `/receptions/${id}/held`, { attendees: [], summary: '接访' })).status, 400);
      assert.equal((await handler('POST', `/receptions/${id}/held`, { attendees: ['吴小庆', '市住建局 梁科长'], summary: '接待来访群众 1 批 1 人次，现场交办。' })).status, 200);
      const instr = await handler('POST', `/receptions/${id}/instructions`, { text: '请顺德区住建局核查并答复', assigneeUnitId: p.unitId('shunde.housing'), matterId: petition.body.matterId, days: 10 });
      assert.equal(instr.status, 201);
      assert.equal(instr.body.due, '2019-10-08'); // 10 days end Sat 5 Oct, in the holiday
      assert.equal((await handler('POST', `/receptions/${id}/instructions`, { text: '太长', assigneeUnitId: p.unitId('shunde.housing'), days: 90 })).status, 422);
      const detail = await handler('GET', `/receptions/${id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.status, 'held');
      assert.deepEqual(detail.body.matters.map((m: any) => m.id), [petition.body.matterId]);
      assert.equal(detail.body.instructions[0].state, 'open');
      assert.equal((await handler('GET', '/receptions/0')).status, 400);

      p.clock.set('2019-10-09T04:00:00Z');
      const overdue = await handler('GET', '/reception-instructions?state=overdue');
      assert.deepEqual(overdue.body.map((i: any) => i.id), [instr.body.id]);
      assert.equal((await handler('GET', '/reception-instructions?state=late')).status, 400);
      const housing = await as(p, 'shunde.housing.handler');
      const rep = await housing('POST', `/reception-instructions/${instr.body.id}/report`, { report: '已核查，违建已拆除' });
      assert.deepEqual([rep.status, rep.body.state], [200, 'reportedLate']);
      assert.equal((await housing('POST', `/reception-instructions/${instr.body.id}/report`, { report: '' })).status, 400);
      assert.equal((await handler('GET', '/receptions?from=2019-09-25&to=2019-09-25')).body.length, 1);
      assert.equal((await handler('GET', '/receptions?regionCode=4406')).status, 400);
      assert.equal((await handler('POST', `/receptions/${id}/cancel`)).status, 409); // held
      p.clock.set('2019-09-20T02:00:00Z');
    });

    test('hall queue through the API, the public board without names, and bad input', async () => {
      p.clock.set('2019-09-23T01:00:00Z');
      const t1 = await registrar('POST', '/hall/tickets', { visitorName: '甲' });
      const t2 = await registrar('POST', '/hall/tickets', { visitorName: '乙', priority: true });
      assert.deepEqual([t1.status, t1.body.code, t2.body.code], [201, 'A001', 'Y002']);
      assert.equal((await registrar('POST', '/hall/tickets', { headcount: 0 })).status, 400);
      const called = await registrar('POST', '/hall/call-next', { window: '3' });
      assert.deepEqual([called.status, called.body.code], [200, 'Y002']);
      assert.equal((await registrar('POST', '/hall/call-next', {})).status, 400);
      assert.equal((await lawyer('POST', `/hall/tickets/${t2.body.id}/screen`, { note: '属劳动争议，引导仲裁' })).status, 200);
      assert.equal((await lawyer('POST', `/hall/tickets/${t1.body.id}/screen`, {})).status, 409); // still waiting
      assert.equal((await registrar('POST', `/hall/tickets/${t2.body.id}/register`, {})).status, 200);
      assert.equal((await registrar('POST', '/hall/tickets/999999/register', {})).status, 404);
      assert.equal((await registrar('POST', `/hall/tickets/${t1.body.id}/leave`)).status, 200);
      assert.equal((await registrar('POST', `/hall/tickets/${t1.body.id}/leave`)).status, 409);
      const t3 = await registrar('POST', '/hall/tickets', { visitorName: '丙' });
      const queue = await registrar('GET', '/hall/queue');
      assert.deepEqual(queue.body.waiting.map((t: any) => [t.code, t.visitorName]), [[t3.body.code, '丙']]);
      const board = await pub('GET', `/public/hall/board?unitId=${p.unitId('city.bureau')}`);
      assert.equal(board.status, 200);
      assert.deepEqual(board.body.waiting.map((t: any) => [t.code, t.visitorName]), [['A003', null]]);
      assert.equal((await pub('GET', '/public/hall/board?unitId=999999')).status, 404);
      assert.equal((await pub('GET', '/public/hall/board')).status, 400);
      assert.equal((await evaluator('GET', '/hall/queue')).status, 403);
      p.clock.set('2019-09-20T02:00:00Z');
    });

    test('video rooms, their record, and the two pages', async () => {
      const room = await handler('POST', '/video/rooms', { title: '视频接访' });
      assert.equal(room.status, 201);
      assert.match(room.body.hostUrl, /^\/video\?room=[\w-]+&key=[\w-]+$/);
      assert.equal((await handler('POST', '/video/rooms', { title: '' })).status, 400);
      assert.equal((await handler('POST', '/video/rooms', { title: '事项', matterId: 999999 })).status, 404);
      assert.equal((await handler('GET', '/video/rooms')).body[0].status, 'open');
      assert.equal((await handler('GET', '/video/records')).status, 400);
      assert.deepEqual((await handler('GET', `/video/records?roomId=${room.body.id}`)).body, []);
      assert.equal((await (await as(p, 'nanhai.handler'))('GET', `/video/records?roomId=${room.body.id}`)).status, 404);
      // a room opened for a matter: its join/admit/end records and minutes are shown with the matter
      const petition = await registrar('POST', '/petitions', { channel: 'video', receivedAt: '2019-09-20T01:00:00Z', title: '征地补偿', content: '征地补偿款未足额发放', petitioners: [{ name: '陈志强' }] });
      const mroom = await handler('POST', '/video/rooms', { title: '征地补偿视频接访', matterId: petition.body.matterId });
      assert.equal(mroom.status, 201);
      const live = { id: mroom.body.id as number, matterId: petition.body.matterId as number };
      await writeVideoRecord(p.ctx, live, 'admit', '准入：陈志强');
      await endVideoRoom(p.ctx, live, '来访人反映征地补偿问题，责成区住建局答复。');
      const rec = await handler('GET', `/video/records?matterId=${petition.body.matterId}`);
      assert.deepEqual(rec.body.map((r: any) => r.kind), ['admit', 'end', 'minutes']);
      assert.equal((await handler('GET', '/video/rooms')).body.find((r: any) => r.id === live.id).status, 'ended');
      for (const [url, marker] of [['/video', '视频接访'], ['/video/video.js', 'RTCPeerConnection'], ['/hall/board', '人民来访接待厅'], ['/hall/board.js', '/api/v1/public/hall/board']] as const) {
        const r = await p.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 200, url);
        assert.ok(r.body.includes(marker), url);
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`public appointment booking is rate-limited (${dialect})`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2019-09-20T02:00:00Z', rateLimit: true }); });
    after(async () => { await p.close(); });

    test('too many bookings from one address get 429', async () => {
      const limit = Number(process.env.FENGQIAO_PUBLIC_RATE_PER_MIN ?? 30);
      const statuses: number[] = [];
      for (let i = 0; i <= limit; i++) {
        const r = await p.app.inject({ method: 'POST', url: '/api/v1/public/appointments', payload: { receptionDayId: 999999, slot: '09:00', name: '陈', phone: '13800138000', description: '问' } });
        statuses.push(r.statusCode);
      }
      assert.equal(statuses[0], 404);
      assert.equal(statuses.at(-1), 429);
    });
  });
}
