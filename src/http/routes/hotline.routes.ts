/**
 * 12345 hotline intake (issue 10): POST /api/v1/hotline/work-orders, signed (see src/services/hotline.ts for the
 * headers and the signature). Answers 201 with the petition for a new work order, 200 with the same petition for a
 * work-order id already taken. While serving with FENGQIAO_HOTLINE_CALLBACK_URL set, status changes are pushed to it.
 */
import { Type } from '@sinclair/typebox';
import { DomainError } from '../../domain/errors.ts';
import { intakeWorkOrder, HOTLINE_HEADERS, startHotlineJobs, verifyHotlineRequest, type WorkOrder } from '../../services/hotline.ts';
import type { App } from '../app.ts';
import { errors, Instant, Purpose } from '../schemas.ts';

const WorkOrderBody = Type.Object({
  orderId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: '12345 工单编号' }),
  receivedAt: Instant,
  caller: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 50 }),
    idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 18 })),
    phone: Type.Optional(Type.String({ minLength: 7, maxLength: 20 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
  }, { additionalProperties: false }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  purpose: Type.Optional(Purpose),
  categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?$' })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

const Receipt = Type.Object({
  orderId: Type.String(), petitionCode: Type.String(), queryCode: Type.String(), matterId: Type.Integer(),
  status: Type.String(), statusLabel: Type.String(), duplicate: Type.Boolean(),
});

declare module 'fastify' {
  interface FastifyRequest { rawBody?: string }
}

export default async function hotlineRoutes(app: App) {
  const url = process.env.FENGQIAO_HOTLINE_CALLBACK_URL;
  const secretAtStart = process.env.FENGQIAO_HOTLINE_SECRET;
  if (url && secretAtStart && process.env.FENGQIAO_JOBS !== '0') {
    let stop: (() => void) | undefined;
    app.addHook('onReady', async () => { stop = startHotlineJobs(app.fq.ctx, { url, secret: secretAtStart, everyMs: Number(process.env.FENGQIAO_HOTLINE_EVERY_MS ?? 15_000) || 15_000 }); });
    app.addHook('onClose', async () => { stop?.(); });
  }

  // its own scope: the signature is over the raw body, so JSON is parsed here from the kept string
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      req.rawBody = body as string;
      try { done(null, JSON.parse(body as string)); } catch { const e = new Error('请求体不是有效的 JSON') as Error & { statusCode: number }; e.statusCode = 400; done(e, undefined); }
    });
    const s = scope as unknown as App;
    s.post('/hotline/work-orders', {
      schema: {
        tags: ['hotline'], summary: '12345 热线工单接入 Hotline work order intake (HMAC-signed)',
        description: `Headers: ${HOTLINE_HEADERS.timestamp} (Unix seconds, ±300 s), ${HOTLINE_HEADERS.nonce} (16–64 [A-Za-z0-9_-], once), ${HOTLINE_HEADERS.signature} = hex HMAC-SHA256(FENGQIAO_HOTLINE_SECRET, timestamp + "\\n" + nonce + "\\n" + raw body). Same orderId again → 200 with the same petition.`,
        security: [],
        body: WorkOrderBody,
        response: { 200: Receipt, 201: Receipt, ...errors(400, 401, 403, 409, 422) },
      },
      // the signature is checked before the body is read as a work order (validation errors come after it too)
      preValidation: async (req) => {
        const secret = process.env.FENGQIAO_HOTLINE_SECRET;
        if (!secret) throw new DomainError('FORBIDDEN', '本平台未开通 12345 热线接入（未配置 FENGQIAO_HOTLINE_SECRET）');
        const h = (n: string) => { const v = req.headers[n]; return typeof v === 'string' ? v : undefined; };
        await verifyHotlineRequest(app.fq.ctx, secret, { timestamp: h(HOTLINE_HEADERS.timestamp), nonce: h(HOTLINE_HEADERS.nonce), signature: h(HOTLINE_HEADERS.signature) }, req.rawBody ?? '');
      },
    }, async (req, reply) => {
      if (req.rawBody === undefined) throw new DomainError('BAD_INPUT', '请求体必须是 JSON');
      const r = await intakeWorkOrder(app.fq.ctx, req.body as WorkOrder);
      return reply.status(r.duplicate ? 200 : 201).send(r);
    });
  });
}
