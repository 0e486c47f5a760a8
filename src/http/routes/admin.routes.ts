/**
 * 系统管理 (issue 3 §6), administrator only: accounts (create, roles, unit, disable, reset password), units (add
 * under a parent, rename), the category dictionary (add, rename, disable). Every change is in the audit log.
 * Reading stays where it was: GET /workbench/users, GET /units, GET /categories (offered categories only);
 * GET /admin/categories lists the disabled ones too.
 */
import { Type } from '@sinclair/typebox';
import {
  addCategory, addUnit, createUser, listCategories, NEW_UNIT_KINDS, orgVersion, renameUnit, resetPassword, updateCategory, updateUser,
} from '../../services/admin-org.ts';
import { ROLES } from '../../services/auth.ts';
import type { App } from '../app.ts';
import { Nullable, Str } from '../resolution-schemas.ts';
import { errors, Id, StringEnum } from '../schemas.ts';

const UserOut = Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), unitId: Type.Integer(), roles: Type.Array(Type.String()), disabled: Type.Boolean() });
const UnitOut = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), kind: Type.String(), regionCode: Type.String(), parentId: Nullable(Type.Integer()), dept: Nullable(Type.String()) });
const CategoryOut = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), parentCode: Nullable(Type.String()), disabled: Type.Boolean() });
const Role = StringEnum(ROLES, 'admin, registrar, lawyer, handler, supervisor, leader, evaluator, auditor');
const CategoryCode = Type.String({ pattern: '^\\d{2}(\\d{2}){0,2}$' });
/** how often a server process looks whether another one changed the units */
const ORG_POLL_MS = 5_000;

export default async function adminRoutes(app: App) {
  const ctx = app.fq.ctx;
  // another process on the same database may change the units: reload when the version it leaves has moved
  let seen = await orgVersion(ctx).catch(() => null);
  const timer = setInterval(() => {
    orgVersion(ctx).then(async (v) => { if (v !== seen) { seen = v; await ctx.reload(); } }).catch((e: Error) => ctx.log.warn({ err: e.message }, 'org version poll failed'));
  }, ORG_POLL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  const admin = app.need('admin');
  const mine = async () => { seen = await orgVersion(ctx); };

  app.post('/admin/users', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '新建用户 Create an account (password policy applies)',
      body: Type.Object({ username: Str(63), name: Str(60), unitId: Id, roles: Type.Array(Role, { minItems: 1, maxItems: 8 }), password: Str(200) }, { additionalProperties: false }),
      response: { 201: UserOut, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await createUser(ctx, req.user!.id, req.body)));

  app.put('/admin/users/:id', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '修改用户：姓名、单位、角色、停用 Change name, unit, roles, disabled; ends the user\'s sessions when unit, roles or disabled change',
      params: Type.Object({ id: Id }),
      body: Type.Object({ name: Type.Optional(Str(60)), unitId: Type.Optional(Id), roles: Type.Optional(Type.Array(Role, { minItems: 1, maxItems: 8 })), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: UserOut, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    const { user, endSessions } = await updateUser(ctx, req.user!.id, req.params.id, req.body);
    if (endSessions) await app.fq.sessions.logoutEverywhere(user.id);
    return user;
  });

  app.post('/admin/users/:id/password', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '重置密码 Reset a password (policy applies); the user\'s sessions end',
      params: Type.Object({ id: Id }), body: Type.Object({ password: Str(200) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    await resetPassword(ctx, req.user!.id, req.params.id, req.body.password);
    await app.fq.sessions.logoutEverywhere(req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/admin/units', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '新增单位 Add a unit under a parent',
      body: Type.Object({
        parentId: Id, name: Str(60), code: Str(40), kind: StringEnum(NEW_UNIT_KINDS, 'department 职能部门, town 镇街, court 法院, procuratorate 检察院'),
        regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?$' })), dept: Type.Optional(Type.String({ maxLength: 31 })),
      }, { additionalProperties: false }),
      response: { 201: UnitOut, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => { const u = await addUnit(ctx, req.user!.id, req.body); await mine(); return reply.code(201).send(u); });

  app.put('/admin/units/:id', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '单位更名 Rename a unit', params: Type.Object({ id: Id }),
      body: Type.Object({ name: Str(60) }, { additionalProperties: false }), response: { 200: UnitOut, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => { const u = await renameUnit(ctx, req.user!.id, req.params.id, req.body.name); await mine(); return u; });

  app.get('/admin/categories', {
    preHandler: admin,
    schema: { tags: ['administration'], summary: '问题分类（含已停用）The whole dictionary, disabled categories included', response: { 200: Type.Array(CategoryOut), ...errors(401, 403) } },
  }, async () => listCategories(ctx, { all: true }));

  app.post('/admin/categories', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '新增问题分类 Add a category (the code is the parent\'s plus the next free two digits)',
      body: Type.Object({ parentCode: Type.Optional(Nullable(CategoryCode)), name: Str(40) }, { additionalProperties: false }),
      response: { 201: CategoryOut, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await addCategory(ctx, req.user!.id, req.body)));

  app.put('/admin/categories/:code', {
    preHandler: admin,
    schema: {
      tags: ['administration'], summary: '修改问题分类：更名、停用/启用 Rename, disable or enable (with the categories below it)',
      params: Type.Object({ code: CategoryCode }),
      body: Type.Object({ name: Type.Optional(Str(40)), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: CategoryOut, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => updateCategory(ctx, req.user!.id, req.params.code, req.body));
}
