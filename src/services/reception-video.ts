/**
 * 视频接访: a video reception room between a petitioner (a town office or the portal) and a reception at city or
 * district level, with a higher level able to join. The room and its record live in the database; the live
 * signalling (WebSocket, src/http/routes/video.routes.ts) is held in the serving process's memory, so behind several
 * processes the load balancer must send one room's sockets to one process (sticky by the `room` query parameter).
 *
 * Whoever has the room code may ask to join and waits in the waiting room; the host (the staff member who opened
 * it, proven by the host key, a second secret only they receive) admits or ends. Joining, admitting and ending are
 * written to video_records; the minutes written at the end are attached to the matter's record.
 */
import crypto from 'node:crypto';
import '../store/schema-reception.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** FENGQIAO_ICE_SERVERS: a JSON array of RTCIceServer ({urls, username?, credential?}); default none (loopback/LAN). */
export function iceServers(env: string | undefined = process.env.FENGQIAO_ICE_SERVERS): unknown[] {
  if (!env) return [];
  let v: unknown;
  try { v = JSON.parse(env); } catch { throw new Error('FENGQIAO_ICE_SERVERS 不是有效的 JSON'); }
  if (!Array.isArray(v) || !v.every((s) => s && typeof s === 'object' && ('urls' in s))) throw new Error('FENGQIAO_ICE_SERVERS 应为 [{"urls": …}] 数组');
  return v;
}

export async function openVideoRoom(ctx: Ctx, actor: StaffActor, input: { title: string; matterId?: number }) {
  if (input.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const code = crypto.randomBytes(12).toString('base64url');
  const hostKey = crypto.randomBytes(18).toString('base64url');
  const r = await ctx.store.db.insertInto('videoRooms').values({
    code, hostKeyHash: sha(hostKey), unitId: actor.unitId, matterId: input.matterId ?? null, title: text(input.title, 'title', '接访主题', 200),
    status: 'open', createdBy: actor.userId, createdAt: ctx.now(), endedAt: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id), code, hostKey, url: `/video?room=${code}`, hostUrl: `/video?room=${code}&key=${hostKey}` };
}

export async function roomByCode(ctx: Ctx, code: string) {
  const r = await ctx.store.db.selectFrom('videoRooms').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? { ...r, id: num(r.id), matterId: r.matterId === null ? null : num(r.matterId) } : null;
}

export function isHostKey(room: { hostKeyHash: string }, key: string | undefined): boolean {
  if (!key) return false;
  const a = Buffer.from(sha(key));
  const b = Buffer.from(room.hostKeyHash);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export async function writeVideoRecord(ctx: Ctx, room: { id: number; matterId: number | null }, kind: string, body: string) {
  await ctx.store.db.insertInto('videoRecords').values({ roomId: room.id, matterId: room.matterId, at: ctx.now(), kind, text: body.slice(0, 20000) }).execute();
}

export async function endVideoRoom(ctx: Ctx, room: { id: number; matterId: number | null }, minutes: string) {
  const r = await ctx.store.db.updateTable('videoRooms').set({ status: 'ended', endedAt: ctx.now() }).where('id', '=', room.id).where('status', '=', 'open').executeTakeFirst();
  if (num(r.numUpdatedRows) !== 1) throw new DomainError('INVALID_STATE', '视频接访已结束');
  await writeVideoRecord(ctx, room, 'end', '视频接访结束');
  if (minutes.trim()) await writeVideoRecord(ctx, room, 'minutes', minutes.trim());
}

/** Staff: a room's record, or every video record of a matter (the matter's record shows them). */
export async function videoRecords(ctx: Ctx, actor: StaffActor, q: { roomId?: number; matterId?: number }) {
  if (q.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, q.matterId);
  if (q.roomId !== undefined) {
    const room = await ctx.store.db.selectFrom('videoRooms').select('id').where('id', '=', q.roomId).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
    if (!room) throw notFound('视频接访');
  }
  if (q.roomId === undefined && q.matterId === undefined) throw new DomainError('BAD_INPUT', '请指定 roomId 或 matterId', { field: 'roomId' });
  let qb = ctx.store.db.selectFrom('videoRecords as r').innerJoin('videoRooms as v', 'v.id', 'r.roomId').select(['r.id', 'r.roomId', 'r.matterId', 'r.at', 'r.kind', 'r.text', 'v.title']);
  if (q.roomId !== undefined) qb = qb.where('r.roomId', '=', q.roomId);
  if (q.matterId !== undefined) qb = qb.where('r.matterId', '=', q.matterId);
  const rows = await qb.orderBy('r.at').orderBy('r.id').limit(2000).execute();
  return rows.map((r) => ({ id: num(r.id), roomId: num(r.roomId), matterId: r.matterId === null ? null : num(r.matterId), at: r.at, kind: r.kind, text: r.text, title: r.title }));
}

export async function listVideoRooms(ctx: Ctx, actor: StaffActor) {
  const rows = await ctx.store.db.selectFrom('videoRooms').select(['id', 'code', 'title', 'matterId', 'status', 'createdAt', 'endedAt', 'unitId'])
    .where('unitId', 'in', scopeOf(ctx, actor)).orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({ ...r, id: num(r.id), unitId: num(r.unitId), matterId: r.matterId === null ? null : num(r.matterId) }));
}
