/** The portal's HTTP client: the public API under /api/v1 (docs/PORTAL.md), JSON in and out, API.md's error shape. */
import { takeChallenge } from './challenge.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) { super(message); }
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** a call the challenge protects: send a solution, and on CHALLENGE_REQUIRED/INVALID solve a fresh one and retry once */
  protect?: boolean;
}

async function once<T>(path: string, o: CallOptions, challenge: string | null): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (challenge) headers['x-challenge'] = challenge;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: o.method ?? (o.body !== undefined || o.form ? 'POST' : 'GET'), headers,
      body: o.form ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
    throw new ApiError(res.status, e?.error?.code ?? 'HTTP', e?.error?.message ?? res.statusText, e?.error?.details);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export async function api<T>(path: string, o: CallOptions = {}): Promise<T> {
  if (!o.protect) return once<T>(path, o, null);
  try {
    return await once<T>(path, o, await takeChallenge());
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'CHALLENGE_REQUIRED' || e.code === 'CHALLENGE_INVALID')) {
      const fresh = await takeChallenge();
      if (fresh) return once<T>(path, o, fresh);
    }
    throw e;
  }
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** A random key for Idempotency-Key: randomUUID needs a secure context, getRandomValues does not. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- the shapes of docs/PORTAL.md and API.md ----
export interface Category { code: string; name: string; level: number; parentCode: string | null }
export interface Region { code: string; name: string; level: string; parentCode: string | null }
export interface TimelineEntry { action: string; label: string; at: string; details: Record<string, unknown> }
export interface PublicDocument { id?: number | string; type: string; title: string; date: string; url?: string }
export interface Progress {
  queryCode: string; title: string; channel: string; receivedAt: string; status: string; statusLabel: string;
  evaluation: string | null; windows: Partial<Record<'evaluation' | 'reviewRequest' | 'reReviewRequest', string>>;
  timeline: TimelineEntry[]; documents: PublicDocument[];
}
export interface Uploaded { token: string; name: string; size: number; type: string }
export interface Slot { start: string; booked: number; free: number }
export interface ReceptionDay {
  id: number; unitName: string | null; kind: string; leaderName: string; leaderTitle: string | null; date: string; start: string; end: string;
  place: string; topic: string | null; status: string; slots: Slot[];
}
export interface Booked { id: number; code: string; date: string; slot: string }
export type ArticleKind = 'news' | 'policy' | 'notice';
export interface ArticleSummary { id: number; kind: ArticleKind; title: string; summary: string; publishedAt: string }
export interface Article { id: number; kind: ArticleKind; title: string; html: string; publishedAt: string }
