/**
 * The challenge of docs/PORTAL.md: fetched and solved in the background as soon as a form opens, so that a
 * protected call (SMS code, upload, submission, lookup) usually finds a solution ready. Each solution is single
 * use: taking one starts the next. A server without the challenge (404) simply gets calls without the header.
 */
import { solve } from './pow.ts';

interface Challenge { id: string; algorithm: string; prefix: string; difficulty: number; expiresAt: string }
interface Solved { header: string; expiresAt: number }

function solveInWorker(prefix: string, difficulty: number): Promise<string> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(solve(prefix, difficulty));
      return;
    }
    worker.onmessage = (e: MessageEvent<{ nonce: string }>) => { worker.terminate(); resolve(e.data.nonce); };
    worker.onerror = () => { worker.terminate(); resolve(solve(prefix, difficulty)); };
    worker.postMessage({ prefix, difficulty });
  });
}

async function fetchAndSolve(): Promise<Solved | null> {
  let res: Response;
  try {
    res = await fetch('/api/v1/public/challenge', { headers: { accept: 'application/json' } });
  } catch {
    return null;
  }
  if (!res.ok) return null; // not served here (404) or limited: the call goes without and the server decides
  const c = (await res.json().catch(() => null)) as Challenge | null;
  if (c?.algorithm !== 'sha256' || typeof c.prefix !== 'string' || !Number.isInteger(c.difficulty)) return null;
  const nonce = await solveInWorker(c.prefix, c.difficulty);
  return { header: `${c.id}:${nonce}`, expiresAt: Date.parse(c.expiresAt) };
}

let next: Promise<Solved | null> | null = null;

/** Starts solving a challenge if none is ready or under way (call when a form opens). */
export function prepareChallenge(): void {
  next ??= fetchAndSolve();
}

/** A solved challenge for the X-Challenge header (null when the server has none). The promise is claimed at
 * once, so two calls at the same moment never share one (single-use) solution; the next starts solving now. */
export async function takeChallenge(): Promise<string | null> {
  prepareChallenge();
  const mine = next!;
  next = fetchAndSolve();
  let solved = await mine;
  if (solved && solved.expiresAt - Date.now() < 15_000) {
    const fresh = next;
    next = fetchAndSolve();
    solved = await fresh;
  }
  return solved?.header ?? null;
}
