/**
 * Administration of the organisation (issue 3 §6): accounts and roles, units, the category dictionary. Only the
 * administrator calls these (the routes say so); each change writes a row of the security audit log in the same
 * transaction, so a change without its audit row cannot exist.
 *
 * The units are held in memory as an OrgView (ctx.org()): after a unit change this process reloads it at once, and
 * the `orgVersion` setting is bumped so that every other server process on the same database reloads too
 * (src/http/routes/admin.routes.ts polls it). Until then another process answers with the units it had.
 */
import '../store/schema-admin.ts';
import '../store/schema-security.ts';
import { regionContains } from '../domain/org.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Role, UnitKind } from '../domain/types.ts';
import { num } from '../store/db.ts';
import type { Tx } from '../store/matter.repository.ts';
import { recordAudit } from './audit-log.ts';
import { addUser, checkPasswordPolicy, hashPassword, ROLES } from './auth.ts';
import type { Ctx } from './context.ts';

export const NEW_UNIT_KINDS = ['department', 'town', 'court', 'procuratorate'] as const satisfies readonly UnitKind[];

export interface AdminUser { id: number; username: string; name: string; unitId: number; roles: string[]; disabled: boolean }

const name = (v: string | undefined, field: string, label: string, max = 60): string => {
  const s = (v ?? '').trim();
  if (!s || s.length > max) throw new DomainError('BAD_INPUT', `${label}不能为空，且不超过 ${max} 字`, { field });
  return s;
};

function checkRoles(roles: string[]): Role[] {
  const bad = roles.filter((r) => !ROLES.includes(r as Role));
  if (bad.length || roles.length === 0) throw new DomainError('BAD_INPUT', `角色无效：${bad.join(',') || '(空)'}`, { field: 'roles' });
  return [...new Set(roles)] as Role[];
}

async function userRow(db: Ctx['store']['db'] | Tx, id: number): Promise<AdminUser> {
  const r = await db.selectFrom('users').select(['id', 'username', 'name', 'unitId', 'roles', 'disabled']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('用户');
  return { id: num(r.id), username: r.username, name: r.name, unitId: num(r.unitId), roles: JSON.parse(r.roles) as string[], disabled: num(r.disabled) === 1 };
}

export async function createUser(ctx: Ctx, actorUserId: number, u: { username: string; name: string; unitId: number; roles: string[]; password: string }): Promise<AdminUser> {
  const id = await addUser(ctx, { username: u.username.trim(), name: name(u.name, 'name', '姓名'), unitId: u.unitId, roles: checkRoles(u.roles), password: u.password }, { actorUserId });
  return userRow(ctx.store.db, id);
}

/**
 * Changes a user's name, unit, roles or disabled flag. An administrator cannot disable themself or take away
 * their own admin role (the last way back in would go with it). Returns whether the user's sessions must end:
 * a disabled account, or a change of unit or roles (what the session carries).
 */
export async function updateUser(ctx: Ctx, actorUserId: number, id: number, patch: { name?: string; unitId?: number; roles?: string[]; disabled?: boolean }): Promise<{ user: AdminUser; endSessions: boolean }> {
  const before = await userRow(ctx.store.db, id);
  const set: { name?: string; unitId?: number; roles?: string; disabled?: number } = {};
  if (patch.name !== undefined) set.name = name(patch.name, 'name', '姓名');
  if (patch.unitId !== undefined) {
    if (!ctx.org().unit(patch.unitId)) throw new DomainError('BAD_INPUT', `单位 ${patch.unitId} 不存在`, { field: 'unitId' });
    set.unitId = patch.unitId;
  }
  const roles = patch.roles === undefined ? undefined : checkRoles(patch.roles);
  if (roles) set.roles = JSON.stringify(roles);
  if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
  if (id === actorUserId && (patch.disabled === true || (roles && !roles.includes('admin')))) {
    throw new DomainError('RULE_VIOLATION', '不能停用自己的账号或取消自己的管理员角色');
  }
  if (Object.keys(set).length === 0) throw new DomainError('BAD_INPUT', '没有要修改的内容');
  const user = await ctx.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set(set).where('id', '=', id).execute();
    const after = await userRow(tx, id);
    const changed = Object.fromEntries(Object.keys(set).map((k) => [k, { from: before[k as keyof AdminUser], to: after[k as keyof AdminUser] }]));
    await recordAudit(ctx, { actorUserId, action: patch.disabled === true && !before.disabled ? 'user.disable' : 'user.update', target: `user:${id}`, data: changed }, tx);
    return after;
  });
  const endSessions = (user.disabled && !before.disabled) || user.unitId !== before.unitId || JSON.stringify(user.roles) !== JSON.stringify(before.roles);
  return { user, endSessions };
}

