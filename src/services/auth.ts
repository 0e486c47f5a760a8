/**
 * Accounts and sessions. Passwords are hashed with argon2id; a login token is 32 random bytes whose SHA-256 is
 * stored with its expiry, so a stolen database yields no usable token. Resolved sessions are cached for a few
 * seconds (a logout evicts at once) so that a busy desk does not pay a query per request.
 */
import crypto from 'node:crypto';
import argon2 from 'argon2';
import { DomainError } from '../domain/errors.ts';
import type { Role } from '../domain/types.ts';
import { num } from '../store/db.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../security/totp.ts';
import { recordAudit } from './audit-log.ts';
import type { Ctx } from './context.ts';

export const DEMO_PASSWORD = 'fengqiao-demo';
const SESSION_CACHE_MS = 5_000;

export interface SessionUser {
  id: number;
  username: string;
  name: string;
  unitId: number;
  roles: Role[];
}

export const ROLES: readonly Role[] = ['admin', 'registrar', 'lawyer', 'handler', 'supervisor', 'leader', 'evaluator', 'auditor'];

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** Password policy for accounts created outside demo mode: 等保2.0 asks for strong passwords. */
export function checkPasswordPolicy(password: string): void {
  if (password === DEMO_PASSWORD) throw new DomainError('RULE_VIOLATION', '不能使用演示密码');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 10 || classes < 3) {
    throw new DomainError('RULE_VIOLATION', '密码至少 10 位，且包含大写字母、小写字母、数字、符号中的三类');
  }
}

// one call, no Hash object (crypto.hash: Node 20.12 and later)
const sha256 = crypto.hash
  ? (s: string) => crypto.hash('sha256', s, 'base64url')
  : (s: string) => crypto.createHash('sha256').update(s).digest('base64url');

/** 等保2.0 account rules (defaults; see docs/SECURITY.md). */
export const ACCOUNT_RULES = {
  maxFailedLogins: 5, // then the account locks
  lockMinutes: 15,
  idleMinutes: 30, // a session unused this long ends
  touchEverySeconds: 60, // how often a busy session records that it is in use
};

export interface LoginResult { token: string; user: SessionUser; expiresAt: string }

export class Sessions {
  private readonly cache = new Map<string, { user: SessionUser; until: number; expiresAt: number; lastSeen: number }>();
  private readonly idleMs: number;
  constructor(private readonly ctx: Ctx, private readonly ttlHours: number, idleMinutes = ACCOUNT_RULES.idleMinutes) {
    this.idleMs = idleMinutes * 60_000;
  }

