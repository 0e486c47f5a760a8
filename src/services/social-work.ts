/**
 * 信访社工 (DOMAIN.md §7.8): social workers log each visit batch (批次) they take part in — the person-times
 * (人次) received, how many were soothed (疏导、安抚), the follow-up and whether the matter was resolved (化解).
 *
 * For scenario generators: `recordSocialWorkBatch(ctx, actor, input)` → { id }; one call is one batch.
 */
import { DomainError } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { count, instant, json, parse, regionOf, scopeOf, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface SocialWorkBatchInput {
  at?: string;
  /** the social workers present (names) */
  workers: string[];
  personTimes: number;
  soothed?: number;
  followUp?: string;
  /** the matter was resolved (化解) through the social workers' help */
  resolved?: boolean;
  matterId?: number;
  note?: string;
}

export async function recordSocialWorkBatch(ctx: Ctx, actor: StaffActor, input: SocialWorkBatchInput): Promise<{ id: number }> {
  const workers = (input.workers ?? []).map((w) => w.trim()).filter(Boolean);
  if (!workers.length) throw new DomainError('BAD_INPUT', '参与社工不能为空', { field: 'workers' });
  const personTimes = count(input.personTimes, 'personTimes', '接待人次', 1);
  const soothed = count(input.soothed, 'soothed', '疏导安抚人次');
  if (soothed > personTimes) throw new DomainError('BAD_INPUT', '疏导安抚人次不能多于接待人次', { field: 'soothed' });
  if (input.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  if (input.resolved && input.matterId === undefined) throw new DomainError('BAD_INPUT', '记录“成功化解”需关联信访事项', { field: 'matterId' });
  const r = await ctx.store.db.insertInto('socialWorkLogs').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    workers: json(workers), personTimes, soothed, followUp: input.followUp?.trim() || null, resolved: input.resolved ? 1 : 0,
    matterId: input.matterId ?? null, note: input.note?.trim() || null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export async function listSocialWork(ctx: Ctx, actor: StaffActor) {
  const rows = await ctx.store.db.selectFrom('socialWorkLogs').selectAll().where('unitId', 'in', scopeOf(ctx, actor)).orderBy('at', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: num(r.id), at: r.at, unitId: num(r.unitId), workers: parse<string[]>(r.workers) ?? [], personTimes: num(r.personTimes), soothed: num(r.soothed),
    followUp: r.followUp, resolved: num(r.resolved) === 1, matterId: r.matterId === null ? null : num(r.matterId), note: r.note,
  }));
}
