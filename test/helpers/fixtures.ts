/**
 * A ready platform for a test: a fresh store with Foshan's units and the demo users (no demo matters), a
 * settable clock, the HTTP app, and short helpers to log in and to build matters in a given state.
 */
import pino from 'pino';
import { buildApp, type App } from '../../src/http/app.ts';
import { Pii } from '../../src/security/pii.ts';
import { addUser, DEMO_PASSWORD, hashPassword } from '../../src/services/auth.ts';
import { createCtx, type Ctx } from '../../src/services/context.ts';
import { seedBase } from '../../src/services/seed.ts';
import { demoUsers } from '../../src/org/foshan.ts';
import type { DialectName } from '../../src/store/db.ts';
import { freshStore, type TestStore } from './db.ts';

export class Clock {
  constructor(public iso: string) {}
  now = () => this.iso;
  set(iso: string) { this.iso = new Date(iso).toISOString(); }
}

let demoHash: Promise<string> | undefined;

export interface Platform {
  store: TestStore;
  ctx: Ctx;
  clock: Clock;
  app: App;
  unitId(key: string): number;
  userId(username: string): number;
  close(): Promise<void>;
}

export async function platform(dialect: DialectName, opts: { now?: string; rateLimit?: boolean; file?: boolean } = {}): Promise<Platform> {
  const store = await freshStore(dialect, { file: opts.file });
  const clock = new Clock(new Date(opts.now ?? '2019-12-31T04:00:00Z').toISOString());
  const ctx = await createCtx({ store, pii: new Pii(Pii.generateKeys()), log: pino({ level: 'silent' }), now: clock.now });
  await seedBase(ctx);
  const units = await store.db.selectFrom('units').select(['id', 'key']).execute();
  const unitIds = new Map(units.map((u) => [u.key, Number(u.id)]));
  const hash = await (demoHash ??= hashPassword(DEMO_PASSWORD));
  const userIds = new Map<string, number>();
  for (const u of demoUsers()) {
    userIds.set(u.username, await addUser(ctx, { username: u.username, name: u.name, unitId: unitIds.get(u.unitKey)!, roles: u.roles, password: DEMO_PASSWORD }, { demo: true, passwordHash: hash }));
  }
  await store.db.insertInto('settings').values({ key: 'demoMode', value: '1' }).execute();
  await ctx.reload();
  // sessions outlive the tests' clock jumps (months at a time); expiry itself is tested on its own
  const app = await buildApp({ ctx, logger: false, rateLimit: opts.rateLimit ?? false, tokenTtlHours: 24 * 365 * 50, idleMinutes: 60 * 24 * 365 * 50 });
  return {
    store, ctx, clock, app,
    unitId: (key) => { const id = unitIds.get(key); if (id === undefined) throw new Error(`no unit ${key}`); return id; },
    userId: (name) => { const id = userIds.get(name); if (id === undefined) throw new Error(`no user ${name}`); return id; },
    async close() { await app.close(); await store.drop(); },
  };
}

/** Logs in through the API and returns a function that calls it as that user. */
export async function as(p: Platform, username: string) {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const { token } = res.json() as { token: string };
  return async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const r = await p.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload: payload as never });
    const isJson = String(r.headers['content-type'] ?? '').includes('json');
    return { status: r.statusCode, body: r.body ? (isJson ? (r.json() as any) : r.body) : undefined };
  };
}

/** A valid GB 11643 number for tests, from a region code, a birth date and a sequence. */
export { idChecksumChar } from '../../src/domain/id-number.ts';
export function idNumber(region = '440606', birth = '19800101', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  return `${first17}${checksum(first17)}`;
}
import { idChecksumChar as checksum } from '../../src/domain/id-number.ts';