  async login(username: string, password: string, otp?: string): Promise<LoginResult> {
    const { db } = this.ctx.store;
    const refuse = () => new DomainError('UNAUTHENTICATED', '用户名或密码错误');
    if (password === DEMO_PASSWORD && !this.ctx.isDemo()) {
      throw new DomainError('UNAUTHENTICATED', '演示密码只能在演示模式下使用');
    }
    const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row || row.disabled) {
      // spend the same time as a real check, so that timing does not tell which usernames exist
      await argon2.verify(await dummyHash(), password).catch(() => false);
      throw refuse();
    }
    const nowIso = this.ctx.now();
    if (row.lockedUntil && row.lockedUntil > nowIso) {
      throw new DomainError('UNAUTHENTICATED', `连续登录失败次数过多，账号已锁定至 ${row.lockedUntil}`, { lockedUntil: row.lockedUntil });
    }
    if (!(await argon2.verify(row.passwordHash, password))) {
      const failed = num(row.failedLogins) + 1;
      const lock = failed >= ACCOUNT_RULES.maxFailedLogins;
      const lockedUntil = lock ? new Date(Date.parse(nowIso) + ACCOUNT_RULES.lockMinutes * 60_000).toISOString() : null;
      await db.updateTable('users').set({ failedLogins: lock ? 0 : failed, lockedUntil }).where('id', '=', row.id).execute();
      await recordAudit(this.ctx, { actorUserId: null, action: lock ? 'login.locked' : 'login.failed', target: `user:${row.id}`, data: { failed } });
      throw lock ? new DomainError('UNAUTHENTICATED', `连续 ${ACCOUNT_RULES.maxFailedLogins} 次登录失败，账号锁定 ${ACCOUNT_RULES.lockMinutes} 分钟`) : refuse();
    }
    if (row.totpSecretEnc && !row.totpSecretEnc.startsWith('pending:')) {
      if (!otp) throw new DomainError('UNAUTHENTICATED', '请输入动态验证码', { otpRequired: true });
      if (!verifyTotp(this.ctx.pii.decrypt(row.totpSecretEnc), otp, Date.parse(nowIso))) {
        throw new DomainError('UNAUTHENTICATED', '动态验证码错误', { otpRequired: true });
      }
    }
    if (num(row.failedLogins) > 0 || row.lockedUntil) {
      await db.updateTable('users').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', row.id).execute();
    }
    const token = crypto.randomBytes(32).toString('base64url');
    const now = Date.parse(nowIso);
    const expiresAt = new Date(now + this.ttlHours * 3_600_000).toISOString();
    await db.insertInto('sessions').values({ tokenHash: sha256(token), userId: num(row.id), createdAt: nowIso, expiresAt, lastSeenAt: nowIso }).execute();
    return { token, user: toSessionUser(row), expiresAt };
  }

  /**
   * The user behind a token, or null when the token is unknown, expired, idle too long, or logged out everywhere.
   * `touch: false` checks without counting as activity (an open live-update socket must not keep a session alive).
   */
  async resolve(token: string, opts: { touch?: boolean } = {}): Promise<SessionUser | null> {
    const touch = opts.touch !== false;
    const key = sha256(token);
    const nowMs = Date.parse(this.ctx.now());
    const idleMs = this.idleMs;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now() && hit.expiresAt > nowMs && nowMs - hit.lastSeen < idleMs) {
      if (touch && nowMs - hit.lastSeen > ACCOUNT_RULES.touchEverySeconds * 1000) await this.touch(key, hit, nowMs);
      return hit.user;
    }
    const row = await this.ctx.store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .selectAll('users')
      .select(['sessions.expiresAt', 'sessions.lastSeenAt', 'sessions.createdAt as sessionCreatedAt'])
      .where('sessions.tokenHash', '=', key)
      .executeTakeFirst();
    const lastSeen = row ? Date.parse(row.lastSeenAt ?? row.sessionCreatedAt) : 0;
    if (!row || row.disabled || Date.parse(row.expiresAt) <= nowMs || nowMs - lastSeen >= idleMs ||
      (row.sessionsValidAfter && row.sessionCreatedAt < row.sessionsValidAfter)) {
      this.cache.delete(key);
      return null;
    }
    const user = toSessionUser(row);
    if (this.cache.size > 10_000) this.cache.clear();
    const entry = { user, until: Date.now() + SESSION_CACHE_MS, expiresAt: Date.parse(row.expiresAt), lastSeen };
    this.cache.set(key, entry);
    if (touch && nowMs - lastSeen > ACCOUNT_RULES.touchEverySeconds * 1000) await this.touch(key, entry, nowMs);
    return user;
  }

  private async touch(key: string, entry: { lastSeen: number }, nowMs: number) {
    entry.lastSeen = nowMs;
    await this.ctx.store.db.updateTable('sessions').set({ lastSeenAt: new Date(nowMs).toISOString() }).where('tokenHash', '=', key).execute();
  }

  async logout(token: string): Promise<void> {
    const key = sha256(token);
    this.cache.delete(key);
    await this.ctx.store.db.deleteFrom('sessions').where('tokenHash', '=', key).execute();
  }

  /** Ends every session of the user, on every server process (the cutoff is checked when a cache entry renews). */
  async logoutEverywhere(userId: number): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.store.db.updateTable('users').set({ sessionsValidAfter: now }).where('id', '=', userId).execute();
    await this.ctx.store.db.deleteFrom('sessions').where('userId', '=', userId).execute();
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
    await recordAudit(this.ctx, { actorUserId: userId, action: 'logout.everywhere', target: `user:${userId}` });
  }

  /** Starts TOTP enrolment: a new secret, stored encrypted, active once confirmed with a code. */
  async totpSetup(userId: number, username: string): Promise<{ secret: string; otpauthUrl: string }> {
    const row = await this.ctx.store.db.selectFrom('users').select('totpSecretEnc').where('id', '=', userId).executeTakeFirstOrThrow();
    if (row.totpSecretEnc && !row.totpSecretEnc.startsWith('pending:')) throw new DomainError('RULE_VIOLATION', '已启用动态验证码');
    const secret = newTotpSecret();
    // kept (encrypted) as pending until a code confirms the user's app has it, so any server process can confirm
    await this.ctx.store.db.updateTable('users').set({ totpSecretEnc: `pending:${this.ctx.pii.encrypt(secret)}` }).where('id', '=', userId).execute();
    return { secret, otpauthUrl: otpauthUrl(secret, username) };
  }

  async totpEnable(userId: number, code: string): Promise<void> {
    const row = await this.ctx.store.db.selectFrom('users').select('totpSecretEnc').where('id', '=', userId).executeTakeFirstOrThrow();
    if (!row.totpSecretEnc?.startsWith('pending:')) throw new DomainError('RULE_VIOLATION', '请先生成动态验证码密钥');
    const secret = this.ctx.pii.decrypt(row.totpSecretEnc.slice('pending:'.length));
    if (!verifyTotp(secret, code, Date.parse(this.ctx.now()))) throw new DomainError('RULE_VIOLATION', '动态验证码错误');
    await this.ctx.store.db.updateTable('users').set({ totpSecretEnc: this.ctx.pii.encrypt(secret) }).where('id', '=', userId).execute();
    await recordAudit(this.ctx, { actorUserId: userId, action: 'totp.enable', target: `user:${userId}` });
  }

  async changePassword(userId: number, current: string, next: string): Promise<void> {
    const row = await this.ctx.store.db.selectFrom('users').select(['passwordHash']).where('id', '=', userId).executeTakeFirstOrThrow();
    if (!(await argon2.verify(row.passwordHash, current))) throw new DomainError('RULE_VIOLATION', '当前密码不正确');
    checkPasswordPolicy(next);
    await this.ctx.store.db.updateTable('users').set({ passwordHash: await hashPassword(next) }).where('id', '=', userId).execute();
    await this.logoutEverywhere(userId);
    await recordAudit(this.ctx, { actorUserId: userId, action: 'password.change', target: `user:${userId}` });
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(crypto.randomBytes(16).toString('hex')));

