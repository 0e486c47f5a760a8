/**
 * A live-update client for tests (GET /api/v1/live): connects with a session token, keeps every message, and
 * waits for the one a predicate picks.
 */
import type net from 'node:net';
import WebSocket from 'ws';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import type { Platform } from './fixtures.ts';

export interface LiveMsg { type: string; id?: number; version?: number; status?: string }

export interface LiveClient {
  messages: LiveMsg[];
  /** the first message (already received or still to come) that `pick` accepts */
  next(pick: (m: LiveMsg) => boolean, ms?: number): Promise<LiveMsg>;
  close(): Promise<void>;
}

/** Opens the socket and resolves after the server's hello (from then on nothing committed is missed). */
export async function connectLive(base: string, headers: Record<string, string>): Promise<LiveClient> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live`, { headers });
  const messages: LiveMsg[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)) as LiveMsg);
    for (const w of waiters) w();
  });
  const next = (pick: (m: LiveMsg) => boolean, ms = 15_000) => new Promise<LiveMsg>((resolve, reject) => {
    const check = () => {
      const hit = messages.find(pick);
      if (hit) { waiters.delete(check); clearTimeout(timer); resolve(hit); }
    };
    const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no such live message; got ${JSON.stringify(messages)}`)); }, ms);
    waiters.add(check);
    check();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`live: HTTP ${res.statusCode}`)));
    ws.once('open', () => resolve());
  });
  await next((m) => m.type === 'hello');
  return {
    messages, next,
    close: () => new Promise<void>((r) => { if (ws.readyState === WebSocket.CLOSED) r(); else { ws.once('close', () => r()); ws.close(); } }),
  };
}

/** The HTTP status a refused handshake answers with. */
export async function refusedWith(base: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live`, { headers });
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.once('open', () => { ws.close(); reject(new Error('the handshake was accepted')); });
    ws.once('error', () => {});
  });
}

/**
 * The platform listening on a free port, with its base URL, a demo user's token, a live client per user (closed by
 * `close()`, which also closes the platform).
 */
export async function listenLive(p: Platform) {
  await p.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(p.app.server.address() as net.AddressInfo).port}`;
  const clients: LiveClient[] = [];
  const tokenOf = async (username: string) => {
    const r = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
    return (r.json() as { token: string }).token;
  };
  const live = async (username: string) => { const c = await connectLive(base, { authorization: `Bearer ${await tokenOf(username)}` }); clients.push(c); return c; };
  return { base, clients, tokenOf, live, close: async () => { await Promise.all(clients.map((c) => c.close())); await p.close(); } };
}
