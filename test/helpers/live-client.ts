/**
 * A live-update client for tests (GET /api/v1/live): connects with a session token, keeps every message, and
 * waits for the one a predicate picks.
 */
import WebSocket from 'ws';

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