/** Sets a new password (policy checked); the caller ends the user's sessions. */
export async function resetPassword(ctx: Ctx, actorUserId: number, id: number, password: string): Promise<void> {
  await userRow(ctx.store.db, id);
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await ctx.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ passwordHash, failedLogins: 0, lockedUntil: null }).where('id', '=', id).execute();
    await recordAudit(ctx, { actorUserId, action: 'user.password.reset', target: `user:${id}` }, tx);
  });
}

async function bumpOrgVersion(tx: Tx, at: string) {
  const value = `${at}#${Math.random().toString(36).slice(2, 8)}`;
  const u = await tx.updateTable('settings').set({ value }).where('key', '=', 'orgVersion').executeTakeFirst();
  if (num(u.numUpdatedRows) === 0) await tx.insertInto('settings').values({ key: 'orgVersion', value }).execute();
}

/** The version other processes compare with the one they loaded (null before the first change). */
export async function orgVersion(ctx: Ctx): Promise<string | null> {
  return (await ctx.store.db.selectFrom('settings').select('value').where('key', '=', 'orgVersion').executeTakeFirst())?.value ?? null;
}

/** Adds a unit under a parent, in the parent's region or a region within it. */
export async function addUnit(ctx: Ctx, actorUserId: number, input: { parentId: number; name: string; code: string; kind: string; regionCode?: string; dept?: string }) {
  const parent = ctx.org().unit(input.parentId);
  if (!parent) throw new DomainError('BAD_INPUT', `上级单位 ${input.parentId} 不存在`, { field: 'parentId' });
  if (!(NEW_UNIT_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('BAD_INPUT', `单位类型应为 ${NEW_UNIT_KINDS.join(' / ')}`, { field: 'kind' });
  const code = input.code.trim();
  if (!/^[0-9A-Za-z][0-9A-Za-z-]{1,39}$/.test(code)) throw new DomainError('BAD_INPUT', '单位代码为 2–40 位字母、数字或连字符', { field: 'code' });
  const regionCode = input.regionCode?.trim() || parent.regionCode;
  const region = await ctx.store.db.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
  if (!region || !regionContains(parent.regionCode, regionCode)) throw new DomainError('BAD_INPUT', `区划 ${regionCode} 不存在或不在上级单位的区划内`, { field: 'regionCode' });
  const unitName = name(input.name, 'name', '单位名称');
  const dept = input.dept?.trim() || null;
  if (dept !== null && !/^[a-z][a-z0-9-]{1,30}$/.test(dept)) throw new DomainError('BAD_INPUT', '职能条线为小写英文标识', { field: 'dept' });
  const taken = await ctx.store.db.selectFrom('units').select('id').where((eb) => eb.or([eb('code', '=', code), eb('key', '=', `custom.${code}`)])).executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', `单位代码 ${code} 已存在`);
  const at = ctx.now();
  const id = await ctx.store.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('units').values({ key: `custom.${code}`, code, name: unitName, kind: input.kind, regionCode, parentId: parent.id, dept }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(ctx, { actorUserId, action: 'unit.add', target: `unit:${num(r.id)}`, data: { code, name: unitName, kind: input.kind, regionCode, parentId: parent.id } }, tx);
    await bumpOrgVersion(tx, at);
    return num(r.id);
  });
  await ctx.reload();
  return ctx.org().unit(id)!;
}

export async function renameUnit(ctx: Ctx, actorUserId: number, id: number, newName: string) {
  const unit = ctx.org().unit(id);
  if (!unit) throw notFound('单位');
  const unitName = name(newName, 'name', '单位名称');
  await ctx.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('units').set({ name: unitName }).where('id', '=', id).execute();
    await recordAudit(ctx, { actorUserId, action: 'unit.rename', target: `unit:${id}`, data: { from: unit.name, to: unitName } }, tx);
    await bumpOrgVersion(tx, ctx.now());
  });
  await ctx.reload();
  return ctx.org().unit(id)!;
}

