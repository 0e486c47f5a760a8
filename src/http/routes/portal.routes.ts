/**
 * The citizen portal's additions to the public API (docs/PORTAL.md): the proof-of-work challenge, SMS codes,
 * attachments, review requests, published documents and articles. No login; every route is rate-limited per
 * client address, and the protected ones (sms-codes, attachments) pass the adaptive challenge gate.
 */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { gatewaysFromEnv } from '../../notify/gateways.ts';
import { ARTICLE_KINDS, publicArticle, publicArticles } from '../../services/articles.ts';
import { MAX_ATTACHMENT_BYTES, uploadAttachment, type Upload } from '../../services/attachments.ts';
import { DOC_FORMATS } from '../../services/documents.ts';
import { issueChallenge } from '../../services/public-challenge.ts';
import { publicDocument, publicRequestReview } from '../../services/public-petitions.ts';
import { sendSmsCode } from '../../services/sms-codes.ts';
import type { App } from '../app.ts';
import { challengeGate, publicProtection } from '../plugins/public-challenge.ts';
import { DOCX_TYPE } from '../resolution-schemas.ts';
import { errors, Id, publicLimit, StringEnum } from '../schemas.ts';
import { ChallengeHeader, Progress, QueryCode } from './public.routes.ts';

export const UploadResult = Type.Object({ token: Type.String(), name: Type.String(), size: Type.Integer(), type: Type.String() });
const Phone = Type.String({ minLength: 1, maxLength: 20 });
const Page = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) };
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/**
 * The one `file` part of a multipart form, read into memory up to the limit. Registers the multipart parser in the
 * caller's encapsulated scope only, so no other route starts accepting forms.
 */
export async function withUploads(app: App, routes: (scope: App, readUpload: (req: FastifyRequest) => Promise<Upload>) => void) {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6, fieldNameSize: 50, headerPairs: 50 } });
    routes(scope as unknown as App, async (req) => {
      if (!req.isMultipart()) throw new DomainError('BAD_INPUT', '请以 multipart/form-data 上传，字段名 file', { field: 'file' });
      try {
        const file = await req.file();
        if (!file || file.fieldname !== 'file') throw new DomainError('BAD_INPUT', '缺少文件字段 file', { field: 'file' });
        return { name: file.filename || '附件', data: await file.toBuffer() };
      } catch (e) {
        if (e instanceof DomainError) throw e;
        const err = e as { code?: string; statusCode?: number };
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('TOO_LARGE', `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, { max: MAX_ATTACHMENT_BYTES });
        if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) throw e;
        // the form itself is broken (busboy: malformed part header, unexpected end of form): the client's fault
        throw new DomainError('BAD_INPUT', '上传的表单格式不正确', { field: 'file' });
      }
    });
  });
}

export const uploadDoc = {
  consumes: ['multipart/form-data'],
  description: 'multipart/form-data with one `file` field; JPEG, PNG, GIF, WebP or PDF decided from the bytes, at most 10 MB.',
};

export default async function portalRoutes(app: App) {
  const protection = publicProtection(app);
  const sms = gatewaysFromEnv(app.fq.ctx.log).sms;

  app.get('/public/challenge', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '人机验证（工作量证明）Proof-of-work challenge',
      description: 'Find a decimal nonce with sha256(prefix + nonce) having `difficulty` leading zero bits; send `X-Challenge: <id>:<nonce>`. Single use, 10 minutes.',
      response: { 200: Type.Object({ id: Type.String(), algorithm: Type.Literal('sha256'), prefix: Type.String(), difficulty: Type.Integer(), expiresAt: Type.String() }), ...errors(429) },
    },
  }, async () => issueChallenge(app.fq.ctx, protection.difficulty));

  app.post('/public/sms-codes', {
    config: publicLimit,
    preHandler: challengeGate(app, 'sms-codes', protection),
    schema: {
      tags: ['public'], summary: '发送短信验证码 Send a one-time code to the real-name phone',
      headers: Type.Object({ 'x-challenge': ChallengeHeader }),
      body: Type.Object({ phone: Phone, purpose: StringEnum(['petition'] as const) }, { additionalProperties: false }),
      response: { 202: Type.Object({ expiresIn: Type.Integer(), resendAfter: Type.Integer() }), ...errors(400, 422, 429, 503) },
    },
  }, async (req, reply) => reply.status(202).send(await sendSmsCode(app.fq.ctx, sms, req.body)));

  await withUploads(app, (scope, readUpload) => {
    scope.post('/public/attachments', {
      config: publicLimit,
      preHandler: challengeGate(app, 'attachments', protection),
      schema: {
        tags: ['public'], summary: '上传附件 Upload an attachment for an online petition', ...uploadDoc,
        headers: Type.Object({ 'x-challenge': ChallengeHeader }),
        response: { 201: UploadResult, ...errors(400, 413, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await uploadAttachment(app.fq.ctx, await readUpload(req), { source: 'citizen', userId: null })));
  });

  app.post('/public/petitions/:queryCode/review-request', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '申请复查/复核 Ask for review or re-review within the window',
      params: Type.Object({ queryCode: QueryCode }),
      body: Type.Object({ phone: Phone, level: StringEnum(['review', 'reReview'] as const), reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
      response: { 200: Progress, ...errors(400, 404, 409, 422, 429) },
    },
  }, async (req) => publicRequestReview(app.fq.ctx, req.params.queryCode, req.body.phone, req.body.level, req.body.reason));

  app.get('/public/petitions/:queryCode/documents/:id', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '下载已公开的文书 Download a published document', produces: [DOCX_TYPE, 'application/pdf'],
      params: Type.Object({ queryCode: QueryCode, id: Id }),
      querystring: Type.Object({ phone: Phone, format: Type.Optional(StringEnum(DOC_FORMATS, 'docx (default) or pdf')) }),
      response: { 200: Binary, ...errors(400, 404, 429, 503) },
    },
  }, async (req, reply) => {
    const f = await publicDocument(app.fq.ctx, req.params.queryCode, req.query.phone, req.params.id, req.query.format);
    return reply.type(f.type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.body);
  });

  app.get('/public/articles', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '新闻、政策、公告 Published articles',
      querystring: Type.Object({ kind: Type.Optional(StringEnum(ARTICLE_KINDS, 'news 新闻, policy 政策, notice 公告')), ...Page }),
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), summary: Type.String(), publishedAt: Type.String() })), total: Type.Integer() }),
        ...errors(400, 429),
      },
    },
  }, async (req) => publicArticles(app.fq.ctx, req.query));

  app.get('/public/articles/:id', {
    config: publicLimit,
    schema: {
      tags: ['public'], summary: '文章正文（已净化的 HTML）A published article',
      params: Type.Object({ id: Id }),
      response: { 200: Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), html: Type.String(), publishedAt: Type.String() }), ...errors(400, 404, 429) },
    },
  }, async (req) => publicArticle(app.fq.ctx, req.params.id));
}
