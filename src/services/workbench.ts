/**
 * What the staff workbench (issue 3) reads beyond the v1 resources: a user's home page counts, the person history
 * at the registration desk, the dashboard's volumes and rates, and the Excel export of a list. Read-only; every
 * query goes through the same visibility filter as the matter list, so a page never shows what the API would hide.
 */
import { sql } from 'kysely';
import { shanghaiDate } from '../domain/calendar.ts';
import { checkIdNumber } from '../domain/id-number.ts';
import { dayStartUtc, listMatters, nextDayStartUtc, visibleTo, type MatterFilter } from '../store/matter.repository.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { computeRates } from './rates.ts';
import { matterSummary, STATUS_LABELS } from './matter-views.ts';
import type { MatterStatus } from '../domain/types.ts';

/** the states in which a matter still waits for someone's step */
export const OPEN_STATUSES: MatterStatus[] = ['registered', 'routed', 'accepted', 'underReview', 'underReReview'];

/** the Shanghai date `days` after a YYYY-MM-DD date */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * 待办: matters held (or under review) by the user's unit, with what falls due today, soon (within 3 days) and what
 * is overdue. Supervisors and leaders watch every unit in their scope instead of a queue of their own.
 */
export async function homeSummary(ctx: Ctx, viewer: { unitId: number; roles: readonly string[] }) {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.now());
  const soon = addDays(today, 3);
  const acrossUnits = viewer.roles.some((r) => r === 'supervisor' || r === 'leader');
  let base = db.selectFrom('matters').where(visibleTo(ctx.org(), viewer)).where('status', 'in', OPEN_STATUSES);
  if (!acrossUnits) base = base.where((eb) => eb.or([eb('unitId', '=', viewer.unitId), eb('reviewUnitId', '=', viewer.unitId)]));
  const byStatus = await base.select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const [due] = await base.select([
    (eb) => eb.fn.sum(eb.case().when('nextDue', '=', today).then(1).else(0).end()).as('dueToday'),
    (eb) => eb.fn.sum(eb.case().when('nextDue', '<', today).then(1).else(0).end()).as('overdue'),
    (eb) => eb.fn.sum(eb.case().when(eb.and([eb('nextDue', '>', today), eb('nextDue', '<=', soon)])).then(1).else(0).end()).as('dueSoon'),
  ]).execute();
  const urgent = await base.selectAll().where('nextDue', '<=', soon).orderBy('nextDue').orderBy('id').limit(20).execute();
  const counts: Record<string, number> = {};
  for (const r of byStatus) counts[r.status] = num(r.n);
  return {
    today,
    acrossUnits,
    dueSoon: num(due?.dueSoon ?? 0),
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    byStatus: counts,
    dueToday: num(due?.dueToday ?? 0),
    overdue: num(due?.overdue ?? 0),
    urgent: urgent.map((r) => matterSummary(ctx, r)),
  };
}

/** The registration desk: a person's earlier petitions and open matters, matched by the keyed hash of the ID number. */
export async function personHistory(ctx: Ctx, viewer: { unitId: number }, idNumber: string) {
  const check = checkIdNumber(idNumber, shanghaiDate(ctx.now()));
  if (!check.ok) return { valid: false, message: check.message, petitions: [], openMatters: 0 };
  const { db } = ctx.store;
  const rows = await db.selectFrom('petitioners')
    .innerJoin('petitions', 'petitions.id', 'petitioners.petitionId')
    .innerJoin('matters', 'matters.id', 'petitions.matterId')
    .where('petitioners.idHash', '=', ctx.pii.hash('id', check.normalized))
    .where(visibleTo(ctx.org(), viewer))
    .select(['petitions.id', 'petitions.code', 'petitions.title', 'petitions.receivedAt', 'petitions.matterId', 'matters.status', 'matters.code as matterCode', 'matters.unitId'])
    .orderBy('petitions.receivedAt', 'desc').limit(50).execute();
  const org = ctx.org();
  const petitions = rows.map((r) => ({
    id: num(r.id), code: r.code, title: r.title, receivedAt: r.receivedAt, matterId: num(r.matterId), matterCode: r.matterCode,
    status: r.status, statusLabel: STATUS_LABELS[r.status as MatterStatus] ?? r.status, unitName: org.unit(num(r.unitId))?.name ?? null,
  }));
  const openMatters = new Set(petitions.filter((p) => OPEN_STATUSES.includes(p.status as MatterStatus)).map((p) => p.matterId)).size;
  return { valid: true, message: null, birthDate: check.birthDate, regionCode: check.regionCode, petitions, openMatters };
}

export type VolumeBy = 'channel' | 'category' | 'district' | 'month';

/** 信访量 by channel, first-level category, district (region code's first 6 digits) or month, in a period. */
export async function volume(ctx: Ctx, viewer: { unitId: number }, q: { from: string; to: string; by: VolumeBy }) {
  const { db } = ctx.store;
  const key = {
    channel: sql<string>`channel`,
    category: sql<string>`substr(coalesce(category_code, ''), 1, 2)`,
    district: sql<string>`substr(coalesce(region_code, ''), 1, 6)`,
    month: sql<string>`substr(received_at, 1, 7)`,
  }[q.by];
  const rows = await db.selectFrom('matters').where(visibleTo(ctx.org(), viewer))
    .where('receivedAt', '>=', dayStartUtc(q.from)).where('receivedAt', '<', nextDayStartUtc(q.to))
    .select([key.as('key'), (eb) => eb.fn.countAll().as('n')]).groupBy(key).orderBy(key).execute();
  return rows.map((r) => ({ key: String(r.key), count: num(r.n) }));
}

/** The four rates for each district bureau (or each unit under one bureau), for the dashboard. */
export async function ratesByUnit(ctx: Ctx, viewer: { unitId: number }, q: { from: string; to: string; parentId?: number }) {
  const org = ctx.org();
  const scope = new Set(org.scopeUnitIds(viewer.unitId));
  const units = org.units.filter((u) => scope.has(u.id) && (q.parentId ? u.parentId === q.parentId : u.kind === 'bureau'));
  const out = [];
  for (const u of units) {
    // a bureau stands for its region: its rates are over every matter it may see (its scope, inside the caller's);
    // any other unit's rates are over the matters it holds
    const r = u.kind === 'bureau' && !q.parentId
      ? await computeRates(ctx, { unitId: u.id }, { from: q.from, to: q.to })
      : await computeRates(ctx, viewer, { from: q.from, to: q.to, unitId: u.id });
    out.push({ unitId: u.id, unitName: u.name, regionCode: u.regionCode, kind: u.kind, ...r });
  }
  return out;
}

/** The current list, unpaged up to a cap, for the Excel export. */
export async function exportRows(ctx: Ctx, viewer: { unitId: number }, f: MatterFilter, cap = 5000) {
  const { rows, total } = await listMatters(ctx.store.db, ctx.org(), viewer, { ...f, page: 1, pageSize: cap });
  return { rows: rows.map((r) => matterSummary(ctx, r)), total };
}
