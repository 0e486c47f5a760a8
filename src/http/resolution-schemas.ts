/** TypeBox pieces shared by the resolution routes (issue 6). */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

export const Str = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const OptStr = (max: number) => Type.Optional(Type.String({ maxLength: max }));
export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
export const Created = Type.Object({ id: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const Docx = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.docx' });

export function sendDocx(reply: FastifyReply, doc: { filename: string; body: Buffer }) {
  return reply.type(DOCX_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`).send(doc.body);
}
