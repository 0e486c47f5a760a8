/**
 * 人民调解室 / 访调对接 (DOMAIN.md §7.11): a matter that is a civil dispute is referred to mediation first; the
 * mediator holds sessions; an agreement (调解协议书, .docx) is signed; it is fulfilled or it fails.
 *
 * When the agreement is fulfilled the matter closes through the lifecycle's `close` action where the state allows
 * (replied, reviewed or declined, after the petitioner's review window). Where it does not — typically the matter
 * is still `accepted`: the unit must first reply (the agreement is the reply's content) — the outcome is recorded,
 * `matterClosed` stays false and `closeNote` says why; the matter then follows its ordinary course.
 *
 * For scenario generators: `referToMediation(ctx, actor, input)` → { id }, `recordMediationSession`,
 * `recordAgreement`, `recordFulfilled` → { matterClosed, closeNote }, `recordMediationFailed`.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { chineseDate, officialDocx } from './resolution-documents.ts';
import { instant, json, parse, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export interface MediationParty { name: string; side: 'applicant' | 'respondent'; address?: string }

export async function referToMediation(ctx: Ctx, actor: StaffActor, input: { matterId: number; mediator: string; parties: MediationParty[]; dispute?: string; at?: string }): Promise<{ id: number }> {
  const m = await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  if (['closed', 'terminated'].includes(m.status)) throw new DomainError('INVALID_STATE', '已办结或终结的事项不能转人民调解');
  const parties = (input.parties ?? []).map((p) => ({ name: (p.name ?? '').trim(), side: p.side, ...(p.address?.trim() ? { address: p.address.trim() } : {}) }));
  if (!parties.some((p) => p.side === 'applicant') || !parties.some((p) => p.side === 'respondent') || parties.some((p) => !p.name || !['applicant', 'respondent'].includes(p.side))) {
    throw new DomainError('BAD_INPUT', '调解当事人须包括申请人和被申请人，且姓名不能为空', { field: 'parties' });
  }
  const open = await ctx.store.db.selectFrom('mediations').select('id').where('matterId', '=', input.matterId).where('status', 'in', ['referred', 'agreed']).executeTakeFirst();
  if (open) throw new DomainError('RULE_VIOLATION', '该事项正在调解中');
  const r = await ctx.store.db.insertInto('mediations').values({
    unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), recordedBy: actor.userId, recordedAt: ctx.now(), at: instant(ctx, input.at),
    matterId: input.matterId, mediator: text(input.mediator, 'mediator', '调解员', 100), parties: json(parties), status: 'referred',
    agreementAt: null, agreementTerms: null, dispute: input.dispute?.trim() || m.title, fulfilledAt: null, failedAt: null, failureReason: null, matterClosed: 0, closeNote: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

async function own(ctx: Ctx, actor: StaffActor, id: number) {
  const r = await ctx.store.db.selectFrom('mediations').selectAll().where('id', '=', id).where('unitId', 'in', scopeOf(ctx, actor)).executeTakeFirst();
  if (!r) throw notFound('调解案件');
  return r;
}

async function move(ctx: Ctx, id: number, from: string, set: Record<string, unknown>): Promise<void> {
  const upd = await ctx.store.db.updateTable('mediations').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(upd.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该调解案件刚被他人更新，请刷新');
}

export async function recordMediationSession(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string; note: string }): Promise<{ id: number }> {
  const m = await own(ctx, actor, id);
  if (m.status !== 'referred') throw new DomainError('INVALID_STATE', '只有调解中的案件可以登记调解过程');
  const r = await ctx.store.db.insertInto('mediationSessions').values({ mediationId: id, at: instant(ctx, input.at), note: text(input.note, 'note', '调解情况'), recordedBy: actor.userId })
    .returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

/** 调解协议书: the terms both parties signed. */
export async function recordAgreement(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string; terms: string }): Promise<void> {
  const m = await own(ctx, actor, id);
  if (m.status !== 'referred') throw new DomainError('INVALID_STATE', '只有调解中的案件可以达成协议');
  await move(ctx, id, 'referred', { status: 'agreed', agreementAt: instant(ctx, input.at), agreementTerms: text(input.terms, 'terms', '协议内容') });
}

