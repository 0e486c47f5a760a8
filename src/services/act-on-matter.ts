/**
 * Taking an action on a matter (POST /matters/{id}/actions): scoped lookup → lifecycle decision (roles, state,
 * guards) → compare-and-set plus audit event in one transaction (STYLE.md, Documenso's order).
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { decide, type ActionParams, type ActorRole } from '../domain/lifecycle.ts';
import type { Action } from '../domain/types.ts';
import { applyChange, findMatterRow, toMatterState } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import { refreshMatterRates } from './rate-facts.ts';
import { announceMatter } from './live.ts';

export interface ActingUser {
  userId: number | null;
  unitId: number | null;
  roles: readonly ActorRole[];
}

/** How far back a paper record may be dated; later than now is refused. */
const FUTURE_SKEW_MS = 5 * 60_000;

export async function actOnMatter(ctx: Ctx, actor: ActingUser, matterId: number, action: Action, params: ActionParams & { at?: string }): Promise<void> {
  const now = ctx.now();
  let at = now;
  if (params.at !== undefined) {
    const t = new Date(params.at);
    if (Number.isNaN(t.getTime())) throw new DomainError('BAD_INPUT', 'at 不是有效时间', { field: 'at' });
    if (t.getTime() > Date.parse(now) + FUTURE_SKEW_MS) throw new DomainError('BAD_INPUT', '操作时间不能晚于当前时间', { field: 'at' });
    at = t.toISOString();
  }
  const org = ctx.org();
  const changed = await ctx.store.write(async (tx) => {
    // citizens reach their matter by query code (checked by the caller); staff only within their scope
    const viewer = actor.unitId === null ? null : { unitId: actor.unitId };
    const row = await findMatterRow(tx, matterId, org, viewer);
    if (!row) throw notFound('信访事项');
    const m = toMatterState(row);
    // a back-dated paper record still keeps the timeline in order
    const last = await tx.selectFrom('events').select('at').where('matterId', '=', m.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (last && Date.parse(at) < Date.parse(last.at)) {
      throw new DomainError('BAD_INPUT', `操作时间不能早于上一步办理时间 ${last.at}`, { field: 'at' });
    }
    const d = decide(m, action, params, actor, { at, org, calendar: ctx.calendar(), limits: ctx.limits });
    await applyChange(tx, m, row.chainHead, d.to, d.patch, {
      action,
      actorUserId: actor.userId,
      actorUnitId: actor.unitId,
      at,
      recordedAt: now,
      data: d.data,
    }, ctx.auditHash);
    await refreshMatterRates(tx, ctx, m.id); // the rate facts move with the event (services/rate-facts.ts)
    return { ...m, ...d.patch, status: d.to, version: m.version + 1 };
  });
  await announceMatter(ctx, changed);
}
