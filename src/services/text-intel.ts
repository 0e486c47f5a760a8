/**
 * Classification and routing suggestions, hotspots, and the reply-quality check (issue 7).
 * The classifier is trained on the deployment's own handled matters (`fengqiao train`), with staff corrections
 * (text_feedback) taking precedence over the recorded label; the newest model per target is used.
 */
import { DomainError } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc, visibleTo } from '../store/matter.repository.ts';
import '../store/schema-text.ts';
import { predict, train, type NbModel, type Prediction } from '../text/classifier.ts';
import { checkReply } from '../text/reply-quality.ts';
import { features } from '../text/tokenize.ts';
import { topics } from '../text/topics.ts';
import type { Ctx } from './context.ts';

export type Target = 'category' | 'unit';
const models = new Map<string, { id: number; model: NbModel }>();

/** A training reads at most this many handled petitions, the newest: what the bureau handles now, in bounded memory. */
export const TRAIN_LIMIT = 50_000;

/** Trains both models from handled matters (the newest `TRAIN_LIMIT`); returns how many examples each used. */
export async function trainModels(ctx: Ctx): Promise<Record<Target, number>> {
  const db = ctx.store.db;
  const rows = await db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId')
    .select(['petitions.id', 'petitions.title', 'petitions.content', 'matters.categoryCode', 'matters.unitId', 'matters.routedAt'])
    .where('matters.status', '!=', 'registered').orderBy('petitions.id', 'desc').limit(TRAIN_LIMIT).execute();
  const fb = await db.selectFrom('textFeedback').select(['petitionId', 'target', 'chosen']).orderBy('id').execute();
  const corrected = new Map(fb.map((f) => [`${f.target}:${num(f.petitionId)}`, f.chosen]));
  const out = { category: 0, unit: 0 } as Record<Target, number>;
  for (const target of ['category', 'unit'] as Target[]) {
    const docs = rows.map((r) => {
      const fixed = corrected.get(`${target}:${num(r.id)}`);
      const label = fixed ?? (target === 'category' ? (r.categoryCode ? r.categoryCode.slice(0, 2) : null) : r.routedAt ? String(num(r.unitId)) : null);
      return label ? { text: `${r.title} ${r.content}`, label } : null;
    }).filter((d): d is { text: string; label: string } => d !== null);
    out[target] = docs.length;
    if (new Set(docs.map((d) => d.label)).size < 2) continue;
    const model = train(docs, { minDf: docs.length > 2000 ? 2 : 1, epochs: docs.length > 2000 ? 6 : 20 });
    await ctx.store.write(async (tx) => {
      await tx.insertInto('textModels').values({ target, createdAt: ctx.now(), trainedOn: docs.length, model: JSON.stringify(model) }).execute();
    });
    models.delete(target);
  }
  return out;
}

async function model(ctx: Ctx, target: Target) {
  const latest = await ctx.store.db.selectFrom('textModels').select('id').where('target', '=', target).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest) return null;
  const cached = models.get(target);
  if (cached && cached.id === num(latest.id)) return cached.model;
  const row = await ctx.store.db.selectFrom('textModels').select('model').where('id', '=', latest.id).executeTakeFirstOrThrow();
  const m = JSON.parse(row.model) as NbModel;
  models.set(target, { id: num(latest.id), model: m });
  return m;
}

export interface Suggestion { target: Target; label: string; name: string; confidence: number; words: string[]; alternatives: { label: string; name: string; p: number }[] }

export async function suggest(ctx: Ctx, text: string): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  for (const target of ['category', 'unit'] as Target[]) {
    const m = await model(ctx, target);
    if (!m) continue;
    const p: Prediction = predict(m, text);
    const name = async (label: string) => target === 'unit'
      ? ctx.org().units.find((u) => u.id === Number(label))?.name ?? label
      : (await ctx.store.db.selectFrom('categories').select('name').where('code', '=', label).executeTakeFirst())?.name ?? label;
    out.push({
      target, label: p.label, name: await name(p.label), confidence: Math.round(p.confidence * 1000) / 1000, words: p.words,
      alternatives: await Promise.all(p.ranking.slice(1, 3).map(async (r) => ({ label: r.label, name: await name(r.label), p: Math.round(r.p * 1000) / 1000 }))),
    });
  }
  if (!out.length) throw new DomainError('INVALID_STATE', '尚未训练分类模型：请管理员先运行训练（fengqiao train 或 POST /text/train）');
  return out;
}

/** Staff accept or correct a suggestion; the choice feeds the next training. */
export async function recordFeedback(ctx: Ctx, actor: { userId: number }, petitionId: number, target: Target, suggested: string | null, chosen: string) {
  await ctx.store.write(async (tx) => {
    await tx.insertInto('textFeedback').values({ petitionId, target, suggested, chosen, userId: actor.userId, at: ctx.now() }).execute();
  });
}

/**
 * Hotspots: (region, first-level category) groups whose petition count in the window rose most against the
 * previous window of the same length, with their most frequent bigrams and the petitions behind them.
 */
