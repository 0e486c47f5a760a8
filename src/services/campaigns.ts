/**
 * 信访矛盾化解攻坚专项行动 (DOMAIN.md §7.3): a campaign has batches (国专件 / 省专件, first and second batch), the
 * matters in each batch, and reporting nodes with the deadlines the province sets. A case reports at a node
 * (材料上报) and is completed (办结申报). The status board says, per batch and node, how many reported on time,
 * late, or are still missing after the deadline.
 */
import '../store/schema-supervision.ts';
import { isValidDate, shanghaiDate } from '../domain/calendar.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import { dayStartUtc, nextDayStartUtc } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import { instant, regionOf, scopeOf, text, visibleMatter, type StaffActor } from './resolution-support.ts';

export const BATCH_SOURCES = ['state', 'province'] as const; // 国专件, 省专件

export async function createCampaign(ctx: Ctx, actor: StaffActor, input: { name: string; startedOn: string; batches: { name: string; source: string; nodes: { name: string; dueDate: string }[] }[] }) {
  if (!isValidDate(input.startedOn)) throw new DomainError('BAD_INPUT', 'startedOn 不是有效日期', { field: 'startedOn' });
  for (const b of input.batches) {
    if (!(BATCH_SOURCES as readonly string[]).includes(b.source)) throw new DomainError('BAD_INPUT', '批次来源应为 state（国专件）或 province（省专件）', { field: 'source' });
    for (const n of b.nodes) if (!isValidDate(n.dueDate)) throw new DomainError('BAD_INPUT', '节点期限不是有效日期', { field: 'dueDate' });
  }
  return ctx.store.write(async (tx) => {
    const c = await tx.insertInto('campaigns').values({ name: text(input.name, 'name', '专项行动名称', 200), unitId: actor.unitId, regionCode: regionOf(ctx, actor.unitId), startedOn: input.startedOn, recordedAt: ctx.now() })
      .returning('id').executeTakeFirstOrThrow();
    const batches: { id: number; name: string; nodeIds: number[] }[] = [];
    let seq = 0;
    for (const b of input.batches) {
      const br = await tx.insertInto('campaignBatches').values({ campaignId: num(c.id), name: text(b.name, 'name', '批次名称', 200), source: b.source, seq: ++seq }).returning('id').executeTakeFirstOrThrow();
      const nodeIds: number[] = [];
      for (const n of b.nodes) {
        const nr = await tx.insertInto('campaignNodes').values({ batchId: num(br.id), name: text(n.name, 'name', '节点名称', 200), dueDate: n.dueDate }).returning('id').executeTakeFirstOrThrow();
        nodeIds.push(num(nr.id));
      }
      batches.push({ id: num(br.id), name: b.name, nodeIds });
    }
    return { id: num(c.id), batches };
  });
}

async function batchOf(ctx: Ctx, actor: StaffActor, batchId: number) {
  const b = await ctx.store.db.selectFrom('campaignBatches').innerJoin('campaigns', 'campaigns.id', 'campaignBatches.campaignId')
    .select(['campaignBatches.id', 'campaigns.unitId']).where('campaignBatches.id', '=', batchId).executeTakeFirst();
  if (!b || !scopeOf(ctx, actor).includes(num(b.unitId))) throw notFound('专项行动批次');
  return b;
}

export async function addCampaignCase(ctx: Ctx, actor: StaffActor, batchId: number, input: { matterId: number; at?: string }): Promise<{ id: number }> {
  await batchOf(ctx, actor, batchId);
  await visibleMatter(ctx, ctx.store.db, actor, input.matterId);
  const dup = await ctx.store.db.selectFrom('campaignCases').select('id').where('batchId', '=', batchId).where('matterId', '=', input.matterId).executeTakeFirst();
  if (dup) throw new DomainError('RULE_VIOLATION', '该事项已在本批次中');
  const r = await ctx.store.db.insertInto('campaignCases').values({ batchId, matterId: input.matterId, addedAt: instant(ctx, input.at), completedAt: null }).returning('id').executeTakeFirstOrThrow();
  return { id: num(r.id) };
}

