/**
 * Pluggable gateways. Each sends one message to one recipient and returns the provider's message id, or throws
 * (the notifier then retries with backoff). Chosen from the environment by `gatewaysFromEnv`:
 *  - e-mail: SMTP through nodemailer (FENGQIAO_SMTP_URL, e.g. smtps://user:pass@mail.example.gov.cn:465; FENGQIAO_MAIL_FROM)
 *  - SMS: an HTTP gateway (FENGQIAO_SMS_URL, FENGQIAO_SMS_TOKEN): POST {"to","text"} as JSON with a Bearer token;
 *    2xx with {"id"} is accepted, anything else is a failure. Vendors' SMS APIs (Aliyun, Tencent Cloud, China Mobile
 *    云MAS) sit behind a small relay speaking this shape, or get an adapter of their own implementing SmsGateway.
 *  - console: logs that a message would go out, recipient masked and no text (demo and development).
 */
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailGateway { readonly name: string; send(to: string, subject: string, text: string): Promise<string> }
export interface SmsGateway { readonly name: string; send(to: string, text: string): Promise<string> }
export interface Gateways { mail: MailGateway; sms: SmsGateway }

export class SmtpMailGateway implements MailGateway {
  readonly name = 'smtp';
  private readonly transport;
  constructor(url: string | Record<string, unknown>, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(to: string, subject: string, text: string): Promise<string> {
    const info = await this.transport.sendMail({ from: this.from, to, subject, text });
    if (info.rejected.length) throw new Error(`SMTP rejected ${info.rejected.length} recipient(s)`);
    return info.messageId;
  }
  close(): void { this.transport.close(); }
}

export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http-sms';
  constructor(private readonly url: string, private readonly token: string, private readonly timeoutMs = 10_000) {}
  async send(to: string, text: string): Promise<string> {
    const res = await fetch(this.url, {
      method: 'POST', signal: AbortSignal.timeout(this.timeoutMs),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ to, text }),
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`SMS gateway HTTP ${res.status}`);
    try {
      const id = (JSON.parse(body) as { id?: unknown }).id;
      return typeof id === 'string' || typeof id === 'number' ? String(id) : crypto.randomUUID();
    } catch {
      return crypto.randomUUID();
    }
  }
}

const mask = (to: string) => (to.includes('@') ? to.replace(/^(.).*(@.*)$/, '$1***$2') : to.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2'));

export class ConsoleGateway implements MailGateway, SmsGateway {
  readonly name = 'console';
  constructor(private readonly log: Logger) {}
  async send(to: string, ...rest: string[]): Promise<string> {
    const id = crypto.randomUUID();
    this.log.info({ to: mask(to), chars: rest.join('').length, id }, 'notification (console gateway)');
    return id;
  }
}

export function gatewaysFromEnv(log: Logger, env: NodeJS.ProcessEnv = process.env): Gateways {
  const consoleGw = new ConsoleGateway(log);
  const mail = env.FENGQIAO_SMTP_URL ? new SmtpMailGateway(env.FENGQIAO_SMTP_URL, env.FENGQIAO_MAIL_FROM || '枫桥信访 <noreply@localhost>') : consoleGw;
  const sms = env.FENGQIAO_SMS_URL ? new HttpSmsGateway(env.FENGQIAO_SMS_URL, env.FENGQIAO_SMS_TOKEN ?? '') : consoleGw;
  return { mail, sms };
}
