import { Type } from '@sinclair/typebox';
import type { App } from '../app.ts';
import { errors } from '../schemas.ts';

const UserOut = Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), unitId: Type.Integer(), roles: Type.Array(Type.String()) });

export default async function authRoutes(app: App) {
  app.post('/auth/login', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: '登录 Log in',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserOut }), ...errors(400, 401, 429) },
    },
  }, async (req) => app.fq.sessions.login(req.body.username, req.body.password));

  app.post('/auth/logout', { preHandler: app.need(), schema: { tags: ['auth'], summary: '退出 Log out', response: { 204: Type.Null(), ...errors(401) } } },
    async (req, reply) => {
      await app.fq.sessions.logout(req.token!);
      return reply.status(204).send(null);
    });

  app.get('/me', { preHandler: app.need(), schema: { tags: ['auth'], summary: '当前用户 The logged-in user', response: { 200: UserOut, ...errors(401) } } },
    async (req) => req.user!);
}
