/**
 * Base data (Foshan's regions and units, the category dictionary) and the demo: the API.md users and a few
 * hundred matters in every state, made by driving the real use cases with back-dated times — so the demo's
 * timelines, deadlines and audit chains are exactly what real work would leave.
 */
import { addCalendarDays, shanghaiDate } from '../domain/calendar.ts';
import { CATEGORIES } from '../domain/categories.ts';
import { DomainError } from '../domain/errors.ts';
import type { Action, MatterStatus } from '../domain/types.ts';
import { demoPetition, seededRng, type Rng } from '../demo/corpus.ts';
import { demoUsers, foshanRegions, foshanUnits, type UnitSeed } from '../org/foshan.ts';
import { num } from '../store/db.ts';
import { actOnMatter, type ActingUser } from './act-on-matter.ts';
import { createArticle, setArticlePublished } from './articles.ts';
import { planReception, publishReception } from './reception-schedule.ts';
import { addUser, DEMO_PASSWORD, hashPassword } from './auth.ts';
import type { Ctx } from './context.ts';
import { registerPetition } from './register-petition.ts';

export async function seedBase(ctx: Ctx): Promise<{ units: number }> {
  const db = ctx.store.db;
  const have = await db.selectFrom('units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (num(have.n) > 0) return { units: 0 };
  const units = foshanUnits();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('regions').values(foshanRegions()).execute();
    for (let i = 0; i < CATEGORIES.length; i += 200) {
      await tx.insertInto('categories').values(CATEGORIES.slice(i, i + 200).map((c) => ({ ...c }))).execute();
    }
    const ids = new Map<string, number>();
    // parents first: insert in tree order
    const pending = [...units];
    while (pending.length) {
      const before = pending.length;
      for (let i = 0; i < pending.length; ) {
        const u = pending[i]!;
        if (u.parentKey !== null && !ids.has(u.parentKey)) { i++; continue; }
        const r = await tx.insertInto('units').values({
          key: u.key, code: u.code, name: u.name, kind: u.kind, regionCode: u.regionCode,
          parentId: u.parentKey === null ? null : ids.get(u.parentKey)!, dept: u.dept ?? null,
        }).returning('id').executeTakeFirstOrThrow();
        ids.set(u.key, num(r.id));
        pending.splice(i, 1);
      }
      if (pending.length === before) throw new Error(`units with unknown parents: ${pending.map((u) => u.key).join(', ')}`);
    }
  });
  await ctx.reload();
  return { units: units.length };
}

interface DemoActor extends ActingUser { userId: number; unitId: number }

export interface DemoSummary { users: number; matters: number; byStatus: Record<string, number> }

/** Final states the demo spreads its matters over, with weights. */
const TARGETS: [MatterStatus, number][] = [
  ['registered', 8], ['routed', 10], ['accepted', 16], ['declined', 6], ['replied', 14],
  ['underReview', 5], ['reviewed', 5], ['underReReview', 3], ['terminated', 3], ['closed', 30],
];

const DEMO_ARTICLES = [
  { kind: 'notice' as const, title: '关于市领导接访日安排的公告', html: '<p>市信访局每个工作日安排市领导在人民来访接待厅接待群众来访。群众可通过本网站“预约接访”提前预约，也可到接待厅取号排队。</p><p>地址：佛山市禅城区人民来访接待厅。</p>' },
  { kind: 'policy' as const, title: '《信访工作条例》要点解读', html: '<h2>依法逐级走访</h2><p>信访人采用走访形式提出信访事项的，应当到有权处理的本级或者上一级机关设立或者指定的接待场所提出。</p><h2>办理时限</h2><ul><li>受理：收到之日起15日内告知是否受理；</li><li>办理：自受理之日起60日内办结，情况复杂的可延长不超过30日。</li></ul>' },
  { kind: 'news' as const, title: '访前法律工作室为群众提供免费法律咨询', html: '<p>市人民来访接待厅设立访前法律工作室，由执业律师值班，引导群众通过诉讼、仲裁、行政复议等法定途径解决诉求。</p>' },
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)]!;
}

function pickWeighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [v, w] of items) { if ((x -= w) < 0) return v; }
  return items[items.length - 1]![0];
}

