/**
 * Authentication: `Authorization: Bearer <token>` (or the `fq_token` cookie the web app sets). Routes declare
 * what they need with `preHandler: app.need('handler', …)`; no role → 403, no login → 401.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
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

function cookieValue(req: FastifyRequest, name: string): string | null {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? '');
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The token of the request: a Bearer header, or the session cookie. A cookie is sent by the browser on its own,
 * so a state-changing request authenticated by cookie must also carry the CSRF token (double submit: the
 * fq_csrf cookie's value in the X-CSRF-Token header, which another site cannot read).
 */
export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const token = cookieValue(req, 'fq_token');
  if (token && UNSAFE.has(req.method)) {
    const csrf = cookieValue(req, 'fq_csrf');
    const sent = req.headers['x-csrf-token'];
    if (!csrf || typeof sent !== 'string' || sent.length !== csrf.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(csrf))) {
      throw new DomainError('FORBIDDEN', '缺少或错误的 CSRF 令牌');
    }
  }
  return token;
}

export function setSessionCookies(reply: FastifyReply, token: string, secure: boolean): void {
  const csrf = crypto.randomBytes(18).toString('base64url');
  const flags = `Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
  reply.header('set-cookie', [`fq_token=${token}; HttpOnly; ${flags}`, `fq_csrf=${csrf}; ${flags}`]);
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
