/**
 * Live updates (issue 10): GET /api/v1/live, a WebSocket for any signed-in user (the session as on every other
 * route: `Authorization: Bearer`, or the `fq_token` cookie the web app sets — SameSite=Strict, and a cookie
 * handshake must come from our own origin).
 *   server → client  {type:'hello'}                                  listening: nothing committed from now on is missed
 *   server → client  {type:'matter', id, version, status}            a matter this user may see has changed
 *   server → client  {type:'resync'}                                 announcements may have been missed: re-read
 * The client sends nothing (anything it sends is ignored). Every minute the session is checked again, without
 * counting as activity; an ended session closes the socket with 4401.
 * Every server process answers its own sockets: the change reaches all of them (services/live.ts, store/live.ts).
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { LiveHub, type LiveMessage } from '../../services/live.ts';
import type { App } from '../app.ts';

const RECHECK_MS = 60_000;

/** what this file uses of a ws socket */
interface WebSocket { readyState: number; send(data: string): void; close(code?: number): void; on(ev: string, f: () => void): void }

/** A handshake carried by the session cookie must come from a page of ours (cross-site WebSocket hijacking). */
function sameOrigin(req: FastifyRequest): boolean {
  if (req.headers.authorization?.startsWith('Bearer ')) return true;
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === (req.headers['x-forwarded-host'] ?? req.headers.host);
  } catch {
    return false;
  }
}

export default async function liveRoutes(app: App) {
  const hub = new LiveHub(app.fq.ctx);
  app.addHook('onClose', async () => hub.close());

  app.get('/live', {
    websocket: true,
    preHandler: [app.need(), async (req) => { if (!sameOrigin(req)) throw new DomainError('FORBIDDEN', '不允许跨站连接实时更新'); }],
    schema: { hide: true },
  }, async (sock: unknown, req) => {
    const socket = sock as WebSocket;
    const user = req.user!;
    const token = req.token!;
    const send = (m: LiveMessage) => { if (socket.readyState === 1) socket.send(JSON.stringify(m)); };
    let leave: (() => void) | null = null;
    let closed = false;
    const timer = setInterval(() => {
      void app.fq.sessions.resolve(token, { touch: false }).then((u) => { if (!u) socket.close(4401); }, () => {});
    }, RECHECK_MS);
    timer.unref();
    // handlers first: a socket that closes while we start listening must still leave
    socket.on('close', () => { closed = true; clearInterval(timer); leave?.(); });
    const off = await hub.join({ unitId: user.unitId, send });
    if (closed) { off(); return; }
    leave = off;
    send({ type: 'hello' });
  });
}