export async function hotspots(ctx: Ctx, viewer: { unitId: number }, f: { from: string; to: string; limit?: number }) {
  const start = dayStartUtc(f.from), end = nextDayStartUtc(f.to);
  const span = Date.parse(end) - Date.parse(start);
  if (!(span > 0)) throw new DomainError('BAD_INPUT', '时间窗口无效');
  const prevStart = new Date(Date.parse(start) - span).toISOString();
  const rows = await ctx.store.db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
    .select(['petitions.id', 'petitions.code', 'petitions.title', 'petitions.content', 'petitions.regionCode', 'petitions.categoryCode', 'petitions.receivedAt'])
    .where('petitions.receivedAt', '>=', prevStart).where('petitions.receivedAt', '<', end).limit(50000).execute();
  const groups = new Map<string, { regionCode: string | null; categoryCode: string | null; now: typeof rows; before: number }>();
  for (const r of rows) {
    const key = `${r.regionCode ?? ''}|${r.categoryCode?.slice(0, 2) ?? ''}`;
    const g = groups.get(key) ?? { regionCode: r.regionCode, categoryCode: r.categoryCode?.slice(0, 2) ?? null, now: [], before: 0 };
    if (r.receivedAt >= start) g.now.push(r); else g.before++;
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.now.length > 0).map((g) => {
    const counts = new Map<string, number>();
    for (const r of g.now) for (const w of new Set(features(`${r.title}${r.content}`))) counts.set(w, (counts.get(w) ?? 0) + 1);
    const terms = [...counts.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([w]) => w);
    const growth = (g.now.length + 1) / (g.before + 1);
    return {
      regionCode: g.regionCode, categoryCode: g.categoryCode, count: g.now.length, previous: g.before,
      growth: Math.round(growth * 100) / 100, heat: Math.round(g.now.length * Math.log2(1 + growth) * 100) / 100, terms,
      petitions: g.now.slice(0, 20).map((r) => ({ id: num(r.id), code: r.code, title: r.title, receivedAt: r.receivedAt })),
    };
  }).sort((a, b) => b.heat - a.heat).slice(0, f.limit ?? 10);
}

/** How many petitions of a window `hotspotTopics` clusters: the newest, a bounded amount of work per request. */
export const TOPIC_PETITIONS = 2000;

/**
 * Hotspot topics (重点突出信访事项) of a window: the window's newest `TOPIC_PETITIONS` petitions grouped by place
 * and problem (text/topics.ts) and ranked by heat — distinct petitioners (first petitioner's ID number or phone
 * hash, else name), time concentration — each with the petitions behind it.
 */
export async function hotspotTopics(ctx: Ctx, viewer: { unitId: number }, f: { from: string; to: string; limit?: number }) {
  const start = dayStartUtc(f.from), end = nextDayStartUtc(f.to);
  if (!(Date.parse(end) > Date.parse(start))) throw new DomainError('BAD_INPUT', '时间窗口无效');
  const rows = await ctx.store.db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
    .leftJoin('petitioners', (j) => j.onRef('petitioners.petitionId', '=', 'petitions.id').on('petitioners.position', '=', 1))
    .select(['petitions.id', 'petitions.code', 'petitions.title', 'petitions.content', 'petitions.regionCode', 'petitions.receivedAt', 'petitioners.idHash', 'petitioners.phoneHash', 'petitioners.name'])
    .where('petitions.receivedAt', '>=', start).where('petitions.receivedAt', '<', end)
    .orderBy('petitions.receivedAt', 'desc').limit(TOPIC_PETITIONS).execute();
  const byId = new Map(rows.map((r) => [String(num(r.id)), r]));
  const codes = [...new Set(rows.flatMap((r) => (r.regionCode ? [r.regionCode] : [])))];
  const names = new Map(codes.length ? (await ctx.store.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map((r) => [r.code, r.name]) : []);
  const found = topics(rows.map((r) => ({
    id: String(num(r.id)), title: r.title, text: r.content, at: r.receivedAt,
    user: r.idHash ?? r.phoneHash ?? r.name ?? undefined, region: (r.regionCode && names.get(r.regionCode)) || undefined,
  })), { limit: f.limit ?? 10 });
  return {
    petitionsRead: rows.length,
    items: found.map((t) => ({
      label: t.label, place: t.place, keywords: t.keywords, from: t.from, to: t.to, size: t.size, users: t.users, heat: Math.round(t.heat * 100) / 100,
      petitions: t.ids.slice(-20).reverse().map((id) => { const r = byId.get(id)!; return { id: num(r.id), code: r.code, title: r.title, receivedAt: r.receivedAt }; }),
    })),
  };
}

export function replyQuality(petitionText: string, reply: string) {
  return checkReply(petitionText, reply);
}

export async function replyQualityForMatter(ctx: Ctx, viewer: { unitId: number }, matterId: number, reply: string) {
  const rows = await ctx.store.db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), viewer))
    .select(['petitions.title', 'petitions.content']).where('petitions.matterId', '=', matterId).execute();
  if (!rows.length) throw new DomainError('NOT_FOUND', '信访事项不存在');
  return checkReply(rows.map((r) => `${r.title} ${r.content}`).join('\n'), reply);
}
