import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import { errors } from '../schemas.ts';
import { setSessionCookies } from '../plugins/auth.ts';

const UserOut = Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), unitId: Type.Integer(), roles: Type.Array(Type.String()) });

// per client address and minute; FENGQIAO_LOGIN_RATE_PER_MIN raises it where many people share one address (a
// bureau behind one NAT) or a browser test suite logs in dozens of times a minute
const loginLimit = () => Math.max(1, Number(process.env.FENGQIAO_LOGIN_RATE_PER_MIN) || 20);

export default async function authRoutes(app: App) {
  app.post('/auth/login', {
    config: { rateLimit: { max: loginLimit(), timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: '登录 Log in',
      description: 'Bearer token in the answer. With `cookie: true` the token is also set as an HttpOnly cookie (fq_token) with a CSRF cookie (fq_csrf) whose value must come back in the X-CSRF-Token header of every POST/PUT/PATCH/DELETE.',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }),
        otp: Type.Optional(Type.String({ maxLength: 8 })), cookie: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserOut }), ...errors(400, 401, 429) },
    },
  }, async (req, reply) => {
    const r = await app.fq.sessions.login(req.body.username, req.body.password, req.body.otp);
    if (req.body.cookie) setSessionCookies(reply, r.token, req.protocol === 'https');
    return r;
  });

  app.post('/auth/logout-all', {
    preHandler: app.need(),
    schema: { tags: ['auth'], summary: '退出全部设备 End every session of this user', response: { 204: Type.Null(), ...errors(401) } },
  }, async (req, reply) => {
    await app.fq.sessions.logoutEverywhere(req.user!.id);
    return reply.status(204).send(null);
  });

  app.post('/auth/totp/setup', {
    preHandler: app.need(),
    schema: { tags: ['auth'], summary: '生成动态验证码密钥 Start TOTP enrolment', response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), ...errors(401, 422) } },
  }, async (req) => app.fq.sessions.totpSetup(req.user!.id, req.user!.username));

  app.post('/auth/totp/enable', {
    preHandler: app.need(),
    schema: { tags: ['auth'], summary: '启用动态验证码 Confirm TOTP with a code', body: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }), response: { 204: Type.Null(), ...errors(400, 401, 422) } },
  }, async (req, reply) => {
    await app.fq.sessions.totpEnable(req.user!.id, req.body.code);
    return reply.status(204).send(null);
  });

  app.post('/auth/password', {
    preHandler: app.need(),
    schema: {
      tags: ['auth'], summary: '修改密码 Change password (ends every session)',
      body: Type.Object({ current: Type.String({ minLength: 1, maxLength: 256 }), next: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 204: Type.Null(), ...errors(400, 401, 422) },
    },
  }, async (req, reply) => {
    await app.fq.sessions.changePassword(req.user!.id, req.body.current, req.body.next);
    return reply.status(204).send(null);
  });

  app.post('/auth/logout', { preHandler: app.need(), schema: { tags: ['auth'], summary: '退出 Log out', response: { 204: Type.Null(), ...errors(401) } } },
    async (req, reply) => {
      await app.fq.sessions.logout(req.token!);
      return reply.status(204).send(null);
    });

  app.get('/me', { preHandler: app.need(), schema: { tags: ['auth'], summary: '当前用户 The logged-in user', response: { 200: UserOut, ...errors(401) } } },
    async (req) => req.user!);
}