async function caseOf(ctx: Ctx, actor: StaffActor, caseId: number) {
  const c = await ctx.store.db.selectFrom('campaignCases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound('专项行动案件');
  await batchOf(ctx, actor, num(c.batchId));
  return c;
}

/** 材料上报 at a reporting node (once per node and case). */
export async function reportCampaignNode(ctx: Ctx, actor: StaffActor, caseId: number, input: { nodeId: number; at?: string; note?: string }): Promise<void> {
  const c = await caseOf(ctx, actor, caseId);
  const node = await ctx.store.db.selectFrom('campaignNodes').selectAll().where('id', '=', input.nodeId).where('batchId', '=', c.batchId).executeTakeFirst();
  if (!node) throw notFound('上报节点');
  const done = await ctx.store.db.selectFrom('campaignReports').select('id').where('nodeId', '=', input.nodeId).where('caseId', '=', caseId).executeTakeFirst();
  if (done) throw new DomainError('RULE_VIOLATION', '该节点已上报');
  await ctx.store.db.insertInto('campaignReports').values({ nodeId: input.nodeId, caseId, at: instant(ctx, input.at), note: input.note?.trim() || null, recordedBy: actor.userId }).execute();
}

/** 办结申报. */
export async function completeCampaignCase(ctx: Ctx, actor: StaffActor, caseId: number, input: { at?: string }): Promise<void> {
  const c = await caseOf(ctx, actor, caseId);
  if (c.completedAt) throw new DomainError('INVALID_STATE', '该案件已申报办结');
  await ctx.store.db.updateTable('campaignCases').set({ completedAt: instant(ctx, input.at) }).where('id', '=', caseId).where('completedAt', 'is', null).execute();
}

export interface CampaignBoard {
  id: number; name: string; startedOn: string; cases: number; completed: number;
  batches: { id: number; name: string; source: string; cases: number; completed: number;
    nodes: { id: number; name: string; dueDate: string; reportedOnTime: number; reportedLate: number; missing: number; overdue: boolean }[] }[];
}

/** The status board, as of a date (default today). */
export async function campaignBoard(ctx: Ctx, actor: StaffActor | null, id: number, asOf?: string): Promise<CampaignBoard> {
  const db = ctx.store.db;
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || (actor && !scopeOf(ctx, actor).includes(num(c.unitId)))) throw notFound('专项行动');
  const today = asOf ?? shanghaiDate(ctx.now());
  const end = nextDayStartUtc(today);
  const batches = await db.selectFrom('campaignBatches').selectAll().where('campaignId', '=', id).orderBy('seq').execute();
  const out: CampaignBoard['batches'] = [];
  for (const b of batches) {
    const cases = await db.selectFrom('campaignCases').select(['id', 'completedAt']).where('batchId', '=', b.id).where('addedAt', '<', end).execute();
    const nodes = await db.selectFrom('campaignNodes').selectAll().where('batchId', '=', b.id).orderBy('dueDate').execute();
    const nodeOut = [];
    for (const n of nodes) {
      const inBoard = new Set(cases.map((x) => num(x.id)));
      const reps = (await db.selectFrom('campaignReports').select(['caseId', 'at']).where('nodeId', '=', n.id).where('at', '<', end).execute()).filter((r) => inBoard.has(num(r.caseId)));
      const dueEnd = nextDayStartUtc(n.dueDate);
      const onTime = reps.filter((r) => r.at < dueEnd).length;
      const overdue = today > n.dueDate;
      nodeOut.push({ id: num(n.id), name: n.name, dueDate: n.dueDate, reportedOnTime: onTime, reportedLate: reps.length - onTime, missing: overdue ? cases.length - reps.length : 0, overdue });
    }
    out.push({ id: num(b.id), name: b.name, source: b.source, cases: cases.length, completed: cases.filter((x) => x.completedAt !== null && x.completedAt < end).length, nodes: nodeOut });
  }
  return { id: num(c.id), name: c.name, startedOn: c.startedOn, cases: out.reduce((s, b) => s + b.cases, 0), completed: out.reduce((s, b) => s + b.completed, 0), batches: out };
}

export async function listCampaigns(ctx: Ctx, actor: StaffActor) {
  const rows = await ctx.store.db.selectFrom('campaigns').selectAll().where('unitId', 'in', scopeOf(ctx, actor)).orderBy('startedOn', 'desc').execute();
  return rows.map((r) => ({ id: num(r.id), name: r.name, startedOn: r.startedOn, unitId: num(r.unitId) }));
}

/** Campaign cases (all batches) added in a period, and those completed by its end: what the annual report counts. */
export async function campaignFigures(ctx: Ctx, q: { from: string; to: string; regionCode?: string }) {
  const db = ctx.store.db;
  const lo = dayStartUtc(q.from), hi = nextDayStartUtc(q.to);
  let qb = db.selectFrom('campaignCases').innerJoin('campaignBatches', 'campaignBatches.id', 'campaignCases.batchId')
    .innerJoin('campaigns', 'campaigns.id', 'campaignBatches.campaignId')
    .where('campaignCases.addedAt', '>=', lo).where('campaignCases.addedAt', '<', hi);
  if (q.regionCode) qb = qb.where('campaigns.regionCode', 'like', `${q.regionCode.replace(/(00)+$/, '')}%`);
  const rows = await qb.select(['campaignBatches.name as batch', 'campaignBatches.source', 'campaignCases.id', 'campaignCases.completedAt']).execute();
  const reports = rows.length
    ? await db.selectFrom('campaignReports').innerJoin('campaignNodes', 'campaignNodes.id', 'campaignReports.nodeId')
      .select(['campaignReports.caseId', 'campaignReports.at', 'campaignNodes.dueDate']).where('campaignReports.caseId', 'in', rows.map((r) => num(r.id))).execute()
    : [];
  const late = new Set(reports.filter((r) => r.at >= nextDayStartUtc(r.dueDate)).map((r) => num(r.caseId)));
  const batches = [...new Set(rows.map((r) => r.batch))];
  return {
    cases: rows.length,
    completed: rows.filter((r) => r.completedAt !== null && r.completedAt < hi).length,
    reportedAllOnTime: rows.filter((r) => !late.has(num(r.id)) && reports.some((x) => num(x.caseId) === num(r.id))).length,
    batches,
  };
}
