/**
 * What the resolution services (issue 6) share: the acting staff member, the recording unit's region, scoped
 * lookups (an invisible matter or record is "not found"), times, JSON columns.
 */
import '../store/schema-resolution.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { ActorRole } from '../domain/lifecycle.ts';
import { findMatterRow, type Tx } from '../store/matter.repository.ts';
import type { MatterRow } from '../store/schema.ts';
import type { Ctx } from './context.ts';

/** A staff member acting: the user, their unit and roles (the same shape the lifecycle takes). */
export interface StaffActor { userId: number | null; unitId: number; roles: readonly ActorRole[] }

/** The region a record is counted in: the recording unit's region. */
export function regionOf(ctx: Ctx, unitId: number): string {
  const u = ctx.org().unit(unitId);
  if (!u) throw new DomainError('BAD_INPUT', '单位不存在', { field: 'unitId' });
  return u.regionCode;
}

/** The units whose records the actor may read: their scope (a bureau sees its region). */
export function scopeOf(ctx: Ctx, actor: { unitId: number }): number[] {
  const s = ctx.org().scopeUnitIds(actor.unitId);
  return s.length ? s : [-1];
}

export async function visibleMatter(ctx: Ctx, db: Tx, actor: { unitId: number }, matterId: number): Promise<MatterRow> {
  const row = await findMatterRow(db, matterId, ctx.org(), { unitId: actor.unitId });
  if (!row) throw notFound('信访事项');
  return row;
}

/** An instant given by the caller (a paper record may be dated back), never later than now; default now. */
export function instant(ctx: Ctx, at: string | undefined, field = 'at'): string {
  const now = ctx.now();
  if (at === undefined) return now;
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new DomainError('BAD_INPUT', `${field} 不是有效时间`, { field });
  if (t > Date.parse(now) + 5 * 60_000) throw new DomainError('BAD_INPUT', '记录时间不能晚于当前时间', { field });
  return new Date(t).toISOString();
}

export function text(v: string | undefined | null, field: string, label: string, max = 20000): string {
  const s = (v ?? '').trim();
  if (!s) throw new DomainError('BAD_INPUT', `${label}不能为空`, { field });
  if (s.length > max) throw new DomainError('BAD_INPUT', `${label}过长`, { field });
  return s;
}

export function count(v: number | undefined, field: string, label: string, min = 0): number {
  const n = v ?? 0;
  if (!Number.isInteger(n) || n < min || n > 100000) throw new DomainError('BAD_INPUT', `${label}应为不小于 ${min} 的整数`, { field });
  return n;
}

export const json = (v: unknown) => JSON.stringify(v);
export const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
