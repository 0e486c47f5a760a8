/**
 * The portal's proof-of-work challenge (docs/PORTAL.md "Challenge"): a CAPTCHA-like brake on automated submission
 * and lookup that needs no third party and no sight, hearing or puzzle solving. The client finds a decimal nonce
 * such that sha256(prefix + nonce) has at least `difficulty` leading zero bits.
 *
 * Challenges are stateless: the id carries the prefix, the expiry and the difficulty, signed with an HMAC whose
 * secret is kept in `settings` (one per database, so any server process verifies what another issued). Issuing
 * therefore writes nothing — a flood of GET /public/challenge costs no storage. Only the single use needs a row:
 * a solved challenge's prefix goes into `used_challenges` (primary key), and a second use collides with it.
 */
import '../store/schema-portal.ts';
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Ctx } from './context.ts';
import { isUniqueViolation } from './register-petition.ts';

export const CHALLENGE_TTL_MS = 10 * 60_000;
const SECRET_KEY = 'challengeSecret';

const secrets = new WeakMap<Ctx, Promise<Buffer>>();

/** The signing secret: created once per database (first writer wins), then cached per process. */
function secretOf(ctx: Ctx): Promise<Buffer> {
  let s = secrets.get(ctx);
  if (!s) {
    s = (async () => {
      const db = ctx.store.db;
      await db.insertInto('settings').values({ key: SECRET_KEY, value: crypto.randomBytes(32).toString('base64') })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
      return Buffer.from(row.value, 'base64');
    })();
    s.catch(() => secrets.delete(ctx));
    secrets.set(ctx, s);
  }
  return s;
}

const sign = (secret: Buffer, body: string) => crypto.createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32);

export interface Challenge { id: string; algorithm: 'sha256'; prefix: string; difficulty: number; expiresAt: string }

export async function issueChallenge(ctx: Ctx, difficulty: number): Promise<Challenge> {
  const prefix = crypto.randomBytes(16).toString('hex');
  const expiresAt = new Date(Date.parse(ctx.now()) + CHALLENGE_TTL_MS).toISOString();
  const body = `${prefix}.${Date.parse(expiresAt).toString(36)}.${difficulty}`;
  return { id: `${body}.${sign(await secretOf(ctx), body)}`, algorithm: 'sha256', prefix, difficulty, expiresAt };
}

export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Whether `nonce` solves the challenge with this prefix (exported for clients and tests written in Node). */
export function isSolution(prefix: string, nonce: string, difficulty: number): boolean {
  return leadingZeroBits(crypto.createHash('sha256').update(`${prefix}${nonce}`, 'utf8').digest()) >= difficulty;
}

/** Finds a nonce by brute force: what the portal page does with WebCrypto, here for Node clients and tests. */
export function solveChallenge(c: Pick<Challenge, 'prefix' | 'difficulty'>): string {
  for (let n = 0; ; n++) if (isSolution(c.prefix, String(n), c.difficulty)) return String(n);
}

const INVALID = (why: string) => new DomainError('CHALLENGE_INVALID', `人机验证无效：${why}，请重新获取`);
const ID_SHAPE = /^([0-9a-f]{32})\.([0-9a-z]{1,12})\.(\d{1,2})\.([\w-]{32})$/;

/** Checks an `X-Challenge: <id>:<nonce>` header and spends the challenge; throws CHALLENGE_INVALID (400). */
export async function spendChallenge(ctx: Ctx, header: string): Promise<void> {
  const at = header.lastIndexOf(':');
  const id = header.slice(0, at);
  const nonce = header.slice(at + 1);
  const m = at > 0 ? ID_SHAPE.exec(id) : null;
  if (!m || !/^\d{1,20}$/.test(nonce)) throw INVALID('格式不正确');
  const [, prefix, exp36, bits, sig] = m as unknown as [string, string, string, string, string];
  const expected = sign(await secretOf(ctx), `${prefix}.${exp36}.${bits}`);
  if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) throw INVALID('签名不符');
  const expiresMs = parseInt(exp36, 36);
  const now = ctx.now();
  if (!(expiresMs > Date.parse(now))) throw INVALID('已过期');
  if (!isSolution(prefix, nonce, Number(bits))) throw INVALID('答案不正确');
  const db = ctx.store.db;
  try {
    await db.insertInto('usedChallenges').values({ id: prefix, expiresAt: new Date(expiresMs).toISOString() }).execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw INVALID('已使用过');
    throw e;
  }
  // an expired challenge can no longer be replayed, so its row is no longer needed
  await db.deleteFrom('usedChallenges').where('expiresAt', '<', now).execute();
}
