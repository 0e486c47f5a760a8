/**
 * Notifications: a real SMTP server (smtp-server on 127.0.0.1) receives the Chinese e-mail sent through
 * nodemailer; an HTTP SMS gateway that fails first is retried after the backoff; status is recorded.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';
import { ConsoleGateway, HttpSmsGateway, SmtpMailGateway } from '../../src/notify/gateways.ts';
import { deliverNotifications, queueNotification } from '../../src/notify/notifier.ts';

for (const dialect of DIALECTS) {
  describe(`SMS and e-mail notifications (${dialect})`, () => {
    let p: Platform;
    let smtp: SMTPServer;
    let smtpPort = 0;
    const mails: { from: string; to: string[]; data: string }[] = [];
    let sms: http.Server;
    let smsUrl = '';
    const texts: { to: string; text: string; auth: string | undefined }[] = [];
    let smsFailures = 0;
    before(async () => {
      p = await platform(dialect, { now: '2019-10-08T01:00:00Z' });
      smtp = new SMTPServer({
        authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
            cb();
          });
        },
      });
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
      smtpPort = (smtp.server.address() as AddressInfo).port;
      sms = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
        req.on('end', () => {
          if (smsFailures > 0) { smsFailures--; res.statusCode = 503; res.end(); return; }
          const b = JSON.parse(body) as { to: string; text: string };
          texts.push({ ...b, auth: req.headers.authorization });
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ id: `sms-${texts.length}` }));
        });
      });
      await new Promise<void>((r) => sms.listen(0, '127.0.0.1', r));
      smsUrl = `http://127.0.0.1:${(sms.address() as AddressInfo).port}/send`;
    });
    after(async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => sms.close(() => r()));
      await p.close();
    });

    test('an e-mail in Chinese reaches a real SMTP server; the delivery is marked sent with its message id', async () => {
      const mail = new SmtpMailGateway({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }, '枫桥信访 <noreply@xf.foshan.example>');
      const gw = { mail, sms: new ConsoleGateway(pino({ level: 'silent' })) };
      const q = await queueNotification(p.ctx, {
        template: 'staff.deadline', to: 'shunde.housing@foshan.example', dedupeKey: 'test:deadline:1', matterId: 1,
        vars: { unitName: '顺德区住房城乡建设和水利局', matterCode: 'XF2019-000123', deadlineLabel: '办理答复', due: '2019-11-25', link: 'https://xf.example/matters/1' },
      });
      assert.equal(q.queued, true);
      // queued twice with one key: one message
      assert.equal((await queueNotification(p.ctx, { template: 'staff.deadline', to: 'shunde.housing@foshan.example', dedupeKey: 'test:deadline:1', vars: { unitName: 'x', matterCode: 'x', deadlineLabel: 'x', due: 'x', link: 'x' } })).queued, false);
      const r = await deliverNotifications(p.ctx, gw, 'proc-a');
      assert.equal(r.sent, 1);
      mail.close();
      assert.equal(mails.length, 1);
      assert.deepEqual(mails[0]!.to, ['shunde.housing@foshan.example']);
      assert.equal(mails[0]!.from, 'noreply@xf.foshan.example');
      const decoded = decodeMime(mails[0]!.data);
      assert.ok(decoded.includes('信访事项 XF2019-000123 的办理答复期限将于 2019-11-25 届满'), decoded.slice(0, 400));
      assert.ok(decoded.includes('期限提醒：XF2019-000123'));
      const admin = await as(p, 'admin');
      const st = await admin('GET', `/notify/deliveries/${q.id}`);
      assert.equal(st.status, 200);
      assert.equal(st.body.status, 'sent');
      assert.equal(st.body.gateway, 'smtp');
      assert.equal(st.body.recipientMasked, 's***@foshan.example');
      assert.match(st.body.providerId, /@/);
      // a second run sends nothing more
      assert.equal((await deliverNotifications(p.ctx, gw, 'proc-b')).sent, 0);
    });

    test('an SMS through the HTTP gateway is retried with backoff after a failure, then sent', async () => {
      const gw = { mail: new ConsoleGateway(pino({ level: 'silent' })), sms: new HttpSmsGateway(smsUrl, 'sms-token') };
      const q = await queueNotification(p.ctx, { template: 'petition.registered', to: '139 2233 4455', dedupeKey: 'test:sms:1', vars: { date: '2019年10月8日', queryCode: 'ABCD2345EF' } });
      smsFailures = 1;
      const first = await deliverNotifications(p.ctx, gw, 'proc-a');
      assert.deepEqual(first, { sent: 0, retried: 1, failed: 0 });
      assert.equal((await deliverNotifications(p.ctx, gw, 'proc-a')).sent, 0, 'not before the backoff');
      p.clock.set('2019-10-08T01:01:30Z');
      assert.equal((await deliverNotifications(p.ctx, gw, 'proc-b')).sent, 1);
      assert.equal(texts.length, 1);
      assert.equal(texts[0]!.to, '13922334455');
      assert.equal(texts[0]!.auth, 'Bearer sms-token');
      assert.match(texts[0]!.text, /^【枫桥信访】您的信访事项已于2019年10月8日登记，查询码ABCD2345EF/);
      const admin = await as(p, 'admin');
      const st = await admin('GET', `/notify/deliveries/${q.id}`);
      assert.equal(st.body.status, 'sent');
      assert.equal(st.body.attempts, 2);
      assert.equal(st.body.recipientMasked, '139****4455');
      // the phone is stored encrypted, never in clear
      const row = await p.store.db.selectFrom('notificationDeliveries').select('recipientEnc').where('id', '=', q.id).executeTakeFirstOrThrow();
      assert.ok(!row.recipientEnc.includes('13922334455'));
    });

    test('a message that keeps failing ends as failed after the last attempt', async () => {
      const gw = { mail: new ConsoleGateway(pino({ level: 'silent' })), sms: new HttpSmsGateway('http://127.0.0.1:9/nowhere', 't', 2000) };
      await queueNotification(p.ctx, { template: 'petition.replied', to: '13800138000', dedupeKey: 'test:sms:dead', vars: { queryCode: 'ZZZZ2345EF' } });
      let last = { sent: 0, retried: 0, failed: 0 };
      for (let i = 0; i < 6; i++) {
        p.clock.set(new Date(Date.parse(p.clock.now()) + 2 * 3_600_000).toISOString());
        last = await deliverNotifications(p.ctx, gw, `proc-${i}`);
      }
      assert.equal(last.failed, 1);
      const r = await p.store.db.selectFrom('notificationDeliveries').select(['status', 'lastError']).where('dedupeKey', '=', 'test:sms:dead').executeTakeFirstOrThrow();
      assert.equal(r.status, 'failed');
      assert.ok(r.lastError);
    });
  });
}

/** Decodes the quoted-printable / base64 parts and encoded-word headers of a simple message. */
function decodeMime(raw: string): string {
  // whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2)
  const words = raw.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, t: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(t, 'base64').toString('utf8')
    : Buffer.from(t.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
  const [head, ...rest] = words.split(/\r?\n\r?\n/);
  let body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head ?? '')) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? '')) body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return `${head}\n\n${body}`.replace(/\r?\n[ \t]+/g, ' ');
}
