/**
 * Staff attachments (docs/PORTAL.md "Attachments"): the registration desk uploads a file for the petition it is
 * about to register; a unit adds files to a matter; files are listed and downloaded under the matter's visibility
 * (the same scoped lookup as GET /matters/{id}: an accusation's files stay hidden from the accused unit).
 */
import { Type } from '@sinclair/typebox';
import { addMatterAttachment, attachmentFile, contentDisposition, listMatterAttachments, uploadAttachment } from '../../services/attachments.ts';
import type { App } from '../app.ts';
import { errors, Id, StringEnum } from '../schemas.ts';
import { uploadDoc, UploadResult, withUploads } from './portal.routes.ts';

const STAFF = ['registrar', 'handler', 'leader', 'supervisor'] as const;
const AttachmentView = Type.Object({
  id: Type.Integer(), name: Type.String(), size: Type.Integer(), type: Type.String(), uploadedAt: Type.String(),
  source: StringEnum(['citizen', 'staff'] as const),
});

export default async function attachmentRoutes(app: App) {
  await withUploads(app, (scope, readUpload) => {
    scope.post('/attachments', {
      preHandler: app.need(...STAFF),
      schema: { tags: ['attachments'], summary: '上传附件（登记用）Upload a file for a registration', ...uploadDoc, response: { 201: UploadResult, ...errors(400, 401, 403, 413, 422) } },
    }, async (req, reply) => reply.status(201).send(await uploadAttachment(app.fq.ctx, await readUpload(req), { source: 'staff', userId: req.user!.id })));

    scope.post('/matters/:id/attachments', {
      preHandler: app.need(...STAFF),
      schema: {
        tags: ['attachments'], summary: '为信访事项添加附件 Add a file to a matter', ...uploadDoc,
        params: Type.Object({ id: Id }), response: { 201: AttachmentView, ...errors(400, 401, 403, 404, 413, 422) },
      },
    }, async (req, reply) => {
      const u = req.user!;
      return reply.status(201).send(await addMatterAttachment(app.fq.ctx, { userId: u.id, unitId: u.unitId }, req.params.id, await readUpload(req)));
    });
  });

  app.get('/matters/:id/attachments', {
    preHandler: app.need(),
    schema: { tags: ['attachments'], summary: '信访事项的附件 Files of a matter', params: Type.Object({ id: Id }), response: { 200: Type.Array(AttachmentView), ...errors(400, 401, 404) } },
  }, async (req) => listMatterAttachments(app.fq.ctx, { unitId: req.user!.unitId }, req.params.id));

  app.get('/attachments/:id/file', {
    preHandler: app.need(),
    schema: {
      tags: ['attachments'], summary: '下载附件 Download a file', params: Type.Object({ id: Id }),
      produces: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const u = req.user!;
    const f = await attachmentFile(app.fq.ctx, { userId: u.id, unitId: u.unitId }, req.params.id);
    // never rendered by the browser as something else: the type is the one read from the bytes, and nosniff is set
    return reply.type(f.type).header('content-disposition', contentDisposition(f.name)).header('x-content-sha256', f.sha256).send(f.data);
  });
}
