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

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('base64url');

export class Sessions {
  private readonly cache = new Map<string, { user: SessionUser; until: number; expiresAt: number }>();
  constructor(private readonly ctx: Ctx, private readonly ttlHours: number) {}

  async login(username: string, password: string): Promise<{ token: string; user: SessionUser; expiresAt: string }> {
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
    if (!(await argon2.verify(row.passwordHash, password))) throw refuse();
    const token = crypto.randomBytes(32).toString('base64url');
    const now = Date.parse(this.ctx.now());
    const expiresAt = new Date(now + this.ttlHours * 3_600_000).toISOString();
    await db.insertInto('sessions').values({ tokenHash: sha256(token), userId: num(row.id), createdAt: new Date(now).toISOString(), expiresAt }).execute();
    return { token, user: toSessionUser(row), expiresAt };
  }

  async resolve(token: string): Promise<SessionUser | null> {
    const key = sha256(token);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now && hit.expiresAt > Date.parse(this.ctx.now())) return hit.user;
    const row = await this.ctx.store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .selectAll('users')
      .select('sessions.expiresAt')
      .where('sessions.tokenHash', '=', key)
      .executeTakeFirst();
    if (!row || row.disabled || row.expiresAt <= this.ctx.now()) {
      this.cache.delete(key);
      return null;
    }
    const user = toSessionUser(row);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { user, until: now + SESSION_CACHE_MS, expiresAt: Date.parse(row.expiresAt) });
    return user;
  }

  async logout(token: string): Promise<void> {
    const key = sha256(token);
    this.cache.delete(key);
    await this.ctx.store.db.deleteFrom('sessions').where('tokenHash', '=', key).execute();
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(crypto.randomBytes(16).toString('hex')));

function toSessionUser(r: { id: number; username: string; name: string; unitId: number; roles: string }): SessionUser {
  return { id: num(r.id), username: r.username, name: r.name, unitId: num(r.unitId), roles: JSON.parse(r.roles) as Role[] };
}

export async function addUser(ctx: Ctx, u: { username: string; name: string; unitId: number; roles: Role[]; password: string }, opts: { demo?: boolean; passwordHash?: string } = {}) {
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
  return num(r.id);
}
