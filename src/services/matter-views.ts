/**
 * What staff read: one matter, one petition, lists. Personal data leaves here masked only (DOMAIN.md §8).
 */
import type { ExpressionBuilder } from 'kysely';
import '../store/schema-portal.ts';
import { filterByText, type TextPage } from '../store/text-list.ts';
import { catchUp, REQUEST_CATCH_UP } from './text-search.ts';
import { notFound } from '../domain/errors.ts';
import { allowedActions, TRANSITION_BY_ACTION, type LifecycleActor } from '../domain/lifecycle.ts';
import type { Action, Deadlines, MatterStatus } from '../domain/types.ts';
import { bool, countRows, num } from '../store/db.ts';
import {
  findMatterRow, listMatters, matterEvents, matterPetitionIds, scopeReading, toMatterState, visibleTo,
  dayStartUtc, nextDayStartUtc, type MatterFilter,
} from '../store/matter.repository.ts';
import type { Database, EventRow, MatterRow } from '../store/schema.ts';
import type { Ctx } from './context.ts';

export const EVENT_LABELS: Record<string, string> = { register: '登记', linkPetition: '重复信访关联' };
export function eventLabel(action: string): string {
  return EVENT_LABELS[action] ?? TRANSITION_BY_ACTION.get(action as Action)?.label ?? action;
}

export const STATUS_LABELS: Record<MatterStatus, string> = {
  registered: '已登记', routed: '已转交办', accepted: '已受理', declined: '不予受理', replied: '已答复',
  underReview: '复查中', reviewed: '已复查', underReReview: '复核中', terminated: '已终结', closed: '已办结',
};

export function eventView(ctx: Ctx, e: EventRow) {
  const unit = e.actorUnitId === null ? undefined : ctx.org().unit(num(e.actorUnitId));
  return {
    seq: num(e.seq),
    action: e.action,
    label: eventLabel(e.action),
    at: e.at,
    recordedAt: e.recordedAt,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorUserId: e.actorUserId === null ? null : num(e.actorUserId),
    actorUnitId: e.actorUnitId === null ? null : num(e.actorUnitId),
    actorUnitName: unit?.name ?? null,
    data: JSON.parse(e.data) as Record<string, unknown>,
    hash: e.hash,
  };
}

export function matterSummary(ctx: Ctx, r: MatterRow) {
  const org = ctx.org();
  return {
    id: num(r.id),
    code: r.code,
    title: r.title,
    status: r.status as MatterStatus,
    statusLabel: STATUS_LABELS[r.status as MatterStatus],
    unitId: num(r.unitId),
    unitName: org.unit(num(r.unitId))?.name ?? null,
    channel: r.channel,
    purpose: r.purpose,
    handlingClass: r.handlingClass,
    categoryCode: r.categoryCode,
    regionCode: r.regionCode,
    receivedAt: r.receivedAt,
    registeredAt: r.registeredAt,
    nextDue: r.nextDue,
    petitionCount: num(r.petitionCount),
    evaluation: r.evaluation,
    outcome: r.outcome,
  };
}

export async function getMatterView(ctx: Ctx, actor: LifecycleActor & { unitId: number }, id: number) {
  const db = ctx.store.db;
  const row = await findMatterRow(db, id, ctx.org(), actor);
  if (!row) throw notFound('信访事项');
  const [events, petitionIds] = await Promise.all([matterEvents(db, id), matterPetitionIds(db, id)]);
  const m = toMatterState(row);
  return {
    ...matterSummary(ctx, row),
    version: m.version,
    registeringUnitId: m.registeringUnitId,
    routedByUnitId: m.routedByUnitId,
    reviewUnitId: m.reviewUnitId,
    accusedUnitId: m.accusedUnitId,
    deadlines: m.deadlines,
    paused: m.pausedAt !== null,
    extendedDays: m.extendedDays,
    petitionIds,
    events: events.map((e) => eventView(ctx, e)),
    allowedActions: allowedActions(m, actor, ctx.org()),
  };
}

export async function listMattersView(ctx: Ctx, actor: { unitId: number }, f: MatterFilter) {
  if (f.q) await catchUp(ctx, REQUEST_CATCH_UP); // replies written since the last search become searchable
  const { rows, total, estimated } = await listMatters(ctx.store.db, ctx.org(), actor, f);
  return { items: rows.map((r) => matterSummary(ctx, r)), total, ...(estimated ? { totalEstimated: true } : {}) };
}

export async function getPetitionView(ctx: Ctx, actor: { unitId: number }, id: number) {
  const db = ctx.store.db;
  const p = await db
    .selectFrom('petitions')
    .innerJoin('matters', 'matters.id', 'petitions.matterId')
    .selectAll('petitions')
    .select(['matters.status', 'matters.deadlines'])
    .where('petitions.id', '=', id)
    .where(visibleTo(ctx.org(), actor))
    .executeTakeFirst();
  if (!p) throw notFound('信访件');
  const people = await db.selectFrom('petitioners').selectAll().where('petitionId', '=', id).orderBy('position').execute();
  const events = await matterEvents(db, num(p.matterId));
  return {
    id: num(p.id),
    code: p.code,
    queryCode: p.queryCode,
    matterId: num(p.matterId),
    status: p.status as MatterStatus,
    channel: p.channel,
    receivedAt: p.receivedAt,
    registeredAt: p.registeredAt,
    title: p.title,
    content: p.content,
    purpose: p.purpose,
    handlingClass: p.handlingClass,
    categoryCode: p.categoryCode,
    regionCode: p.regionCode,
    address: p.address,
    headcount: num(p.headcount),
    isGroup: bool(p.isGroup),
    isRepeat: bool(p.isRepeat),
    flags: JSON.parse(p.flags) as string[],
    respondentUnitId: p.respondentUnitId === null ? null : num(p.respondentUnitId),
    respondentName: p.respondentName,
    petitioners: people.map((x) => ({
      name: x.name,
      idNumber: x.idMasked,
      phone: x.phoneMasked,
      address: x.address,
      isRepresentative: bool(x.isRepresentative),
      phoneVerified: bool(x.phoneVerified),
    })),
    deadlines: JSON.parse(p.deadlines) as Deadlines,
    events: events.map((e) => eventView(ctx, e)),
  };
}

