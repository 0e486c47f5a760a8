/**
 * The citizen portal's server side (issue 4, docs/PORTAL.md) on SQLite and PostgreSQL: the proof-of-work challenge
 * and its adaptive and strict gates, SMS codes through a real HTTP SMS gateway (a capturing server in the test),
 * attachments typed by their bytes, idempotent submission with files, progress with a published document and its
 * download, review requests in and out of the window, sanitised articles, and the accused unit kept away from an
 * accusation's files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from '../../src/http/app.ts';
import { gatewaysFromEnv } from '../../src/notify/gateways.ts';
import { deliverNotifications } from '../../src/notify/notifier.ts';
import { solveChallenge } from '../../src/services/public-challenge.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

/** A 1×1 PNG and a minimal PDF: real files, recognised by their bytes. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082', 'hex');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A Windows executable's header: MZ, then the PE offset. */
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000000000000000000000000000000000000000000000000000800000000e1fba0e00b409cd21b8014ccd21546869732070726f6772616d2063616e6e6f742062652072756e20696e20444f53206d6f64652e0d0d0a2400000000000000', 'hex'), Buffer.alloc(64)]);

export function form(name: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = `----fq${crypto.randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The SMS gateway of the deployment, played by a local HTTP server that keeps what it is sent. */
const sent: { to: string; text: string }[] = [];
const smsServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => { body += c.toString(); });
  req.on('end', () => {
    sent.push(JSON.parse(body) as { to: string; text: string });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `m${sent.length}` }));
  });
});

const codeSentTo = (phone: string) => {
  const m = [...sent].reverse().find((s) => s.to === phone)?.text.match(/验证码为(\d{6})/);
  assert.ok(m, `no code sent to ${phone}`);
  return m[1]!;
};

before(async () => {
  await new Promise<void>((r) => smsServer.listen(0, '127.0.0.1', r));
  process.env.FENGQIAO_SMS_URL = `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}/sms`;
  process.env.FENGQIAO_SMS_TOKEN = 'test';
  process.env.FENGQIAO_CHALLENGE_BITS = '8';
});
after(() => { smsServer.close(); });

for (const dialect of DIALECTS) {
  describe(`citizen portal API (${dialect})`, () => {
    let p: Platform;
    const call = async (app: App, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
      const r = await app.inject({ method, url: `/api/v1${url}`, payload: payload as never, headers });
      return { status: r.statusCode, body: String(r.headers['content-type'] ?? '').includes('json') ? (r.json() as any) : r.rawPayload, headers: r.headers };
    };
    const pub = (method: 'GET' | 'POST', url: string, payload?: unknown, headers?: Record<string, string>) => call(p.app, method, url, payload, headers);
    const upload = async (name: string, data: Buffer, url = '/public/attachments', headers: Record<string, string> = {}) => {
      const f = form(name, data);
      const r = await p.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: f.payload, headers: { ...f.headers, ...headers } });
      return { status: r.statusCode, body: r.json() as any };
    };
    const solved = async (app: App) => {
      const c = (await call(app, 'GET', '/public/challenge')).body;
      return `${c.id}:${solveChallenge(c)}`;
    };
    const submission = (phone: string, extra: Record<string, unknown> = {}) => ({
      name: '黄丽华', idNumber: idNumber('440606', '19820417', '066'), phone, title: '小区旁工地夜间施工噪音扰民',
      content: '顺德区大良街道某工地连续一个月夜间施工至凌晨，严重影响居民休息，请求依法处理。', purpose: 'demand', regionCode: '440606', ...extra,
    });

    before(async () => { p = await platform(dialect, { now: '2019-09-20T02:00:00Z' }); });
    after(async () => { await p.close(); });

    test('challenge: solved once, refused when reused, tampered or expired; adaptive 429 past the free calls', async () => {
      const app = await buildApp({ ctx: p.ctx, logger: false, rateLimit: true });
      try {
        const c = (await call(app, 'GET', '/public/challenge')).body;
        assert.equal(c.algorithm, 'sha256');
        assert.equal(c.difficulty, 8);
        assert.equal(Date.parse(c.expiresAt) - Date.parse(p.clock.iso), 10 * 60_000);
        const url = '/public/petitions/ABCDEFGHJK?phone=13800138000';
        // five free lookups per hour from one address, then the gate asks for a challenge
        for (let i = 0; i < 5; i++) assert.equal((await call(app, 'GET', url)).status, 404);
        const gated = await call(app, 'GET', url);
        assert.equal(gated.status, 429);
        assert.equal(gated.body.error.code, 'CHALLENGE_REQUIRED');
        // other routes count on their own
        assert.equal((await call(app, 'POST', '/public/sms-codes', { phone: '13800138000', purpose: 'petition' })).status, 202);
        const header = `${c.id}:${solveChallenge(c)}`;
        assert.equal((await call(app, 'GET', url, undefined, { 'x-challenge': header })).status, 404); // passed the gate
        const reused = await call(app, 'GET', url, undefined, { 'x-challenge': header });
        assert.equal(reused.status, 400);
        assert.equal(reused.body.error.code, 'CHALLENGE_INVALID');
        // a wrong nonce, a forged id, garbage
        const c2 = (await call(app, 'GET', '/public/challenge')).body;
        let wrong = 0;
        while (crypto.createHash('sha256').update(`${c2.prefix}${wrong}`).digest()[0] === 0) wrong++;
        for (const bad of [`${c2.id}:${wrong}`, `${c2.id.replace(/\.8\./, '.1.')}:${solveChallenge({ prefix: c2.prefix, difficulty: 1 })}`, 'x:1', ':']) {
          const r = await call(app, 'GET', url, undefined, { 'x-challenge': bad });
          assert.equal(r.status, 400, bad);
          assert.equal(r.body.error.code, 'CHALLENGE_INVALID');
        }
        // solved but too late
        const c3 = (await call(app, 'GET', '/public/challenge')).body;
        p.clock.set(new Date(Date.parse(p.clock.iso) + 10 * 60_000 + 1000).toISOString());
        const late = await call(app, 'GET', url, undefined, { 'x-challenge': `${c3.id}:${solveChallenge(c3)}` });
        assert.equal(late.status, 400);
        assert.match(late.body.error.message, /过期/);
      } finally {
        await app.close();
      }
    });

    test('behind a trusted proxy the free calls are counted per client address', async () => {
      const app = await buildApp({ ctx: p.ctx, logger: false, rateLimit: true, trustProxy: true });
      try {
        const from = (ip: string) => app.inject({ url: '/api/v1/public/petitions/ABCDEFGHJK?phone=13800138000', headers: { 'x-forwarded-for': ip } });
        for (let i = 0; i < 5; i++) assert.equal((await from('203.0.113.7')).statusCode, 404);
        assert.equal((await from('203.0.113.7')).statusCode, 429);
        assert.equal((await from('198.51.100.20')).statusCode, 404);
      } finally {
        await app.close();
      }
    });

    test('strict mode: every protected call needs a challenge, and a petition needs the SMS code', async () => {
      process.env.FENGQIAO_PUBLIC_STRICT = '1';
      const app = await buildApp({ ctx: p.ctx, logger: false, rateLimit: false });
      delete process.env.FENGQIAO_PUBLIC_STRICT;
      try {
        const first = await call(app, 'POST', '/public/petitions', submission('13700137001'));
        assert.equal(first.status, 429);
        assert.equal(first.body.error.code, 'CHALLENGE_REQUIRED');
        const noCode = await call(app, 'POST', '/public/petitions', submission('13700137001'), { 'x-challenge': await solved(app) });
        assert.equal(noCode.status, 422);
        assert.equal(noCode.body.error.code, 'SMS_CODE_INVALID');
        assert.equal((await call(app, 'POST', '/public/sms-codes', { phone: '13700137001', purpose: 'petition' }, { 'x-challenge': await solved(app) })).status, 202);
        const ok = await call(app, 'POST', '/public/petitions', submission('13700137001', { smsCode: codeSentTo('13700137001') }), { 'x-challenge': await solved(app) });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
      } finally {
        await app.close();
      }
    });

    test('SMS code: right, wrong, expired, resend limits; the phone is marked verified; the query code follows by SMS', async () => {
      const phone = '13600136001';
      const first = await pub('POST', '/public/sms-codes', { phone, purpose: 'petition' });
      assert.equal(first.status, 202);
      assert.deepEqual(first.body, { expiresIn: 300, resendAfter: 60 });
      assert.equal(sent.at(-1)!.to, phone);
      const again = await pub('POST', '/public/sms-codes', { phone, purpose: 'petition' });
      assert.equal(again.status, 429);
      assert.equal(again.body.error.code, 'RATE_LIMITED');
      assert.equal((await pub('POST', '/public/sms-codes', { phone: '12345', purpose: 'petition' })).status, 422);
      assert.equal((await pub('POST', '/public/sms-codes', { phone, purpose: 'login' })).status, 400);

      // a wrong code, then the right one
      const code = codeSentTo(phone);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await pub('POST', '/public/petitions', submission(phone, { smsCode: wrongCode }));
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.error.code, 'SMS_CODE_INVALID');
      // refused for another reason (a bad ID checksum): the code is not spent
      const good = idNumber('440606', '19820417', '066');
      const badId = await pub('POST', '/public/petitions', submission(phone, { smsCode: code, idNumber: good.slice(0, 17) + (good.endsWith('0') ? '1' : '0') }));
      assert.equal(badId.status, 422);
      assert.equal(badId.body.error.code, 'ID_INVALID');
      const ok = await pub('POST', '/public/petitions', submission(phone, { smsCode: code }));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const petitioner = await p.store.db.selectFrom('petitioners').innerJoin('petitions', 'petitions.id', 'petitioners.petitionId')
        .select('petitioners.phoneVerified').where('petitions.queryCode', '=', ok.body.queryCode).executeTakeFirstOrThrow();
      assert.equal(Number(petitioner.phoneVerified), 1);
      // staff see 手机已验证 on the petition
      const petitionId = Number((await p.store.db.selectFrom('petitions').select('id').where('queryCode', '=', ok.body.queryCode).executeTakeFirstOrThrow()).id);
      const staffView = await (await as(p, 'shunde.handler'))('GET', `/petitions/${petitionId}`);
      assert.equal(staffView.body.petitioners[0].phoneVerified, true);
      // the code is spent
      assert.equal((await pub('POST', '/public/petitions', submission(phone, { smsCode: code, title: '另一件事' }))).status, 422);
      // without a code (not strict): accepted, not verified
      const plain = await pub('POST', '/public/petitions', submission('13600136002', { title: '路灯不亮' }));
      assert.equal(plain.status, 201);
      const unverified = await p.store.db.selectFrom('petitioners').innerJoin('petitions', 'petitions.id', 'petitioners.petitionId')
        .select('petitioners.phoneVerified').where('petitions.queryCode', '=', plain.body.queryCode).executeTakeFirstOrThrow();
      assert.equal(Number(unverified.phoneVerified), 0);

      // the query code goes out by SMS through the delivery job
      const before = sent.length;
      const r = await deliverNotifications(p.ctx, gatewaysFromEnv(p.ctx.log), 'portal-test');
      assert.ok(r.sent >= 1);
      assert.ok(sent.slice(before).some((s) => s.to === phone && s.text.includes(ok.body.queryCode)));

      // expired: five minutes and a second later
      p.clock.set(new Date(Date.parse(p.clock.iso) + 61_000).toISOString());
      assert.equal((await pub('POST', '/public/sms-codes', { phone, purpose: 'petition' })).status, 202);
      const stale = codeSentTo(phone);
      p.clock.set(new Date(Date.parse(p.clock.iso) + 301_000).toISOString());
      const expired = await pub('POST', '/public/petitions', submission(phone, { smsCode: stale, title: '过期验证码' }));
      assert.equal(expired.status, 422);
      assert.equal(expired.body.error.code, 'SMS_CODE_INVALID');

      // five codes per hour: the hour began with the first code above
      const limited = '13600136003';
      for (let i = 0; i < 5; i++) {
        assert.equal((await pub('POST', '/public/sms-codes', { phone: limited, purpose: 'petition' })).status, 202, `code ${i + 1}`);
        p.clock.set(new Date(Date.parse(p.clock.iso) + 61_000).toISOString());
      }
      const sixth = await pub('POST', '/public/sms-codes', { phone: limited, purpose: 'petition' });
      assert.equal(sixth.status, 429);
      assert.match(sixth.body.error.message, /一小时/);
      // five wrong tries spend the code even for the right one
      const tries = '13600136004';
      assert.equal((await pub('POST', '/public/sms-codes', { phone: tries, purpose: 'petition' })).status, 202);
      const right = codeSentTo(tries);
      const bad = right === '999999' ? '888888' : '999999';
      for (let i = 0; i < 5; i++) assert.equal((await pub('POST', '/public/petitions', submission(tries, { smsCode: bad }))).status, 422);
      assert.equal((await pub('POST', '/public/petitions', submission(tries, { smsCode: right }))).status, 422);
    });

    test('attachments: typed by content, .exe renamed .png refused, oversize 413, joined to one petition on a double submit', async () => {
      const png = await upload('照片.png', PNG);
      assert.equal(png.status, 201, JSON.stringify(png.body));
      assert.equal(png.body.type, 'image/png');
      assert.equal(png.body.size, PNG.length);
      // the name says JPEG, the bytes say PDF
      const pdf = await upload('合同.jpg', PDF);
      assert.equal(pdf.status, 201);
      assert.equal(pdf.body.type, 'application/pdf');
      assert.equal(pdf.body.name, '合同.pdf');
      const exe = await upload('photo.png', EXE);
      assert.equal(exe.status, 422);
      assert.equal(exe.body.error.code, 'UNSUPPORTED_TYPE');
      const big = await upload('big.png', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]));
      assert.equal(big.status, 413);
      assert.equal(big.body.error.code, 'TOO_LARGE');
      const empty = await upload('empty.png', Buffer.alloc(0));
      assert.equal(empty.status, 422);
      const notForm = await pub('POST', '/public/attachments', { file: 'x' });
      assert.equal(notForm.status, 400);

      // a double click: two submissions with one Idempotency-Key at the same time → one petition with both files
      const phone = '13500135001';
      assert.equal((await pub('POST', '/public/sms-codes', { phone, purpose: 'petition' })).status, 202);
      const body = submission(phone, { smsCode: codeSentTo(phone), attachments: [png.body.token, pdf.body.token], title: '附件测试：违建' });
      const key = crypto.randomUUID();
      const [a, b] = await Promise.all([pub('POST', '/public/petitions', body, { 'idempotency-key': key }), pub('POST', '/public/petitions', body, { 'idempotency-key': key })]);
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(b.status, 201, JSON.stringify(b.body));
      assert.equal(a.body.queryCode, b.body.queryCode);
      const retry = await pub('POST', '/public/petitions', body, { 'idempotency-key': key });
      assert.equal(retry.body.queryCode, a.body.queryCode);
      // the same key with another phone does not reveal the first petition
      const other = await pub('POST', '/public/petitions', submission('13500135002'), { 'idempotency-key': key });
      assert.equal(other.status, 409);
      const petitions = await p.store.db.selectFrom('petitions').select('id').where('queryCode', '=', a.body.queryCode).execute();
      assert.equal(petitions.length, 1);
      const files = await p.store.db.selectFrom('attachments').select(['name', 'source', 'matterId']).where('petitionId', '=', Number(petitions[0]!.id)).orderBy('id').execute();
      assert.deepEqual(files.map((f) => [f.name, f.source]), [['照片.png', 'citizen'], ['合同.pdf', 'citizen']]);
      // a token joins one petition only
      const reuse = await pub('POST', '/public/petitions', submission('13500135003', { attachments: [png.body.token], title: '重复使用附件' }));
      assert.equal(reuse.status, 422);
      assert.equal(reuse.body.error.code, 'ATTACHMENT_INVALID');
      assert.equal((await pub('POST', '/public/petitions', submission('13500135003', { attachments: ['nonexistent-token-123'], title: '无效附件' }))).status, 422);

      // staff see the files on the matter and download them, byte for byte
      const shunde = await as(p, 'shunde.handler');
      const listed = await shunde('GET', `/matters/${files[0]!.matterId}/attachments`);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.map((f: any) => [f.name, f.type, f.source]), [['照片.png', 'image/png', 'citizen'], ['合同.pdf', 'application/pdf', 'citizen']]);
      const dl = await p.app.inject({ url: `/api/v1/attachments/${listed.body[0].id}/file`, headers: { authorization: `Bearer ${await tokenOf('shunde.handler')}` } });
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'image/png');
      assert.ok(dl.rawPayload.equals(PNG));
      assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''%E7%85%A7%E7%89%87\.png/);
    });

    const tokenOf = async (username: string) => (await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'fengqiao-demo' } })).json().token as string;

    test('progress: a published document with its download; a wrong phone reveals nothing; review requests in and out of the window', async () => {
      p.clock.set('2019-09-20T02:00:00Z');
      const phone = '13400134001';
      const ok = await pub('POST', '/public/petitions', submission(phone, { title: '物业费违规上涨' }));
      assert.equal(ok.status, 201);
      const code = ok.body.queryCode as string;
      const matterId = Number((await p.store.db.selectFrom('petitions').select('matterId').where('queryCode', '=', code).executeTakeFirstOrThrow()).matterId);
      const shunde = await as(p, 'shunde.handler');
      p.clock.set('2019-09-23T02:00:00Z');
      assert.equal((await shunde('POST', `/matters/${matterId}/actions`, { action: 'accept' })).status, 200);
      const issued = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers: { authorization: `Bearer ${await tokenOf('shunde.handler')}` }, payload: { kind: 'acceptanceNotice', publish: true } });
      assert.equal(issued.statusCode, 201, issued.body);
      const docId = Number(issued.headers['x-document-id']);
      // an internal document, not published: never listed
      await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers: { authorization: `Bearer ${await tokenOf('shunde.handler')}` }, payload: { kind: 'acceptanceNotice' } });

      const progress = await pub('GET', `/public/petitions/${code}?phone=${phone}`);
      assert.equal(progress.status, 200);
      assert.equal(progress.body.status, 'accepted');
      assert.deepEqual(progress.body.documents.map((d: any) => [d.type, d.id ?? null]), [['accept', docId]]);
      const doc = progress.body.documents[0];
      assert.equal(doc.title, '信访事项受理告知书');
      const file = await p.app.inject({ url: doc.url });
      assert.equal(file.statusCode, 200);
      assert.equal(file.rawPayload.subarray(0, 2).toString(), 'PK'); // a .docx is a zip
      const pdf = await p.app.inject({ url: `${doc.url}&format=pdf` });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      // the phone appears only in the download link the citizen already holds (logs drop query strings)
      assert.ok(!JSON.stringify({ ...progress.body, documents: [] }).includes(phone));

      // wrong phone and wrong code answer alike, for progress and for the document
      const wrongPhone = await pub('GET', `/public/petitions/${code}?phone=13400134999`);
      const wrongCode = await pub('GET', `/public/petitions/ZZZZZZZZZZ?phone=${phone}`);
      assert.equal(wrongPhone.status, 404);
      assert.deepEqual(wrongPhone.body, wrongCode.body);
      assert.equal((await pub('GET', `/public/petitions/${code}/documents/${docId}?phone=13400134999`)).status, 404);
      assert.deepEqual((await pub('GET', `/public/petitions/${code}/documents/${docId}?phone=13400134999`)).body, wrongCode.body);
      assert.equal((await pub('GET', `/public/petitions/${code}/documents/${docId + 1}?phone=${phone}`)).status, 404);

      // review: refused before the reply (wrong state), accepted within the window
      const early = await pub('POST', `/public/petitions/${code}/review-request`, { phone, level: 'review', reason: '不服' });
      assert.equal(early.status, 409);
      p.clock.set('2019-10-10T02:00:00Z');
      assert.equal((await shunde('POST', `/matters/${matterId}/actions`, { action: 'reply', outcome: 'reject', text: '经核查，物业费调整已经业主大会表决。' })).status, 200);
      const replied = await pub('GET', `/public/petitions/${code}?phone=${phone}`);
      assert.equal(replied.body.windows.reviewRequest, '2019-11-11'); // 30 days from 2019-10-10 → Sat 11-09 → Mon 11-11
      p.clock.set('2019-10-20T02:00:00Z');
      const asked = await pub('POST', `/public/petitions/${code}/review-request`, { phone, level: 'review', reason: '业主大会表决程序不合法。' });
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      assert.equal(asked.body.status, 'underReview');
      assert.ok(asked.body.timeline.some((e: any) => e.action === 'requestReview'));
      assert.ok(!JSON.stringify(asked.body).includes('业主大会表决程序不合法'), 'the timeline shows no free text of the petitioner');
      const m = await shunde('GET', `/matters/${matterId}`);
      assert.equal(m.body.events.at(-1).data.reason, '业主大会表决程序不合法。');

      // another petition, replied, asked for review after its window closed
      p.clock.set('2019-09-20T02:00:00Z');
      const late = await pub('POST', '/public/petitions', submission('13400134002', { title: '绿化带被占用' }));
      const lateMatter = Number((await p.store.db.selectFrom('petitions').select('matterId').where('queryCode', '=', late.body.queryCode).executeTakeFirstOrThrow()).matterId);
      p.clock.set('2019-09-23T02:00:00Z');
      await shunde('POST', `/matters/${lateMatter}/actions`, { action: 'accept' });
      assert.equal((await shunde('POST', `/matters/${lateMatter}/actions`, { action: 'reply', outcome: 'explain', text: '已协调城管部门处理。' })).status, 200);
      p.clock.set('2019-11-01T02:00:00Z');
      const closed = await pub('POST', `/public/petitions/${late.body.queryCode}/review-request`, { phone: '13400134002', level: 'review', reason: '没有处理' });
      assert.equal(closed.status, 409);
      assert.equal(closed.body.error.code, 'WINDOW_CLOSED');
      assert.equal(closed.body.error.details.closedOn, '2019-10-23');
      assert.equal((await pub('POST', `/public/petitions/${late.body.queryCode}/review-request`, { phone: '13400134009', level: 'review', reason: 'x' })).status, 404);
    });

    test('the OpenAPI document describes every portal route', async () => {
      const doc = (await pub('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const want: [string, string][] = [
        ['/api/v1/public/challenge', 'get'], ['/api/v1/public/sms-codes', 'post'], ['/api/v1/public/attachments', 'post'],
        ['/api/v1/public/petitions/{queryCode}/review-request', 'post'], ['/api/v1/public/petitions/{queryCode}/documents/{id}', 'get'],
        ['/api/v1/public/articles', 'get'], ['/api/v1/public/articles/{id}', 'get'], ['/api/v1/attachments', 'post'],
        ['/api/v1/matters/{id}/attachments', 'get'], ['/api/v1/matters/{id}/attachments', 'post'], ['/api/v1/attachments/{id}/file', 'get'],
        ['/api/v1/articles', 'get'], ['/api/v1/articles', 'post'], ['/api/v1/articles/{id}', 'put'], ['/api/v1/articles/{id}', 'delete'],
        ['/api/v1/articles/{id}/publish', 'post'], ['/api/v1/articles/{id}/unpublish', 'post'],
      ];
      for (const [path, method] of want) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} missing`);
      const submit = doc.paths['/api/v1/public/petitions']!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
      const props = Object.values(submit.requestBody.content)[0]!.schema.properties;
      assert.ok(props.smsCode && props.attachments);
    });

    test('articles: sanitised on save, only published ones public; editors only', async () => {
      const admin = await as(p, 'admin');
      const created = await admin('POST', '/articles', {
        kind: 'notice', title: '关于春节期间来访接待安排的公告',
        html: '<h2>接待时间</h2><p onclick="steal()">2月1日至7日暂停<script>alert(1)</script>现场接待。</p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">详情</a> <a href="https://www.foshan.gov.cn/">佛山市人民政府</a><style>p{}</style>',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const html = created.body.html as string;
      for (const bad of ['<script', 'alert', 'onclick', 'onerror', 'javascript:', '<style', '<img']) assert.ok(!html.includes(bad), `${bad} left in ${html}`);
      assert.match(html, /<h2>接待时间<\/h2>/);
      assert.match(html, /<a href="https:\/\/www\.foshan\.gov\.cn\/" rel="noopener noreferrer" target="_blank">佛山市人民政府<\/a>/);
      assert.equal(created.body.status, 'draft');
      assert.match(created.body.summary, /^接待时间 2月1日至7日暂停现场接待/);
      const id = created.body.id as number;

      assert.equal((await pub('GET', '/public/articles')).body.total, 0);
      assert.equal((await pub('GET', `/public/articles/${id}`)).status, 404);
      assert.equal((await admin('POST', `/articles/${id}/publish`)).body.status, 'published');
      const list = await pub('GET', '/public/articles?kind=notice');
      assert.equal(list.body.total, 1);
      assert.equal(list.body.items[0].title, '关于春节期间来访接待安排的公告');
      assert.equal((await pub('GET', '/public/articles?kind=news')).body.total, 0);
      const one = await pub('GET', `/public/articles/${id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.html, html);
      const edited = await admin('PUT', `/articles/${id}`, { kind: 'notice', title: '春节接待安排（更正）', html: '<p>2月1日至6日暂停<iframe src="https://evil.example"></iframe></p>' });
      assert.equal(edited.body.html, '<p>2月1日至6日暂停</p>');
      assert.equal((await admin('POST', `/articles/${id}/unpublish`)).body.status, 'draft');
      assert.equal((await pub('GET', `/public/articles/${id}`)).status, 404);
      assert.equal((await admin('POST', '/articles', { kind: 'news', title: '空', html: '<script>x</script>' })).status, 400);
      const handler = await as(p, 'city.handler');
      assert.equal((await handler('POST', '/articles', { kind: 'news', title: 't', html: '<p>x</p>' })).status, 403);
      const del = await p.app.inject({ method: 'DELETE', url: `/api/v1/articles/${id}`, headers: { authorization: `Bearer ${await tokenOf('admin')}` } });
      assert.equal(del.statusCode, 204);
      assert.equal((await admin('PUT', `/articles/${id}`, { kind: 'news', title: 't', html: '<p>x</p>' })).status, 404);
    });

    test('an accusation\'s files stay hidden from the accused unit; staff registration takes attachments', async () => {
      p.clock.set('2019-09-20T02:00:00Z');
      const token = await tokenOf('shunde.handler');
      const up = await upload('举报材料.pdf', PDF, '/attachments', { authorization: `Bearer ${token}` });
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal((await upload('x.pdf', PDF, '/attachments')).status, 401);
      const shunde = await as(p, 'shunde.handler');
      const housingUnit = p.unitId('shunde.housing');
      const reg = await shunde('POST', '/petitions', {
        channel: 'letter', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '匿名举报人', phone: '13300133001' }],
        title: '举报区住建局工作人员收受开发商财物', content: '区住建局某科室工作人员在验收中收受开发商财物，附有转账记录。', purpose: 'accusation',
        respondent: { unitId: housingUnit }, attachments: [up.body.token],
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const accusation = reg.body.matterId as number;
      const files = await shunde('GET', `/matters/${accusation}/attachments`);
      assert.deepEqual(files.body.map((f: any) => [f.name, f.source]), [['举报材料.pdf', 'staff']]);
      const fileId = files.body[0].id as number;

      // an ordinary matter transferred to the housing bureau: its files are the bureau's to see
      const plain = await shunde('POST', '/petitions', {
        channel: 'letter', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '何伟', phone: '13300133002' }],
        title: '楼盘延期交房', content: '某楼盘延期交房一年，请求督促开发商交房。', purpose: 'demand',
      });
      const added = await upload('购房合同.png', PNG, `/matters/${plain.body.matterId}/attachments`, { authorization: `Bearer ${token}` });
      assert.equal(added.status, 201);
      assert.equal((await shunde('POST', `/matters/${plain.body.matterId}/actions`, { action: 'transfer', unitId: housingUnit })).status, 200);
      const housing = await as(p, 'shunde.housing.handler');
      assert.equal((await housing('GET', `/matters/${plain.body.matterId}/attachments`)).body.length, 1);

      // the accused bureau: as if neither the matter nor its files existed
      assert.equal((await housing('GET', `/matters/${accusation}`)).status, 404);
      const hidden = await housing('GET', `/matters/${accusation}/attachments`);
      assert.equal(hidden.status, 404);
      const housingToken = await tokenOf('shunde.housing.handler');
      const dl = await p.app.inject({ url: `/api/v1/attachments/${fileId}/file`, headers: { authorization: `Bearer ${housingToken}` } });
      assert.equal(dl.statusCode, 404);
      assert.equal((await upload('x.png', PNG, `/matters/${accusation}/attachments`, { authorization: `Bearer ${housingToken}` })).status, 404);
      // the bureau holding it downloads
      const own = await p.app.inject({ url: `/api/v1/attachments/${fileId}/file`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(own.statusCode, 200);
      assert.ok(own.rawPayload.equals(PDF));
      assert.equal((await p.app.inject({ url: '/api/v1/attachments/999999/file', headers: { authorization: `Bearer ${token}` } })).statusCode, 404);
    });
  });
}
