/**
 * Authentication: `Authorization: Bearer <token>` (or the `fq_token` cookie the web app sets). Routes declare
 * what they need with `preHandler: app.need('handler', …)`; no role → 403, no login → 401.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.ts';
import type { Role } from '../../domain/types.ts';
import type { SessionUser, Sessions } from '../../services/auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    token: string | null;
  }
  interface FastifyInstance {
    need: (...roles: Role[]) => (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const cookie = req.headers.cookie;
  if (cookie) {
    const m = /(?:^|;\s*)fq_token=([^;]+)/.exec(cookie);
    if (m?.[1]) return decodeURIComponent(m[1]);
  }
  return null;
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { sessions: Sessions }) => {
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  app.decorate('need', (...roles: Role[]) => async (req: FastifyRequest) => {
    const token = tokenOf(req);
    const user = token ? await opts.sessions.resolve(token) : null;
    if (!user) throw new DomainError('UNAUTHENTICATED', '请先登录');
    if (roles.length && !roles.some((r) => user.roles.includes(r))) throw new DomainError('FORBIDDEN', '当前角色无权执行此操作');
    req.user = user;
    req.token = token;
  });
});
