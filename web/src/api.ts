/** The workbench's HTTP client: JSON over /api/v1 with the bearer token kept for this tab (sessionStorage). */
export interface User { id: number; username: string; name: string; unitId: number; roles: string[] }
export interface Deadline { due: string; rule: string; basis: string; start: string; paused?: boolean }
export interface MatterSummary {
  id: number; code: string; title: string; status: string; statusLabel: string; unitId: number; unitName: string | null;
  channel: string; purpose: string; categoryCode: string | null; regionCode: string | null; receivedAt: string; nextDue: string | null; petitionCount: number;
}
export interface MatterEvent { seq: number; action: string; label: string; at: string; actorUnitName: string | null; toStatus: string; data: Record<string, unknown> }
export interface Matter extends MatterSummary {
  deadlines: Record<string, Deadline>; petitionIds: number[]; events: MatterEvent[]; allowedActions: string[]; paused: boolean;
}
export interface Petition {
  id: number; code: string; queryCode: string; title: string; content: string; channel: string; receivedAt: string; headcount: number; isGroup: boolean;
  petitioners: { name: string; idNumber: string | null; phone: string | null; address: string | null; isRepresentative: boolean }[];
}
export interface Unit { id: number; code: string; name: string; kind: string; regionCode: string; parentId: number | null }
export interface Category { code: string; name: string; level: number; parentCode: string | null }
export interface Region { code: string; name: string; level: string; parentCode: string | null }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const TOKEN = 'fq.token';
const USER = 'fq.user';
export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  user: (): User | null => { const s = sessionStorage.getItem(USER); return s ? (JSON.parse(s) as User) : null; },
  set(token: string, user: User) { sessionStorage.setItem(TOKEN, token); sessionStorage.setItem(USER, JSON.stringify(user)); },
  clear() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(USER); },
};

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (res.status === 401 && token) { session.clear(); window.location.assign('/admin/login'); }
  if (!res.ok) {
    const e = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, e?.error?.code ?? 'HTTP', e?.error?.message ?? res.statusText);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads a binary answer (the Excel export) with the token, as a file. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, 'HTTP', res.statusText);
  saveBlob(await res.blob(), filename);
}

/** Role helpers: what a page offers follows the roles the server gave at login. */
export const hasRole = (u: User | null, ...roles: string[]) => !!u && u.roles.some((r) => roles.includes(r));

/** Sends a file as multipart/form-data (one `file` field), the attachment endpoints' form. */
export async function upload<T>(path: string, file: File | Blob, name?: string): Promise<T> {
  const form = new FormData();
  form.append('file', file, name ?? (file instanceof File ? file.name : 'file'));
  const res = await fetch(`/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${session.token() ?? ''}` }, body: form });
  if (!res.ok) {
    const e = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, e?.error?.code ?? 'HTTP', e?.error?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

/** A POST whose answer is a file (an issued document): saved under the name the server gives, headers returned. */
export async function postForFile(path: string, body: unknown, fallbackName: string): Promise<Headers> {
  const res = await fetch(`/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${session.token() ?? ''}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) {
    const e = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, e?.error?.code ?? 'HTTP', e?.error?.message ?? res.statusText);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  saveBlob(await res.blob(), m?.[1] ? decodeURIComponent(m[1]) : fallbackName);
  return res.headers;
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = filename; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Text intelligence (issue 7, docs/TEXT.md "API"): the shapes of src/http/routes/text.routes.ts. */
export interface SearchHit { docId: number; kind: string; petitionId: number | null; matterId: number; matterCode: string; receivedAt: string; title: string; snippet: string; score: number }
export interface SearchResult { items: SearchHit[]; total: number; totalEstimated?: boolean }
export interface SearchQuery { q: string; from?: string; to?: string; regionCode?: string; categoryCode?: string; kind?: 'petition' | 'event'; sort?: 'relevance' | 'newest'; page?: number; pageSize?: number }
export interface RelatedPetition { petitionId: number; petitionCode: string; matterId: number; title: string; receivedAt: string; score: number; reasons: { code: string; label: string }[]; status: string }
export interface Suggestion { target: string; label: string; name: string; confidence: number; words: string[]; alternatives: { label: string; name: string; p: number }[] }
export interface PetitionRef { id: number; code: string; title: string; receivedAt: string }
export interface HotTopic { label: string; place: string | null; keywords: string[]; from: string; to: string; size: number; users: number; heat: number; petitions: PetitionRef[] }
export interface Hotspot { regionCode: string | null; categoryCode: string | null; count: number; previous: number; growth: number; heat: number; terms: string[]; petitions: PetitionRef[] }
export interface ReplyCheck { flags: { code: string; label: string }[]; coverage: number; matched: string[] }

export const textApi = {
  search: (q: SearchQuery) => api<SearchResult>(`/text/search${qs({ ...q })}`),
  related: (petitionId: number) => api<{ items: RelatedPetition[] }>(`/text/petitions/${petitionId}/related`),
  decide: (petitionId: number, relatedId: number, decision: 'confirmed' | 'rejected', note?: string) =>
    api<RelatedPetition>(`/text/petitions/${petitionId}/related/${relatedId}`, { method: 'POST', body: { decision, ...(note ? { note } : {}) } }),
  classify: (text: string) => api<{ items: Suggestion[] }>('/text/classify', { method: 'POST', body: { text } }),
  feedback: (petitionId: number, target: 'category' | 'unit', chosen: string, suggested?: string) =>
    api<{ ok: boolean }>('/text/classify/feedback', { method: 'POST', body: { petitionId, target, chosen, ...(suggested ? { suggested } : {}) } }),
  hotspots: (from: string, to: string, limit?: number) => api<{ items: Hotspot[] }>(`/text/hotspots${qs({ from, to, limit })}`),
  topics: (from: string, to: string, limit?: number) => api<{ items: HotTopic[]; petitionsRead: number }>(`/text/hotspots/topics${qs({ from, to, limit })}`),
  replyCheck: (matterId: number, text: string) => api<ReplyCheck>('/text/reply-check', { method: 'POST', body: { matterId, text } }),
};
