/**
 * SMS / e-mail delivery status (issue 10) for administrators, and the delivery job while serving: it runs when a
 * gateway is configured (FENGQIAO_SMTP_URL or FENGQIAO_SMS_URL) or FENGQIAO_NOTIFY=console, unless FENGQIAO_JOBS=0.
 */
import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { gatewaysFromEnv } from '../../notify/gateways.ts';
import { deliverNotifications, deliveryStatus } from '../../notify/notifier.ts';
import type { App } from '../app.ts';
import { errors, Id } from '../schemas.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export default async function notifyRoutes(app: App) {
  const env = process.env;
  if ((env.FENGQIAO_SMTP_URL || env.FENGQIAO_SMS_URL || env.FENGQIAO_NOTIFY === 'console') && env.FENGQIAO_JOBS !== '0') {
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      const ctx = app.fq.ctx;
      const gw = gatewaysFromEnv(ctx.log);
      const owner = `${process.pid}-${crypto.randomUUID()}`;
      let busy = false;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        deliverNotifications(ctx, gw, owner)
          .catch((e: unknown) => ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'notification delivery failed'))
          .finally(() => { busy = false; });
      }, 10_000);
      timer.unref();
    });
    app.addHook('onClose', async () => { if (timer) clearInterval(timer); });
  }

  app.get('/notify/deliveries/:id', {
    preHandler: app.need('admin'),
    schema: {
      tags: ['notify'], summary: '短信/邮件投递状态 Delivery status of one SMS or e-mail',
      params: Type.Object({ id: Id }),
      response: {
        200: Type.Object({
          id: Type.Integer(), channel: Type.String(), template: Type.String(), recipientMasked: Type.String(), status: Type.String(),
          attempts: Type.Integer(), nextAttemptAt: Type.String(), gateway: Nullable(Type.String()), providerId: Nullable(Type.String()),
          lastError: Nullable(Type.String()), createdAt: Type.String(), sentAt: Nullable(Type.String()),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => deliveryStatus(app.fq.ctx, req.params.id));
}
