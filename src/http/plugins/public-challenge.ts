/**
 * The adaptive challenge on the protected public routes (docs/PORTAL.md "Challenge"). A client address may make a
 * few calls per route and hour without a solved challenge (FENGQIAO_PUBLIC_FREE_PER_HOUR, default 5); past that —
 * or always, with FENGQIAO_PUBLIC_STRICT=1 — the route answers 429 CHALLENGE_REQUIRED until the call carries
 * `X-Challenge: <id>:<nonce>`. A header that is present is always checked (400 CHALLENGE_INVALID when wrong or spent).
 *
 * The free-call counter is per process and in memory: it is a brake, not an account; the challenge's single use is
 * in the database and holds across processes. Where the app runs without rate limits (tests of other behaviour,
 * benchmarks) the free calls are unlimited unless FENGQIAO_PUBLIC_FREE_PER_HOUR is set; strict mode still applies.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { spendChallenge } from '../../services/public-challenge.ts';
import type { App } from '../app.ts';

export interface PublicProtection {
  strict: boolean;
  freeCallsPerHour: number;
  difficulty: number;
}

export function publicProtection(app: App, env: NodeJS.ProcessEnv = process.env): PublicProtection {
  const limited = app.hasDecorator('rateLimit');
  const free = env.FENGQIAO_PUBLIC_FREE_PER_HOUR;
  const bits = Number(env.FENGQIAO_CHALLENGE_BITS ?? 16);
  return {
    strict: env.FENGQIAO_PUBLIC_STRICT === '1',
    freeCallsPerHour: free !== undefined && free !== '' ? Math.max(0, Number(free) || 0) : limited ? 5 : Infinity,
    difficulty: Number.isInteger(bits) && bits >= 1 && bits <= 32 ? bits : 16,
  };
}

/** Fixed one-hour windows per key; old windows are pruned when the map grows. */
class HourlyCounter {
  private readonly windows = new Map<string, { start: number; n: number }>();
  constructor(private readonly max: number) {}
  /** true when the key may make one more call in this window (and counts it) */
  take(key: string, now = Date.now()): boolean {
    if (this.max === Infinity) return true;
    let w = this.windows.get(key);
    if (!w || now - w.start >= 3_600_000) {
      if (this.windows.size > 50_000) for (const [k, v] of this.windows) if (now - v.start >= 3_600_000) this.windows.delete(k);
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n >= this.max) return false;
    w.n++;
    return true;
  }
}

/** A preHandler for one protected route. */
export function challengeGate(app: App, route: string, protection: PublicProtection) {
  const counter = new HourlyCounter(protection.freeCallsPerHour);
  return async (req: FastifyRequest) => {
    const raw = req.headers['x-challenge'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (header) {
      await spendChallenge(app.fq.ctx, header);
      return;
    }
    if (!protection.strict && counter.take(`${route}|${req.ip}`)) return;
    throw new DomainError('CHALLENGE_REQUIRED', '请先完成人机验证后重试', { challenge: '/api/v1/public/challenge' });
  };
}