/** The petition list's filters on the petition itself (channel, date of registration). */
function petitionFilters(f: MatterFilter) {
  return (eb: ExpressionBuilder<Database, 'petitions'>) => eb.and([
    ...(f.channel ? [eb('petitions.channel', '=', f.channel)] : []),
    ...(f.from ? [eb('petitions.registeredAt', '>=', dayStartUtc(f.from))] : []),
    ...(f.to ? [eb('petitions.registeredAt', '<', nextDayStartUtc(f.to))] : []),
  ]);
}

/**
 * SQLite: the petition list's exact count without joining every petition to its matter, when the viewer sees every
 * unit and no filter is on the matter: the petitions (with the list's own filters) less those whose matter accuses
 * the viewer's unit or one above it (the accusation rule, `visibleTo`), which `matters_accused` finds. Every
 * petition has its matter, so the two are the same number. At 1,000,000 petitions the join took 300–385 ms, the two
 * counts under 10 ms. Null where it does not apply (the list is counted as any other).
 */
async function countPetitions(ctx: Ctx, actor: { unitId: number }, f: MatterFilter): Promise<{ total: number; estimated: boolean } | null> {
  const org = ctx.org();
  if (!ctx.store.sqlite || f.status || f.unitId || !org.seesEveryUnit(actor.unitId)) return null;
  const db = ctx.store.db;
  const guard = org.accusationGuard(actor.unitId);
  const all = await db.selectFrom('petitions').where(petitionFilters(f)).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const hidden = await db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where('matters.accusedUnitId', 'in', guard)
    .where(petitionFilters(f)).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { total: num(all.n) - num(hidden.n), estimated: false };
}

export async function listPetitionsView(ctx: Ctx, actor: { unitId: number }, f: MatterFilter) {
  const db = ctx.store.db;
  const filtered = (inListOrder: boolean) => {
    let q = db.selectFrom('petitions').innerJoin('matters', 'matters.id', 'petitions.matterId').where(visibleTo(ctx.org(), actor, { inListOrder }));
    if (f.status) q = q.where('matters.status', '=', f.status);
    if (f.unitId) q = q.where('matters.unitId', '=', f.unitId);
    return q.where(petitionFilters(f));
  };
  const scope = await scopeReading(db, ctx.org(), actor);
  const list = filtered(scope.whole);
  // the list's count without a word
  const count = async () => await countPetitions(ctx, actor, f) ?? await countRows(db, list);
  let q = list;
  let found: TextPage | null = null;
  if (f.q) {
    // the text index (issue 7): the petition's own text, or the replies on its matter; a page of a common word read
    // from the list's own rows, or the list narrowed to every match (store/text-list.ts)
    await catchUp(ctx, REQUEST_CATCH_UP);
    const r = await filterByText(db, ctx.store.dialect, list, f.q, 'petitions', { order: ['petitions.registeredAt', 'petitions.id'], offset: (f.page - 1) * f.pageSize, pageSize: f.pageSize, after: !!f.after, count });
    if ('list' in r) q = r.list;
    else found = r.page;
  }
  const { total, estimated } = found ?? (f.q ? await countRows(db, q) : await count());
  // the page along the list's order where that reads fewer rows (matter.repository.ts scopeReading; a text filter has
  // narrowed q already)
  if (!f.q && scope.pageInOrder(total, f.after ? f.pageSize : f.page * f.pageSize)) q = filtered(true);
  const after = f.after;
  const page = found
    ? q.where('petitions.id', 'in', found.ids.length ? found.ids : [0])
    : after
    ? q.where((eb) => eb.or([eb('petitions.registeredAt', '<', after.at), eb.and([eb('petitions.registeredAt', '=', after.at), eb('petitions.id', '<', after.id)])]))
    : q.offset((f.page - 1) * f.pageSize);
  const rows = await page
    .select(['petitions.id', 'petitions.code', 'petitions.matterId', 'petitions.title', 'petitions.channel', 'petitions.receivedAt',
      'petitions.registeredAt', 'petitions.isRepeat', 'petitions.flags', 'petitions.headcount', 'matters.status', 'matters.unitId'])
    .orderBy('petitions.registeredAt', 'desc').orderBy('petitions.id', 'desc')
    .limit(f.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({
      id: num(r.id),
      code: r.code,
      matterId: num(r.matterId),
      title: r.title,
      channel: r.channel,
      receivedAt: r.receivedAt,
      registeredAt: r.registeredAt,
      status: r.status as MatterStatus,
      unitId: num(r.unitId),
      headcount: num(r.headcount),
      isRepeat: bool(r.isRepeat),
      flags: JSON.parse(r.flags) as string[],
    })),
    total,
    ...(estimated ? { totalEstimated: true } : {}),
  };
}
