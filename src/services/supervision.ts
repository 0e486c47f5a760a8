/**
 * 督办 (DOMAIN.md §5, last row): the petition bureau's supervisor watches deadlines and acts on a unit's matter.
 * - reminder 催办: a notice to the holding unit; no answer limit.
 * - order 督办单: a numbered supervision order; the unit answers in writing within 30 days (calendar days, rest-day
 *   roll-forward, from the deadline engine). An unanswered order past its limit is flagged by the deadline sweep.
 * - sendBack 退回重办: a reply judged poor (答复质量不高) is sent back through the lifecycle (action `sendBack`:
 *   replied → accepted, the reply and its evaluation withdrawn, a new handle limit `limits.redo` from the deadline
 *   engine; compare-and-set + audit event like every action); the item then records it with the same due date,
 *   and the unit's new reply is its answer.
 * Each item writes an outbox notification for the unit in the same transaction as the item.
 */
import '../store/schema-supervision.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { computeDue } from '../domain/deadlines.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import { enqueue } from '../store/outbox.repository.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { instant, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export const SUPERVISION_KINDS = ['reminder', 'order', 'sendBack'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];
export const KIND_LABEL: Record<SupervisionKind, string> = { reminder: '催办', order: '督办单', sendBack: '退回重办' };
export const SUPERVISION_ANSWER_DAYS = 30;
export const SUPERVISION_BASIS = '《信访工作条例》第四十一条：督办，被督办单位应当在30日内书面反馈办理结果';

export async function issueSupervision(ctx: Ctx, actor: StaffActor, input: { matterId: number; kind: SupervisionKind; reason: string; at?: string }) {
  if (!(SUPERVISION_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('BAD_INPUT', '督办类型应为 reminder / order / sendBack', { field: 'kind' });
  const at = instant(ctx, input.at);
  const reason = text(input.reason, 'reason', '督办事由', 4000);
  const m = await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const target = num(m.unitId);
  if (target === actor.unitId) throw new DomainError('RULE_VIOLATION', '不能对本单位承办的事项督办');
  // the lifecycle decides whether it may be sent back (state, role, supervising bureau) and changes the matter
  if (input.kind === 'sendBack') await actOnMatter(ctx, actor, input.matterId, 'sendBack', { reason, at });
  const answerDue = input.kind === 'reminder' ? null : computeDue(ctx.calendar(), at, input.kind === 'sendBack' ? ctx.limits.redo : { unit: 'calendarDays', days: SUPERVISION_ANSWER_DAYS }).due;
  return ctx.store.write(async (tx) => {
    let number: string | null = null;
    if (input.kind === 'order') {
      const year = shanghaiDate(at).slice(0, 4);
      const n = await tx.selectFrom('supervisionItems').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'order').where('issuedByUnitId', '=', actor.unitId).where('at', '>=', `${year}-01-01`).executeTakeFirstOrThrow();
      const unit = ctx.org().unit(actor.unitId);
      number = `${unit?.name ?? ''}督〔${year}〕${num(n.n) + 1}号`;
    }
    const r = await tx.insertInto('supervisionItems').values({
      matterId: input.matterId, kind: input.kind, targetUnitId: target, issuedByUnitId: actor.unitId, issuedBy: actor.userId, at, reason, number,
      answerDue, answeredAt: null, answer: null,
    }).returning('id').executeTakeFirstOrThrow();
    const id = num(r.id);
    await enqueue(tx, {
      topic: `supervision.${input.kind}`, unitId: target, dedupeKey: `supervision:${id}`,
      payload: { matterId: input.matterId, matterCode: m.code, kind: input.kind, text: `${KIND_LABEL[input.kind]}：信访事项 ${m.code}${answerDue ? `，请于 ${answerDue} 前书面反馈` : ''}。事由：${reason}` },
    }, ctx.now());
    return { id, number, answerDue };
  });
}

export async function answerSupervision(ctx: Ctx, actor: StaffActor, id: number, input: { answer: string; at?: string }): Promise<{ onTime: boolean | null }> {
  const s = await ctx.store.db.selectFrom('supervisionItems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !scopeOf(ctx, actor).includes(num(s.targetUnitId)) && !scopeOf(ctx, actor).includes(num(s.issuedByUnitId))) throw notFound('督办件');
  if (num(s.targetUnitId) !== actor.unitId) throw new DomainError('FORBIDDEN', '只有被督办单位可以书面反馈');
  if (s.kind === 'reminder') throw new DomainError('RULE_VIOLATION', '催办无需书面反馈');
  if (s.answeredAt) throw new DomainError('INVALID_STATE', '该督办件已反馈');
  const at = instant(ctx, input.at);
  const u = await ctx.store.db.updateTable('supervisionItems').set({ answeredAt: at, answer: text(input.answer, 'answer', '书面反馈') })
    .where('id', '=', id).where('answeredAt', 'is', null).executeTakeFirst();
  if (num(u.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '该督办件刚被他人更新，请刷新');
  return { onTime: s.answerDue ? shanghaiDate(at) <= s.answerDue : null };
}

export async function listSupervision(ctx: Ctx, actor: StaffActor, q: { matterId?: number; open?: boolean } = {}) {
  const scope = scopeOf(ctx, actor);
  let qb = ctx.store.db.selectFrom('supervisionItems').selectAll()
    .where((eb) => eb.or([eb('targetUnitId', 'in', scope), eb('issuedByUnitId', 'in', scope)]));
  if (q.matterId) qb = qb.where('matterId', '=', q.matterId);
  if (q.open) qb = qb.where('answeredAt', 'is', null).where('kind', '<>', 'reminder');
  const today = shanghaiDate(ctx.now());
  return (await qb.orderBy('at', 'desc').orderBy('id', 'desc').limit(500).execute()).map((s) => ({
    id: num(s.id), matterId: num(s.matterId), kind: s.kind, kindLabel: KIND_LABEL[s.kind as SupervisionKind] ?? s.kind,
    targetUnitId: num(s.targetUnitId), issuedByUnitId: num(s.issuedByUnitId), at: s.at, reason: s.reason, number: s.number,
    answerDue: s.answerDue, answeredAt: s.answeredAt, answer: s.answer, overdue: s.answerDue !== null && s.answeredAt === null && today > s.answerDue,
  }));
}
