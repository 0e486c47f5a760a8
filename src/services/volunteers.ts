/**
 * 信访志愿者 (DOMAIN.md §7.8): the roster of a unit's volunteers, their qualification review (资格审核) and their
 * training records (业务培训). A volunteer is active from joining until leaving; only qualified ones serve.
 *
 * For scenario generators: `addVolunteer` → { id }, `reviewVolunteer(ctx, actor, id, {qualified})`,
 * `recordVolunteerTraining` → { id }; all plain (ctx, actor, input).
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { isValidDate, shanghaiDate } from '../domain/calendar.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { instant, json, parse, regionOf, scopeOf, text, type StaffActor } from './resolution-support.ts';

function date(v: string | undefined, field: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (!isValidDate(v)) throw new DomainError('BAD_INPUT', `${field} 不是有效日期`, { field });
  return v;
}

export async function addVolunteer(ctx: Ctx, actor: StaffActor, input: { name: string; joinedOn?: string }): Promise<{ id: number }> {
  const r = await ctx.store.db.insertInto('volunteers').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(),
    name: text(input.name, 'name', '姓名', 100), joinedOn: date(input.joinedOn, 'joinedOn', shanghaiDate(ctx.now())), leftOn: null,
    qualification: 'pending', reviewedBy: null, reviewedAt: null, reviewNote: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

async function ownVolunteer(ctx: Ctx, actor: StaffActor, id: number) {
  const v = await ctx.store.db.selectFrom('volunteers').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!v) throw notFound('志愿者');
  return v;
}

/** 资格审核: qualified or rejected, once; a rejected volunteer may be reviewed again after new material. */
export async function reviewVolunteer(ctx: Ctx, actor: StaffActor, id: number, input: { qualified: boolean; note?: string; at?: string }): Promise<void> {
  const v = await ownVolunteer(ctx, actor, id);
  if (v.qualification === 'qualified') throw new DomainError('INVALID_STATE', '该志愿者已通过资格审核');
  await ctx.store.db.updateTable('volunteers').set({ qualification: input.qualified ? 'qualified' : 'rejected', reviewedBy: actor.userId, reviewedAt: instant(ctx, input.at), reviewNote: input.note?.trim() || null })
    .where('id', '=', id).where('qualification', '=', v.qualification).execute();
}

export async function volunteerLeaves(ctx: Ctx, actor: StaffActor, id: number, input: { leftOn?: string }): Promise<void> {
  const v = await ownVolunteer(ctx, actor, id);
  if (v.leftOn) throw new DomainError('INVALID_STATE', '该志愿者已退出');
  await ctx.store.db.updateTable('volunteers').set({ leftOn: date(input.leftOn, 'leftOn', shanghaiDate(ctx.now())) }).where('id', '=', id).execute();
}

/** A training session; every volunteer named must be on the actor's roster. */
export async function recordVolunteerTraining(ctx: Ctx, actor: StaffActor, input: { at?: string; title: string; volunteerIds: number[] }): Promise<{ id: number }> {
  const ids = [...new Set(input.volunteerIds ?? [])];
  if (!ids.length) throw new DomainError('BAD_INPUT', '参训志愿者不能为空', { field: 'volunteerIds' });
  const found = await ctx.store.db.selectFrom('volunteers').select('id').where('id', 'in', ids).where('unitId', 'in', scopeOf(ctx, actor)).execute();
  if (found.length !== ids.length) throw notFound('志愿者');
  const r = await ctx.store.db.insertInto('volunteerTrainings').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    title: text(input.title, 'title', '培训主题', 200), volunteerIds: json(ids),
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export async function listVolunteers(ctx: Ctx, actor: StaffActor) {
  const scope = scopeOf(ctx, actor);
  const [rows, trainings] = await Promise.all([
    ctx.store.db.selectFrom('volunteers').selectAll().where('unitId', 'in', scope).orderBy('id').execute(),
    ctx.store.db.selectFrom('volunteerTrainings').selectAll().where('unitId', 'in', scope).orderBy('at', 'desc').limit(200).execute(),
  ]);
  return {
    volunteers: rows.map((v) => ({ id: num(v.id), unitId: num(v.unitId), name: v.name, joinedOn: v.joinedOn, leftOn: v.leftOn, qualification: v.qualification, reviewedAt: v.reviewedAt, reviewNote: v.reviewNote })),
    trainings: trainings.map((t) => ({ id: num(t.id), at: t.at, title: t.title, volunteerIds: parse<number[]>(t.volunteerIds) ?? [] })),
  };
}