export async function seedDemo(ctx: Ctx, opts: { matters?: number; seed?: number } = {}): Promise<DemoSummary> {
  await seedBase(ctx);
  const db = ctx.store.db;
  const units = await db.selectFrom('units').select(['id', 'key']).execute();
  const unitId = new Map(units.map((u) => [u.key, num(u.id)]));
  const hash = await hashPassword(DEMO_PASSWORD); // one hash for every demo account: they share the password anyway
  const actors = new Map<number, DemoActor>(); // unit id → a handler of that unit
  let userCount = 0;
  const add = async (username: string, name: string, key: string, roles: DemoActor['roles']) => {
    const uid = unitId.get(key);
    if (uid === undefined) throw new Error(`demo user ${username}: unknown unit ${key}`);
    const id = await addUser(ctx, { username, name, unitId: uid, roles: roles as never, password: DEMO_PASSWORD }, { demo: true, passwordHash: hash });
    userCount++;
    if (roles.includes('handler') && !actors.has(uid)) actors.set(uid, { userId: id, unitId: uid, roles });
    return { userId: id, unitId: uid, roles };
  };
  const byName = new Map<string, DemoActor>();
  for (const u of demoUsers()) byName.set(u.username, await add(u.username, u.name, u.unitKey, u.roles));
  // every other responsible unit gets one handler account, so that every step has a named person behind it
  for (const u of foshanUnits()) {
    if (u.kind === 'bureau' || actors.has(unitId.get(u.key)!)) continue;
    await add(`${u.key}.handler`, `${u.name}经办人`, u.key, ['handler']);
  }
  await db.insertInto('settings').values({ key: 'demoMode', value: '1' }).execute();
  await ctx.reload();

  const rng = seededRng(opts.seed ?? 20191128);
  const count = opts.matters ?? 300;
  const registrar = byName.get('city.registrar')!;
  const cityHandler = byName.get('city.handler')!;
  const unitsByKey = new Map(foshanUnits().map((u) => [u.key, u] as [string, UnitSeed]));
  const nowMs = Date.parse(ctx.now());
  const byStatus: Record<string, number> = {};
  let made = 0;

  for (let i = 0; i < count; i++) {
    const draft = demoPetition(rng);
    const target = pickWeighted(rng, TARGETS);
    // one in three registered at the district's own bureau, the rest at the city reception hall
    const atDistrict = rng.next() < 0.35;
    const registering = atDistrict ? byName.get(`${draft.districtSlug}.handler`)! : registrar;
    const router = atDistrict ? registering : cityHandler;
    const start = nowMs - Math.floor(rng.next() * 320 + 2) * 86_400_000 - Math.floor(rng.next() * 8 * 3_600_000);
    let t = start;
    const later = (minDays: number, maxDays: number) => {
      t += Math.floor((minDays + rng.next() * (maxDays - minDays)) * 86_400_000);
      return t < nowMs ? new Date(t).toISOString() : null;
    };
    const respondentUnit = draft.respondentUnitKey ? unitId.get(draft.respondentUnitKey) : undefined;
    const reg = await registerPetition(ctx, registering, {
      channel: draft.channel,
      receivedAt: new Date(start).toISOString(),
      petitioners: draft.petitioners,
      headcount: draft.headcount,
      title: draft.title,
      content: draft.content,
      purpose: draft.purpose,
      categoryCode: draft.categoryCode,
      regionCode: draft.townCode,
      address: draft.address,
      respondent: draft.respondentName || respondentUnit ? { unitId: draft.purpose === 'accusation' ? respondentUnit : undefined, name: draft.respondentName } : undefined,
    });
    made++;
    if (reg.isRepeat || target === 'registered') continue;

    const step = async (actor: ActingUser, action: Action, params: Record<string, unknown>, at: string | null) => {
      if (!at) return false;
      await actOnMatter(ctx, actor, reg.matterId, action, { ...params, at });
      return true;
    };
    // route to the responsible unit: the district's line department, or the town, or the city's department
    const candidates = [`${draft.districtSlug}.${draft.suggestedDept}`, `city.${draft.suggestedDept}`, `${draft.districtSlug}.town.${draft.townCode}`]
      .filter((k) => unitsByKey.has(k) && unitId.get(k) !== respondentUnit);
    const handlerUnitKey = candidates[0] ?? `${draft.districtSlug}.bureau`;
    const handlerUnit = unitId.get(handlerUnitKey)!;
    const handler = actors.get(handlerUnit) ?? router;
    const citizen: ActingUser = { userId: null, unitId: null, roles: ['citizen'] };

    if (target === 'declined' && rng.next() < 0.5) {
      await step(router, 'decline', { reason: '属于诉讼程序解决的事项', channelGuidance: '请依法向人民法院提起诉讼' }, later(1, 10));
      continue;
    }
    if (!(await step(router, rng.next() < 0.7 ? 'transfer' : 'assign', { unitId: handlerUnit }, later(0.2, 14)))) continue;
    if (target === 'routed') continue;
    if (target === 'declined') {
      await step(handler, 'decline', { reason: '不属于本机关法定职权范围', channelGuidance: '请向有管辖权的机关提出' }, later(1, 12));
      continue;
    }
    if (!(await step(handler, 'accept', {}, later(1, 18)))) continue;
    if (rng.next() < 0.12) await step(handler, 'extend', { days: pick(rng, [10, 15, 30]), reason: '案情复杂，需进一步调查核实' }, later(20, 50));
    if (target === 'accepted') continue;
    const outcome = pick(rng, ['support', 'explain', 'explain', 'reject'] as const);
    const replyText = outcome === 'support' ? '经调查核实，您反映的问题属实，已责成有关单位限期整改。' : outcome === 'explain' ? '经调查核实，现将有关政策规定解释如下，请予理解。' : '经调查核实，您的诉求缺乏事实和法律依据，不予支持。';
    if (!(await step(handler, 'reply', { outcome, text: replyText }, later(10, 70)))) continue;
    // the petitioner's steps fall inside their 30-day windows, counted from the step they answer
    const repliedAt = t;
    const within = (from: number, minDays: number, maxDays: number) => {
      t = from + Math.floor((minDays + rng.next() * (maxDays - minDays)) * 86_400_000);
      return t < nowMs ? new Date(t).toISOString() : null;
    };
    if (rng.next() < 0.7) {
      const result = outcome === 'support' ? pick(rng, ['satisfied', 'satisfied', 'basicallySatisfied'] as const) : pick(rng, ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const);
      await step(citizen, 'evaluate', { result }, within(repliedAt, 1, 12));
    }
    if (target === 'replied') continue;
    if (target === 'closed') {
      // 办结 once the petitioner's review window has passed: 30 days, or more when its end rolls over a holiday
      // (a reply in early September has its window end after National Day)
      const m = await db.selectFrom('matters').select('deadlines').where('id', '=', reg.matterId).executeTakeFirstOrThrow();
      const due = (JSON.parse(m.deadlines) as Record<string, { due: string }>).reviewRequest?.due;
      const windowEnd = due ? Date.parse(`${due}T16:00:00Z`) : repliedAt; // the end of that day in Asia/Shanghai
      await step(handler, 'close', {}, within(Math.max(repliedAt + 32 * 86_400_000, windowEnd + 3_600_000), 0, 13));
      continue;
    }
    if (!(await step(citizen, 'requestReview', {}, within(repliedAt, 13, 28)))) continue;
    if (target === 'underReview') continue;
    const matter = await db.selectFrom('matters').select('reviewUnitId').where('id', '=', reg.matterId).executeTakeFirstOrThrow();
    const reviewer = actors.get(num(matter.reviewUnitId)) ?? cityHandler;
    if (!(await step(reviewer, 'decideReview', { decision: pick(rng, ['uphold', 'uphold', 'revise'] as const), text: '经复查，原处理意见认定事实清楚，适用法律正确，予以维持。' }, later(5, 28)))) continue;
    if (target === 'reviewed') continue;
    if (!(await step(citizen, 'requestReReview', {}, within(t, 1, 25)))) continue;
    if (target === 'underReReview') continue;
    const m2 = await db.selectFrom('matters').select('reviewUnitId').where('id', '=', reg.matterId).executeTakeFirstOrThrow();
    const reReviewer = actors.get(num(m2.reviewUnitId)) ?? cityHandler;
    await step(reReviewer, 'decideReReview', { decision: 'uphold', text: '经复核，维持复查意见。本信访事项终结。' }, later(5, 28));
  }
  // the portal's home page: a notice, a policy and a news item, published by the city bureau
  const editor = byName.get('city.supervisor') ?? cityHandler;
  for (const a of DEMO_ARTICLES) {
    const created = await createArticle(ctx, editor, a);
    await setArticlePublished(ctx, created.id, true);
  }
  // the leaders' reception days of the next two weeks, published, so that 预约接访 has slots to book; a day the
  // holiday schedule does not know yet (the turn of a year before it is entered) is left out, never an error
  const bureauActor = { userId: cityHandler.userId, unitId: unitId.get('city.bureau')!, roles: ['handler' as const] };
  const today = shanghaiDate(ctx.now());
  for (let d = 1; d <= 14; d++) {
    try {
      const day = await planReception(ctx, bureauActor, { kind: 'reception', leaderName: d % 2 ? '吴小庆' : '梁志华', leaderTitle: d % 2 ? '市信访局局长' : '市信访局副局长',
        date: addCalendarDays(today, d), place: '佛山市人民来访接待厅', start: '09:00', end: '11:00', slotMinutes: 30, perSlot: 3 });
      await publishReception(ctx, bureauActor, day.id);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e; // a rest day, or beyond the known schedule
    }
  }
  const rows = await db.selectFrom('matters').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  for (const r of rows) byStatus[r.status] = num(r.n);
  return { users: userCount, matters: made, byStatus };
}