function toSessionUser(r: { id: number; username: string; name: string; unitId: number; roles: string }): SessionUser {
  return { id: num(r.id), username: r.username, name: r.name, unitId: num(r.unitId), roles: JSON.parse(r.roles) as Role[] };
}

export async function addUser(ctx: Ctx, u: { username: string; name: string; unitId: number; roles: Role[]; password: string }, opts: { demo?: boolean; passwordHash?: string; actorUserId?: number | null } = {}) {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(u.username)) throw new DomainError('BAD_INPUT', '用户名只能包含小写字母、数字、点、下划线和连字符', { field: 'username' });
  if (!ctx.org().unit(u.unitId)) throw new DomainError('BAD_INPUT', `单位 ${u.unitId} 不存在`, { field: 'unitId' });
  const bad = u.roles.filter((r) => !ROLES.includes(r));
  if (bad.length || u.roles.length === 0) throw new DomainError('BAD_INPUT', `角色无效：${bad.join(',') || '(空)'}`, { field: 'roles' });
  if (!opts.demo) checkPasswordPolicy(u.password);
  const passwordHash = opts.passwordHash ?? (await hashPassword(u.password));
  const exists = await ctx.store.db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
  if (exists) throw new DomainError('CONFLICT', `用户名 ${u.username} 已存在`);
  const r = await ctx.store.db
    .insertInto('users')
    .values({ username: u.username, name: u.name, unitId: u.unitId, roles: JSON.stringify(u.roles), passwordHash, createdAt: ctx.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!opts.demo) await recordAudit(ctx, { actorUserId: opts.actorUserId ?? null, action: 'user.add', target: `user:${num(r.id)}`, data: { username: u.username, unitId: u.unitId, roles: u.roles } });
  return num(r.id);
}