/** The agreement was carried out: the matter closes through the lifecycle where its state allows (see above). */
export async function recordFulfilled(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string } = {}): Promise<{ matterClosed: boolean; closeNote: string | null }> {
  const m = await own(ctx, actor, id);
  if (m.status !== 'agreed') throw new DomainError('INVALID_STATE', '尚未达成调解协议');
  const at = instant(ctx, input.at);
  let matterClosed = false;
  let closeNote: string | null = null;
  try {
    await actOnMatter(ctx, actor, num(m.matterId), 'close', { at });
    matterClosed = true;
  } catch (e) {
    if (!(e instanceof DomainError) || e.code === 'INTERNAL') throw e;
    closeNote = `调解协议已履行，信访事项未能自动办结：${e.message}`;
  }
  await move(ctx, id, 'agreed', { status: 'fulfilled', fulfilledAt: at, matterClosed: matterClosed ? 1 : 0, closeNote });
  return { matterClosed, closeNote };
}

export async function recordMediationFailed(ctx: Ctx, actor: StaffActor, id: number, input: { at?: string; reason: string }): Promise<void> {
  const m = await own(ctx, actor, id);
  if (m.status !== 'referred' && m.status !== 'agreed') throw new DomainError('INVALID_STATE', '该调解案件已结束');
  await move(ctx, id, m.status, { status: 'failed', failedAt: instant(ctx, input.at), failureReason: text(input.reason, 'reason', '未成功原因') });
}

function view(r: Awaited<ReturnType<typeof own>>, sessions: { id: number; at: string; note: string }[]) {
  return {
    id: num(r.id), at: r.at, matterId: num(r.matterId), unitId: num(r.unitId), mediator: r.mediator, parties: parse<MediationParty[]>(r.parties) ?? [],
    dispute: r.dispute, status: r.status, agreementAt: r.agreementAt, agreementTerms: r.agreementTerms, fulfilledAt: r.fulfilledAt, failedAt: r.failedAt,
    failureReason: r.failureReason, matterClosed: num(r.matterClosed) === 1, closeNote: r.closeNote, sessions,
  };
}

export async function getMediation(ctx: Ctx, actor: StaffActor, id: number) {
  const r = await own(ctx, actor, id);
  const s = await ctx.store.db.selectFrom('mediationSessions').selectAll().where('mediationId', '=', id).orderBy('at').execute();
  return view(r, s.map((x) => ({ id: num(x.id), at: x.at, note: x.note })));
}

export async function listMediations(ctx: Ctx, actor: StaffActor, q: { matterId?: number } = {}) {
  let query = ctx.store.db.selectFrom('mediations').selectAll().where('unitId', 'in', scopeOf(ctx, actor));
  if (q.matterId !== undefined) query = query.where('matterId', '=', q.matterId);
  const rows = await query.orderBy('id', 'desc').limit(500).execute();
  return rows.map((r) => view(r, []));
}

export async function mediationAgreementDocx(ctx: Ctx, actor: StaffActor, id: number): Promise<{ filename: string; body: Buffer }> {
  const r = await own(ctx, actor, id);
  if (!r.agreementTerms || !r.agreementAt) throw new DomainError('INVALID_STATE', '尚未达成调解协议');
  const parties = parse<MediationParty[]>(r.parties) ?? [];
  const line = (p: MediationParty) => `${p.side === 'applicant' ? '申请人' : '被申请人'}：${p.name}${p.address ? `，住址：${p.address}` : ''}`;
  const unit = ctx.org().unit(num(r.unitId));
  const body = await officialDocx({
    title: '人民调解协议书',
    number: `（${r.agreementAt.slice(0, 4)}）访调字第 ${num(r.id)} 号`,
    sections: [
      { heading: '当事人', paragraphs: parties.map(line) },
      { heading: '纠纷简要情况', paragraphs: [r.dispute ?? ''] },
      { heading: '经调解，自愿达成如下协议', paragraphs: [r.agreementTerms] },
      { paragraphs: ['本协议经双方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章后生效。本协议一式三份，双方当事人、人民调解委员会各执一份。'] },
    ],
    signature: ['当事人（签名）：____________    ____________', `人民调解员：${r.mediator}`, `${unit?.name ?? ''}人民调解室`, chineseDate(r.agreementAt)],
  });
  return { filename: `调解协议书-${num(r.id)}.docx`, body };
}
