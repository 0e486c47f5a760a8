/**
 * Attachments (docs/PORTAL.md "Attachments"): images and PDF, typed by their bytes (file-type reads the magic
 * numbers), never by the name or the declared type, at most 10 MB each. An upload gets a random token; the token
 * joins the file to a petition when the petition is registered (store/attachment.repository.ts), or staff add a
 * file straight to a matter. Reading a matter's files follows the matter's own visibility (findMatterRow, the same
 * filter the matter endpoints use): a unit that may not see the matter — the accused unit of an accusation above
 * all — gets 404 for its files too.
 */
import '../store/schema-portal.ts';
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import { findMatterRow } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** An upload not joined to a petition within a day is dropped. */
const UNCLAIMED_TTL_MS = 24 * 3_600_000;
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf',
};

export type AttachmentSource = 'citizen' | 'staff';
export interface Upload { name: string; data: Buffer; truncated?: boolean }
interface Uploader { source: AttachmentSource; userId: number | null }

export async function detectType(data: Buffer): Promise<string> {
  const t = data.length ? await fileTypeFromBuffer(data) : undefined;
  if (!t || !ATTACHMENT_TYPES[t.mime]) throw new DomainError('UNSUPPORTED_TYPE', '只接受 JPEG、PNG、GIF、WebP 图片和 PDF 文件', { detected: t?.mime ?? null });
  return t.mime;
}

/** A display name only: no path, no control characters, bounded length; the extension follows the real type. */
export function cleanName(name: string, mime: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim().slice(0, 120);
  return `${base.replace(/\.[^.]*$/, '') || '附件'}.${ATTACHMENT_TYPES[mime]!}`;
}

async function storeFile(ctx: Ctx, up: Upload, who: Uploader, matterId: number | null) {
  if (up.truncated || up.data.length > MAX_ATTACHMENT_BYTES) throw new DomainError('TOO_LARGE', `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, { max: MAX_ATTACHMENT_BYTES });
  const mime = await detectType(up.data);
  const now = ctx.now();
  const token = crypto.randomBytes(18).toString('base64url');
  const name = cleanName(up.name, mime);
  const db = ctx.store.db;
  const row = await db.insertInto('attachments').values({
    token, petitionId: null, matterId, name, mime, size: up.data.length, sha256: crypto.createHash('sha256').update(up.data).digest('hex'),
    data: up.data, source: who.source, uploadedBy: who.userId, createdAt: now,
  }).returning('id').executeTakeFirstOrThrow();
  await db.deleteFrom('attachments').where('petitionId', 'is', null).where('matterId', 'is', null)
    .where('createdAt', '<', new Date(Date.parse(now) - UNCLAIMED_TTL_MS).toISOString()).execute();
  return { id: num(row.id), token, name, size: up.data.length, type: mime };
}

/** POST /public/attachments and POST /attachments: a file waiting for its petition. */
export async function uploadAttachment(ctx: Ctx, up: Upload, who: Uploader) {
  const { token, name, size, type } = await storeFile(ctx, up, who, null);
  return { token, name, size, type };
}

async function visibleMatter(ctx: Ctx, actor: { unitId: number }, matterId: number) {
  const row = await findMatterRow(ctx.store.db, matterId, ctx.org(), actor);
  if (!row) throw notFound('信访事项');
  return row;
}

const view = (r: { id: number; name: string; size: number; mime: string; createdAt: string; source: string }) => ({
  id: num(r.id), name: r.name, size: num(r.size), type: r.mime, uploadedAt: r.createdAt, source: r.source as AttachmentSource,
});

export async function addMatterAttachment(ctx: Ctx, actor: { userId: number; unitId: number }, matterId: number, up: Upload) {
  await visibleMatter(ctx, actor, matterId);
  const r = await storeFile(ctx, up, { source: 'staff', userId: actor.userId }, matterId);
  return { id: r.id, name: r.name, size: r.size, type: r.type, uploadedAt: ctx.now(), source: 'staff' as const };
}

export async function listMatterAttachments(ctx: Ctx, actor: { unitId: number }, matterId: number) {
  await visibleMatter(ctx, actor, matterId);
  const rows = await ctx.store.db.selectFrom('attachments').select(['id', 'name', 'size', 'mime', 'createdAt', 'source'])
    .where('matterId', '=', matterId).orderBy('id').execute();
  return rows.map(view);
}

/** The file, if the caller may see its matter; a file not yet joined to a matter only to the one who uploaded it. */
export async function attachmentFile(ctx: Ctx, actor: { userId: number; unitId: number }, id: number) {
  const r = await ctx.store.db.selectFrom('attachments').select(['matterId', 'uploadedBy', 'name', 'mime', 'data', 'sha256']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('附件');
  if (r.matterId === null) {
    if (r.uploadedBy === null || num(r.uploadedBy) !== actor.userId) throw notFound('附件');
  } else if (!(await findMatterRow(ctx.store.db, num(r.matterId), ctx.org(), actor))) {
    throw notFound('附件');
  }
  return { name: r.name, type: r.mime, data: Buffer.from(r.data), sha256: r.sha256 };
}

/** Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
