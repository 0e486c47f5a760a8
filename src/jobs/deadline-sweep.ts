/**
 * The deadline sweep: warns the holding unit before a running limit passes and marks what is late, plus supervision
 * orders left unanswered past their 30 days. Idempotent: every mark is a row of deadline_alerts with a unique
 * (matter, limit, due, kind) — a second sweep, or a sweep in another server process at the same moment, inserts
 * nothing new and so sends nothing twice (the notification is written to the outbox only when the mark was new,
 * in the same transaction). Paused limits (a hearing or appraisal) are skipped: their clock is not running.
 * The query is indexed on matters.next_due (the earliest running due).
 */
import '../store/schema-supervision.ts';
import { addCalendarDays, shanghaiDate } from '../domain/calendar.ts';
import type { Deadlines } from '../domain/types.ts';
import { num } from '../store/db.ts';
import { enqueue } from '../store/outbox.repository.ts';
import type { Ctx } from '../services/context.ts';

const RUNNING = ['accept', 'objection', 'handle', 'review', 'reReview', 'reportBack'] as const;
const LABEL: Record<string, string> = { accept: '受理（转送交办）', objection: '异议', handle: '办理答复', review: '复查', reReview: '复核', reportBack: '报送办理结果' };

export interface SweepResult { warned: number; overdue: number; supervisionOverdue: number }

export async function sweepDeadlines(ctx: Ctx, opts: { warnDays?: number; batch?: number } = {}): Promise<SweepResult> {
  const now = ctx.now();
  const today = shanghaiDate(now);
  const horizon = addCalendarDays(today, opts.warnDays ?? 3);
  const batch = opts.batch ?? 500;
  const db = ctx.store.db;
  const out: SweepResult = { warned: 0, overdue: 0, supervisionOverdue: 0 };
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('matters').select(['id', 'code', 'unitId', 'deadlines'])
      .where('nextDue', 'is not', null).where('nextDue', '<=', horizon).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (!rows.length) break;
    after = num(rows[rows.length - 1]!.id);
    await ctx.store.write(async (tx) => {
      for (const r of rows) {
        const d = JSON.parse(r.deadlines) as Deadlines;
        for (const name of RUNNING) {
          const dl = d[name];
          if (!dl || dl.paused || dl.due > horizon) continue;
          const kind = dl.due < today ? 'overdue' : 'warning';
          const ins = await tx.insertInto('deadlineAlerts').values({ matterId: num(r.id), deadline: name, due: dl.due, kind, unitId: num(r.unitId), at: now })
            .onConflict((oc) => oc.columns(['matterId', 'deadline', 'due', 'kind']).doNothing()).executeTakeFirst();
          if (num(ins.numInsertedOrUpdatedRows) !== 1) continue;
          if (kind === 'overdue') out.overdue++; else out.warned++;
          await enqueue(tx, {
            topic: `deadline.${kind}`, unitId: num(r.unitId), dedupeKey: `deadline:${r.id}:${name}:${dl.due}:${kind}`,
            payload: { matterId: num(r.id), matterCode: r.code, deadline: name, due: dl.due, text: kind === 'overdue'
              ? `超期：信访事项 ${r.code} 的${LABEL[name] ?? name}期限已于 ${dl.due} 届满` : `预警：信访事项 ${r.code} 的${LABEL[name] ?? name}期限将于 ${dl.due} 届满` },
          }, now);
        }
      }
    });
  }
  const late = await db.selectFrom('supervisionItems').select(['id', 'matterId', 'targetUnitId', 'answerDue', 'number'])
    .where('answeredAt', 'is', null).where('answerDue', 'is not', null).where('answerDue', '<', today).limit(5000).execute();
  if (late.length) {
    await ctx.store.write(async (tx) => {
      for (const s of late) {
        const ins = await tx.insertInto('deadlineAlerts').values({ matterId: num(s.matterId), deadline: `supervision:${s.id}`, due: s.answerDue!, kind: 'overdue', unitId: num(s.targetUnitId), at: now })
          .onConflict((oc) => oc.columns(['matterId', 'deadline', 'due', 'kind']).doNothing()).executeTakeFirst();
        if (num(ins.numInsertedOrUpdatedRows) !== 1) continue;
        out.supervisionOverdue++;
        await enqueue(tx, { topic: 'supervision.overdue', unitId: num(s.targetUnitId), dedupeKey: `supervision-overdue:${s.id}`,
          payload: { matterId: num(s.matterId), text: `督办件${s.number ? ` ${s.number}` : ''}未在 ${s.answerDue} 前书面反馈` } }, now);
      }
    });
  }
  return out;
}
