/**
 * Through the API: supervision (催办, 督办单 with its 30-day answer, 退回重办), leader-owned cases with rates by
 * level, a campaign's status board, and official documents as .docx from an editable template.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';

async function docxText(buf: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

for (const dialect of DIALECTS) {
  describe(`supervision, leader cases, campaigns, documents over HTTP (${dialect})`, () => {
    let p: Platform;
    let city: Awaited<ReturnType<typeof as>>;
    let shunde: Awaited<ReturnType<typeof as>>;
    let sup: Awaited<ReturnType<typeof as>>;
    let matterId: number;
    before(async () => {
      p = await platform(dialect, { now: '2019-10-10T02:00:00Z' });
      city = await as(p, 'city.handler');
      shunde = await as(p, 'shunde.handler');
      sup = await as(p, 'city.supervisor');
      const r = await shunde('POST', '/petitions', { channel: 'visit', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '陈大文' }], title: '小区加装电梯纠纷', content: '请求协调加装电梯', regionCode: '440606' });
      assert.equal(r.status, 201);
      matterId = r.body.matterId;
    });
    after(async () => p?.close());

    test('a supervision order is numbered, due in 30 days, answered once by the supervised unit', async () => {
      const o = await sup('POST', '/supervision', { matterId, kind: 'order', reason: '超期未受理', at: '2019-10-10T09:00:00+08:00' });
      assert.equal(o.status, 201);
      assert.equal(o.body.answerDue, '2019-11-11');
      assert.match(o.body.number, /督〔2019〕1号/);
      assert.equal((await sup('POST', '/supervision', { matterId, kind: 'sendBack', reason: '答复质量不高' })).status, 409); // not replied yet
      assert.equal((await sup('POST', '/supervision', { matterId, kind: 'nope', reason: 'x' })).status, 400);
      assert.equal((await city('POST', `/supervision/${o.body.id}/answer`, { answer: '已受理' })).status, 403);
      const a = await shunde('POST', `/supervision/${o.body.id}/answer`, { answer: '已于10月11日受理并告知信访人' });
      assert.deepEqual(a.body, { onTime: true });
      assert.equal((await shunde('POST', `/supervision/${o.body.id}/answer`, { answer: '再次反馈' })).status, 409);
      const list = await shunde('GET', `/supervision?matterId=${matterId}`);
      assert.equal(list.body[0].kindLabel, '督办单');
    });

    test('the 督办单 and the 受理告知书 come out as .docx with the unit, number, basis and due date', async () => {
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.supervisor', password: DEMO_PASSWORD } });
      const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
      const d = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers, payload: { kind: 'supervisionOrder' } });
      assert.equal(d.statusCode, 201);
      const text = await docxText(d.rawPayload);
      assert.match(text, /信访事项督办单/);
      assert.match(text, /顺德区信访局/);
      assert.match(text, /2019年11月11日前/);
      assert.match(text, /《信访工作条例》第四十一条/);
      const early = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers, payload: { kind: 'acceptanceNotice' } });
      assert.equal(early.statusCode, 409); // not accepted yet
      await shunde('POST', `/matters/${matterId}/actions`, { action: 'accept', at: '2019-10-10T09:30:00+08:00' });
      const admin = await as(p, 'admin');
      assert.equal((await admin('PUT', '/documents/templates/acceptanceNotice', { title: '受理告知书', body: '{{petitioner}}：你的信访事项 {{matterCode}} 已受理，{{handleDue}}前答复。依据：{{handleBasis}}' })).status, 200);
      const sl = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'shunde.handler', password: DEMO_PASSWORD } });
      const sh = { authorization: `Bearer ${(sl.json() as { token: string }).token}` };
      const n = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers: sh, payload: { kind: 'acceptanceNotice' } });
      assert.equal(n.statusCode, 201);
      const nt = await docxText(n.rawPayload);
      assert.match(nt, /陈大文：你的信访事项 SX\d+ 已受理，2019年12月9日前答复/); // 60 days from 10 Oct end Sun 8 Dec → Mon 9 Dec
      assert.match(nt, /顺德区信访信〔2019〕1号/);
      const docs = await shunde('GET', `/matters/${matterId}/documents`);
      assert.deepEqual(docs.body.map((d: { kind: string }) => d.kind), ['supervisionOrder', 'acceptanceNotice']);
    });

    test('a 不予受理告知书 names the legal channel', async () => {
      const r = await shunde('POST', '/petitions', { channel: 'visit', receivedAt: '2019-10-09T09:00:00+08:00', petitioners: [{ name: '周八' }], title: '劳动合同纠纷', content: '要求支付加班工资', regionCode: '440606' });
      await shunde('POST', `/matters/${r.body.matterId}/actions`, { action: 'decline', reason: '属劳动争议', channelGuidance: '向顺德区劳动人事争议仲裁委员会申请仲裁', at: '2019-10-10T09:00:00+08:00' });
      const sl = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'shunde.handler', password: DEMO_PASSWORD } });
      const d = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${r.body.matterId}/documents`, headers: { authorization: `Bearer ${(sl.json() as { token: string }).token}` }, payload: { kind: 'declineNotice' } });
      assert.equal(d.statusCode, 201);
      const t = await docxText(d.rawPayload);
      assert.match(t, /不予受理告知书/);
      assert.match(t, /向顺德区劳动人事争议仲裁委员会申请仲裁/);
      assert.match(t, /周八/);
    });

    test('leader-owned cases: rates by level for a period, as of a date', async () => {
      const c = await city('POST', '/leader-cases', { matterId, leaderName: '王副市长', leaderTitle: '副市长', level: 'city', targetDate: '2019-12-31', at: '2019-10-10T09:40:00+08:00' });
      assert.equal(c.status, 201);
      assert.equal((await city('POST', '/leader-cases', { matterId, leaderName: '李', leaderTitle: '区长', level: 'city', targetDate: '2019-12-31' })).status, 422);
      assert.equal((await city('POST', `/leader-cases/${c.body.id}/notes`, { note: '召开协调会' })).status, 201);
      p.clock.set('2019-11-20T02:00:00Z');
      assert.equal((await city('POST', `/leader-cases/${c.body.id}/resolve`, { at: '2019-11-15T10:00:00+08:00' })).status, 200);
      const s = await city('GET', '/leader-cases/stats?from=2019-01-01&to=2019-12-31');
      assert.deepEqual(s.body.total, { rate: 100, numerator: 1, denominator: 1 });
      assert.equal(s.body.byLevel[0].label, '市领导');
      const before = await city('GET', '/leader-cases/stats?from=2019-01-01&to=2019-12-31&asOf=2019-11-01');
      assert.deepEqual(before.body.total, { rate: 0, numerator: 0, denominator: 1 });
      const one = await city('GET', `/leader-cases/${c.body.id}`);
      assert.equal(one.body.notes.length, 2);
      assert.equal((await city('POST', '/leader-cases', { matterId, leaderName: 'x', leaderTitle: 'y', level: 'mayor', targetDate: '2019-12-31' })).status, 400);
    });

    test('a campaign board counts on-time, late and missing reports per node', async () => {
      const c = await city('POST', '/campaigns', { name: '攻坚专项行动', startedOn: '2019-06-01', batches: [{ name: '国专件第一批', source: 'state', nodes: [{ name: '材料上报', dueDate: '2019-10-30' }] }] });
      assert.equal(c.status, 201);
      const batch = c.body.batches[0];
      const added = await city('POST', `/campaigns/batches/${batch.id}/cases`, { matterId });
      assert.equal(added.status, 201);
      const r2 = await shunde('POST', '/petitions', { channel: 'letter', receivedAt: '2019-10-01T09:00:00+08:00', petitioners: [{ name: '黄小明' }], title: '征地补偿', content: '征地补偿款未到位', regionCode: '440606' });
      const added2 = await city('POST', `/campaigns/batches/${batch.id}/cases`, { matterId: r2.body.matterId });
      assert.equal((await city('POST', `/campaigns/cases/${added.body.id}/reports`, { nodeId: batch.nodeIds[0], at: '2019-10-28T10:00:00+08:00' })).status, 200);
      const board = await city('GET', `/campaigns/${c.body.id}/board?asOf=2019-11-20`);
      assert.deepEqual(board.body.batches[0].nodes[0], { id: batch.nodeIds[0], name: '材料上报', dueDate: '2019-10-30', reportedOnTime: 1, reportedLate: 0, missing: 1, overdue: true });
      assert.equal(board.body.cases, 2);
      assert.equal((await city('POST', `/campaigns/cases/${added2.body.id}/complete`, {})).status, 200);
      assert.equal((await shunde('GET', `/campaigns/${c.body.id}/board`)).status, 404); // a district does not see the city's campaign
    });

    test('退回重办 sends the matter back to accepted with a new limit, in the timeline and the assessment', async () => {
      p.clock.set('2019-11-20T02:00:00Z');
      const r = await shunde('POST', '/petitions', { channel: 'letter', receivedAt: '2019-10-08T09:00:00+08:00', petitioners: [{ name: '梁九' }], title: '噪音扰民', content: '工地夜间施工', regionCode: '440606' });
      const id = r.body.matterId;
      assert.equal((await shunde('POST', `/matters/${id}/actions`, { action: 'accept', at: '2019-10-09T09:00:00+08:00' })).status, 200);
      assert.equal((await shunde('POST', `/matters/${id}/actions`, { action: 'reply', outcome: 'explain', text: '已责令整改', at: '2019-10-15T09:00:00+08:00' })).status, 200);
      assert.equal((await shunde('POST', `/matters/${id}/actions`, { action: 'evaluate', result: 'dissatisfied', at: '2019-10-16T09:00:00+08:00' })).status, 200);
      // the holding unit's own handler cannot send it back; the city supervisor can, with a reason
      assert.equal((await shunde('POST', `/matters/${id}/actions`, { action: 'sendBack', reason: 'x' })).status, 403);
      assert.equal((await sup('POST', `/matters/${id}/actions`, { action: 'sendBack' })).status, 400);
      const s = await sup('POST', '/supervision', { matterId: id, kind: 'sendBack', reason: '答复未回应核心诉求', at: '2019-10-18T09:00:00+08:00' });
      assert.equal(s.status, 201);
      assert.equal(s.body.answerDue, '2019-11-18'); // 30 days from 18 Oct end Sun 17 Nov → Mon 18 Nov
      const m = await shunde('GET', `/matters/${id}`);
      assert.equal(m.body.status, 'accepted');
      assert.equal(m.body.deadlines.handle.due, '2019-11-18');
      assert.equal(m.body.evaluation, null);
      const last = m.body.events[m.body.events.length - 1];
      assert.equal(last.label, '退回重办');
      assert.ok(m.body.allowedActions.includes('reply'));
      // a second send-back while it is being redone is refused by the state
      assert.equal((await sup('POST', '/supervision', { matterId: id, kind: 'sendBack', reason: '再次退回' })).status, 409);
      const q = (asOf: string) => city('GET', `/assessment?from=2019-10-08&to=2019-10-08&asOf=${asOf}`);
      const before = (await q('2019-10-17')).body.total;
      assert.deepEqual(before.onTimeCompletion, { rate: 100, numerator: 1, denominator: 1 });
      assert.deepEqual(before.satisfaction, { rate: 0, numerator: 0, denominator: 1 });
      assert.equal(before.sentBack, 0);
      const after = (await q('2019-11-19')).body.total; // redo limit passed, no new reply: overdue, the evaluation withdrawn
      assert.deepEqual(after.onTimeCompletion, { rate: 0, numerator: 0, denominator: 1 });
      assert.deepEqual(after.satisfaction, { rate: null, numerator: 0, denominator: 0 });
      assert.equal(after.sentBack, 1);
      assert.deepEqual(after.firstTimeResolution, { rate: null, numerator: 0, denominator: 0 });
      assert.equal((await shunde('POST', `/matters/${id}/actions`, { action: 'reply', outcome: 'support', text: '已停止夜间施工', at: '2019-11-19T09:00:00+08:00' })).status, 200);
      assert.deepEqual((await q('2019-11-19')).body.total.onTimeCompletion, { rate: 0, numerator: 0, denominator: 1 }); // replied after the redo limit: late
    });
  });
}
