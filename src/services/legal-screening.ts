/**
 * 访前法律工作室 (DOMAIN.md §7.7): lawyers on duty screen visitors before registration and point matters that have a
 * legal channel to it (诉访分离); they also log case consultations (会商), trainings and case discussions, and write
 * legal opinion letters (法律意见书, .docx).
 *
 * For scenario generators: `recordScreening`, `recordLegalActivity` and `recordLegalOpinion` are plain functions
 * (ctx, actor, input) → { id }; the actor's unit is the office's unit (a petition bureau) and decides the region
 * the record is counted in. Times default to now and may be dated back (never forward).
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { isDiversion, LEGAL_ACTIVITY_KINDS, LEGAL_FINDING_LABELS, LEGAL_FINDINGS, type LegalActivityKind, type LegalFinding } from '../domain/resolution.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { chineseDate, officialDocx } from './resolution-documents.ts';
import { count, instant, json, parse, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface ScreeningInput {
  at?: string;
  visitorName: string;
  /** people in the visit (a group counts each person: the report counts 人次) */
  headcount?: number;
  question: string;
  finding: LegalFinding;
  advice?: string;
  /** whether a registration form (登记表) was filled in */
  registrationForm?: boolean;
  lawyerName?: string;
  /** the petition registered after screening, when there was one */
  petitionId?: number;
}

/** Records one screening. A finding other than `petition` is a diversion (诉访分离) and is counted as such. */
export async function recordScreening(ctx: Ctx, actor: StaffActor, input: ScreeningInput): Promise<{ id: number; diverted: boolean }> {
  if (!(LEGAL_FINDINGS as readonly string[]).includes(input.finding)) throw new DomainError('BAD_INPUT', '甄别结论不正确', { field: 'finding' });
  const at = instant(ctx, input.at);
  const row = {
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at,
    visitorName: text(input.visitorName, 'visitorName', '来访人姓名', 100), headcount: count(input.headcount ?? 1, 'headcount', '来访人数', 1),
    question: text(input.question, 'question', '咨询问题'), finding: input.finding, advice: input.advice?.trim() || null,
    registrationForm: input.registrationForm ? 1 : 0, lawyerName: input.lawyerName?.trim() || null, petitionId: input.petitionId ?? null,
  };
  const r = await ctx.store.db.insertInto('legalScreenings').values(row).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id), diverted: isDiversion(input.finding) };
}

export interface LegalActivityInput {
  at?: string;
  kind: LegalActivityKind;
  title: string;
  participants: string[];
  matterId?: number;
  summary?: string;
}

/** Logs a case consultation (会商), a training (培训) or a case discussion (案件讨论) with its participants. */
export async function recordLegalActivity(ctx: Ctx, actor: StaffActor, input: LegalActivityInput): Promise<{ id: number }> {
  if (!(LEGAL_ACTIVITY_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('BAD_INPUT', '活动类型不正确', { field: 'kind' });
  const participants = (input.participants ?? []).map((p) => p.trim()).filter(Boolean);
  if (!participants.length) throw new DomainError('BAD_INPUT', '参加人员不能为空', { field: 'participants' });
  if (input.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const r = await ctx.store.db.insertInto('legalActivities').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    kind: input.kind, title: text(input.title, 'title', '主题', 200), participants: json(participants), matterId: input.matterId ?? null,
    summary: input.summary?.trim() || null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export interface LegalOpinionInput {
  at?: string;
  title: string;
  addressee: string;
  facts: string;
  opinion: string;
  lawyerName: string;
  screeningId?: number;
  matterId?: number;
}

/** Records a legal opinion letter (法律意见书); `legalOpinionDocx` renders it. */
export async function recordLegalOpinion(ctx: Ctx, actor: StaffActor, input: LegalOpinionInput): Promise<{ id: number }> {
  if (input.matterId !== undefined) await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  if (input.screeningId !== undefined) {
    const s = await ctx.store.db.selectFrom('legalScreenings').select('id').where('id', '=', input.screeningId).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
    if (!s) throw notFound('甄别记录');
  }
  const r = await ctx.store.db.insertInto('legalOpinions').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    title: text(input.title, 'title', '标题', 200), addressee: text(input.addressee, 'addressee', '致送对象', 200),
    facts: text(input.facts, 'facts', '基本事实'), opinion: text(input.opinion, 'opinion', '法律意见'),
    lawyerName: text(input.lawyerName, 'lawyerName', '律师姓名', 100), screeningId: input.screeningId ?? null, matterId: input.matterId ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

export async function listScreenings(ctx: Ctx, actor: StaffActor, q: { page?: number; pageSize?: number } = {}) {
  const size = Math.min(q.pageSize ?? 20, 200);
  const base = ctx.store.db.selectFrom('legalScreenings').where('unitId', 'in', scopeOf(ctx, actor));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(size).offset(((q.page ?? 1) - 1) * size).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: num(total.n),
    items: rows.map((r) => ({
      id: num(r.id), at: r.at, unitId: num(r.unitId), visitorName: r.visitorName, headcount: num(r.headcount), question: r.question,
      finding: r.finding, findingLabel: LEGAL_FINDING_LABELS[r.finding as LegalFinding] ?? r.finding, diverted: isDiversion(r.finding as LegalFinding),
      advice: r.advice, registrationForm: num(r.registrationForm) === 1, lawyerName: r.lawyerName, petitionId: r.petitionId === null ? null : num(r.petitionId),
    })),
  };
}

export async function listLegalActivities(ctx: Ctx, actor: StaffActor) {
  const rows = await ctx.store.db.selectFrom('legalActivities').selectAll().where('unitId', 'in', scopeOf(ctx, actor)).orderBy('at', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: num(r.id), at: r.at, kind: r.kind, title: r.title, participants: parse<string[]>(r.participants) ?? [], matterId: r.matterId === null ? null : num(r.matterId), summary: r.summary }));
}

/** The opinion letter as .docx; a letter outside the actor's scope is not found. */
export async function legalOpinionDocx(ctx: Ctx, actor: StaffActor, id: number): Promise<{ filename: string; body: Buffer }> {
  const r = await ctx.store.db.selectFrom('legalOpinions').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!r) throw notFound('法律意见书');
  const unit = ctx.org().unit(num(r.unitId));
  const body = await officialDocx({
    title: '法律意见书',
    number: `（${r.at.slice(0, 4)}）访前法意字第 ${num(r.id)} 号`,
    sections: [
      { paragraphs: [`${r.addressee}：`] },
      { heading: `一、事由`, paragraphs: [r.title] },
      { heading: '二、基本事实', paragraphs: [r.facts] },
      { heading: '三、法律意见', paragraphs: [r.opinion] },
      { paragraphs: ['本意见书依据来访人陈述及现有材料出具，仅供参考；如有新的事实和证据，意见可能相应变化。'] },
    ],
    signature: [`${unit?.name ?? ''}访前法律工作室`, `值班律师：${r.lawyerName}`, chineseDate(r.at)],
  });
  return { filename: `法律意见书-${num(r.id)}.docx`, body };
}
