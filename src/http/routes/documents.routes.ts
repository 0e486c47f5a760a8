/** 文书 (issue 5): issue a matter's official document as .docx from the editable template; list; templates. */
import { Type } from '@sinclair/typebox';
import { DOC_FORMATS, DOC_KINDS, documentFile, issueDocument, type DocFile, listDocuments, setTemplate, templateOf, type DocKind } from '../../services/documents.ts';
import type { App } from '../app.ts';
import type { FastifyReply } from 'fastify';
import { Docx, DOCX_TYPE, Ok, Str } from '../resolution-schemas.ts';
import { errors, Id, StringEnum } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF' });
const PDF_TYPE = 'application/pdf';

function sendFile(reply: FastifyReply, f: DocFile) {
  return reply.type(f.type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.body);
}

const Kind = StringEnum(DOC_KINDS, 'acceptanceNotice 受理告知书, declineNotice 不予受理告知书, extensionNotice 延期告知书, handlingOpinion 信访处理意见书, reviewOpinion 复查意见书, reReviewOpinion 复核意见书, supervisionOrder 督办单');

export default async function documentRoutes(app: App) {
  app.post('/matters/:id/documents', {
    preHandler: app.need('handler', 'leader', 'supervisor'),
    schema: {
      tags: ['documents'], summary: '出具文书（.docx 或 PDF）', params: Type.Object({ id: Id }), produces: [DOCX_TYPE, PDF_TYPE],
      body: Type.Object({ kind: Kind, publish: Type.Optional(Type.Boolean()), supervisionId: Type.Optional(Id), format: Type.Optional(StringEnum(DOC_FORMATS, 'docx (default) or pdf')) }, { additionalProperties: false }),
      response: { 201: Docx, ...errors(400, 401, 403, 404, 409, 503) },
    },
  }, async (req, reply) => {
    const d = await issueDocument(app.fq.ctx, actorOf(req.user!), req.params.id, req.body.kind, req.body);
    reply.code(201).header('x-document-number', encodeURIComponent(d.number)).header('x-document-id', String(d.id));
    return sendFile(reply, d.file);
  });

  app.get('/matters/:id/documents', {
    preHandler: app.need(),
    schema: { tags: ['documents'], summary: '事项的文书', params: Type.Object({ id: Id }), response: { 200: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), number: Type.String(), title: Type.String(), createdAt: Type.String(), published: Type.Boolean() })), ...errors(400, 401, 404) } },
  }, async (req) => listDocuments(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.get('/documents/:id/file.docx', {
    preHandler: app.need(),
    schema: { tags: ['documents'], summary: '下载文书（.docx）', params: Type.Object({ id: Id }), produces: [DOCX_TYPE], response: { 200: Docx, ...errors(400, 401, 404) } },
  }, async (req, reply) => sendFile(reply, await documentFile(app.fq.ctx, actorOf(req.user!), req.params.id, 'docx')));

  app.get('/documents/:id/file.pdf', {
    preHandler: app.need(),
    schema: { tags: ['documents'], summary: '下载文书（PDF）', params: Type.Object({ id: Id }), produces: [PDF_TYPE], response: { 200: Pdf, ...errors(400, 401, 404, 503) } },
  }, async (req, reply) => sendFile(reply, await documentFile(app.fq.ctx, actorOf(req.user!), req.params.id, 'pdf')));

  app.get('/documents/templates/:kind', {
    preHandler: app.need('admin', 'handler', 'supervisor'),
    schema: { tags: ['documents'], summary: '文书模板（{{占位符}}）', params: Type.Object({ kind: Kind }), response: { 200: Type.Object({ title: Type.String(), body: Type.String() }), ...errors(400, 401, 403) } },
  }, async (req) => templateOf(app.fq.ctx, req.params.kind as DocKind));

  app.put('/documents/templates/:kind', {
    preHandler: app.need('admin'),
    schema: { tags: ['documents'], summary: '编辑文书模板', params: Type.Object({ kind: Kind }), body: Type.Object({ title: Str(200), body: Str(20000) }, { additionalProperties: false }), response: { 200: Ok, ...errors(400, 401, 403) } },
  }, async (req) => { await setTemplate(app.fq.ctx, actorOf(req.user!), req.params.kind as DocKind, req.body); return { ok: true }; });
}
