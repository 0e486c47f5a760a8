/**
 * 涉黑恶线索移交 (DOMAIN.md §7.5): a petition that carries a clue of organised crime is flagged, and the clue is
 * transferred to the competent office (扫黑办, 公安机关, 纪检监察机关) with a record of what was sent.
 *
 * Who sees clues (decision, `canSeeClues` in domain/resolution.ts): a handler at a petition bureau, a leader or a
 * supervisor, and only for petitions whose matter is in their scope. Anyone else — responsible units, registrars,
 * lawyers, evaluators — gets "not found" for a clue, as if it did not exist: a clue may name people in the units
 * that handle the matter.
 *
 * For scenario generators: `flagClue(ctx, actor, { petitionId, description })` → { id }, then
 * `transferClue(ctx, actor, id, { recipient, record })`.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { canSeeClues } from '../domain/resolution.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { instant, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

function guard(ctx: Ctx, actor: StaffActor): void {
  if (!canSeeClues(actor.roles, ctx.org().unit(actor.unitId)?.kind)) throw notFound('线索');
}

export async function flagClue(ctx: Ctx, actor: StaffActor, input: { petitionId: number; description: string; at?: string }): Promise<{ id: number }> {
  guard(ctx, actor);
  const p = await ctx.store.db.selectFrom('petitions').select(['id', 'matterId']).where('id', '=', input.petitionId).executeTakeFirst();
  if (!p) throw notFound('信访件');
  const m = await visibleMatter(ctx, ctx.store.db, actor, num(p.matterId)).catch(() => { throw notFound('信访件'); });
  const r = await ctx.store.db.insertInto('clues').values({
    unitId: actor.unitId, regionCode: m.regionCode ?? regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    petitionId: input.petitionId, matterId: num(p.matterId), description: text(input.description, 'description', '线索内容'), status: 'flagged',
    transferredAt: null, transferredBy: null, recipient: null, transferRecord: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

async function own(ctx: Ctx, actor: StaffActor, id: number) {
  guard(ctx, actor);
  const c = await ctx.store.db.selectFrom('clues').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!c) throw notFound('线索');
  return c;
}

/** 移交: to the competent office, once, with what was sent (材料清单, 移交函号 …). */
export async function transferClue(ctx: Ctx, actor: StaffActor, id: number, input: { recipient: string; record: string; at?: string }): Promise<void> {
  const c = await own(ctx, actor, id);
  if (c.status !== 'flagged') throw new DomainError('INVALID_STATE', '该线索已移交');
  const upd = await ctx.store.db.updateTable('clues').set({
    status: 'transferred', transferredAt: instant(ctx, input.at), transferredBy: actor.userId,
    recipient: text(input.recipient, 'recipient', '接收单位', 200), transferRecord: text(input.record, 'record', '移交记录'),
  }).where('id', '=', id).where('status', '=', 'flagged').executeTakeFirst();
  if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该线索刚被他人更新，请刷新');
}

export async function listClues(ctx: Ctx, actor: StaffActor) {
  guard(ctx, actor);
  const rows = await ctx.store.db.selectFrom('clues').selectAll().where('unitId', 'in', scopeOf(ctx, actor)).orderBy('id', 'desc').limit(500).execute();
  return rows.map((c) => ({
    id: num(c.id), at: c.at, unitId: num(c.unitId), petitionId: num(c.petitionId), matterId: num(c.matterId), description: c.description, status: c.status,
    transferredAt: c.transferredAt, recipient: c.recipient, transferRecord: c.transferRecord,
  }));
}