export interface CategoryOut { code: string; name: string; level: number; parentCode: string | null; disabled: boolean }

/** The dictionary; `all` includes the disabled categories (administration), otherwise only those offered. */
export async function listCategories(ctx: Ctx, opts: { all?: boolean } = {}): Promise<CategoryOut[]> {
  const rows = await ctx.store.db.selectFrom('categories').select(['code', 'name', 'level', 'parentCode', 'disabled'])
    .$if(!opts.all, (q) => q.where('disabled', '=', 0)).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: num(r.level), parentCode: r.parentCode, disabled: num(r.disabled) === 1 }));
}

/**
 * Adds a category under a parent (or a new first-level class). The code extends the parent's by two digits, the
 * dictionary's scheme (level 1 two digits, level 2 four, level 3 six): the next free pair is taken.
 */
export async function addCategory(ctx: Ctx, actorUserId: number, input: { parentCode?: string | null; name: string }): Promise<CategoryOut> {
  const db = ctx.store.db;
  const catName = name(input.name, 'name', '分类名称', 40);
  const parentCode = input.parentCode?.trim() || null;
  let level = 1;
  if (parentCode) {
    const parent = await db.selectFrom('categories').select(['level', 'disabled']).where('code', '=', parentCode).executeTakeFirst();
    if (!parent) throw new DomainError('BAD_INPUT', `上级分类 ${parentCode} 不存在`, { field: 'parentCode' });
    level = num(parent.level) + 1;
    if (level > 3) throw new DomainError('RULE_VIOLATION', '问题分类最多三级');
  }
  const siblings = await db.selectFrom('categories').select(['code', 'name']).$if(parentCode === null, (q) => q.where('parentCode', 'is', null))
    .$if(parentCode !== null, (q) => q.where('parentCode', '=', parentCode!)).execute();
  if (siblings.some((s) => s.name === catName)) throw new DomainError('CONFLICT', `同级已有分类「${catName}」`);
  const used = new Set(siblings.map((s) => Number(s.code.slice(-2))));
  let n = 1;
  while (used.has(n) && n < 100) n++;
  if (n >= 100) throw new DomainError('RULE_VIOLATION', '同级分类已满 99 个');
  const code = `${parentCode ?? ''}${String(n).padStart(2, '0')}`;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('categories').values({ code, name: catName, level, parentCode }).execute();
    await recordAudit(ctx, { actorUserId, action: 'category.add', target: `category:${code}`, data: { name: catName, parentCode } }, tx);
  });
  return { code, name: catName, level, parentCode, disabled: false };
}

/** Renames or disables/re-enables a category; disabling a category disables the ones below it too. */
export async function updateCategory(ctx: Ctx, actorUserId: number, code: string, patch: { name?: string; disabled?: boolean }): Promise<CategoryOut> {
  const db = ctx.store.db;
  const cur = await db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
  if (!cur) throw notFound('问题分类');
  if (patch.name === undefined && patch.disabled === undefined) throw new DomainError('BAD_INPUT', '没有要修改的内容');
  const catName = patch.name === undefined ? cur.name : name(patch.name, 'name', '分类名称', 40);
  await db.transaction().execute(async (tx) => {
    if (patch.name !== undefined) await tx.updateTable('categories').set({ name: catName }).where('code', '=', code).execute();
    if (patch.disabled !== undefined) {
      // the code of a child extends its parent's: a prefix match reaches every level below
      await tx.updateTable('categories').set({ disabled: patch.disabled ? 1 : 0 }).where((eb) => eb.or([eb('code', '=', code), eb('code', 'like', `${code}%`)])).execute();
    }
    await recordAudit(ctx, { actorUserId, action: 'category.update', target: `category:${code}`, data: { ...(patch.name !== undefined ? { name: { from: cur.name, to: catName } } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}) } }, tx);
  });
  return { code, name: catName, level: num(cur.level), parentCode: cur.parentCode, disabled: patch.disabled ?? num(cur.disabled) === 1 };
}
