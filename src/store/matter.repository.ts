/**
 * Matters, their petitions and their events. Every state change goes through `applyChange`: a compare-and-set on
 * the matter's version plus the audit event, in the caller's transaction (STYLE.md §3). Zero rows updated means
 * someone else moved first.
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Deadlines, Evaluation, HandlingClass, MatterState, MatterStatus, Outcome } from '../domain/types.ts';
import type { MatterPatch } from '../domain/lifecycle.ts';
import type { OrgView } from '../domain/org.ts';
import { DomainError } from '../domain/errors.ts';
import { eventHash, GENESIS, type HashAlgorithm } from './audit.ts';
import { bool, countRows, num, type Db } from './db.ts';
import type { Database, EventRow, MatterRow } from './schema.ts';
import { filterByText } from './text-list.ts';

export type Tx = Transaction<Database> | Db;

export function toMatterState(r: MatterRow): MatterState {
  return {
    id: num(r.id),
    status: r.status as MatterStatus,
    version: num(r.version),
    unitId: num(r.unitId),
    registeringUnitId: num(r.registeringUnitId),
    routedByUnitId: r.routedByUnitId === null ? null : num(r.routedByUnitId),
    reviewUnitId: r.reviewUnitId === null ? null : num(r.reviewUnitId),
    handlingClass: r.handlingClass as HandlingClass,
    accusedUnitId: r.accusedUnitId === null ? null : num(r.accusedUnitId),
    receivedAt: r.receivedAt,
    routedAt: r.routedAt,
    acceptedAt: r.acceptedAt,
    repliedAt: r.repliedAt,
    reviewDecidedAt: r.reviewDecidedAt,
    extendedDays: num(r.extendedDays),
    decidedAt: r.decidedAt,
    decidedOnTime: r.decidedOnTime === null ? null : bool(r.decidedOnTime),
    repliedOnTime: r.repliedOnTime === null ? null : bool(r.repliedOnTime),
    evaluation: r.evaluation as Evaluation | null,
    evaluatedAt: r.evaluatedAt,
    outcome: r.outcome as Outcome | null,
    closedAt: r.closedAt,
    pausedAt: r.pausedAt,
    pausedDays: num(r.pausedDays),
    deadlines: JSON.parse(r.deadlines) as Deadlines,
  };
}

const RUNNING: (keyof Deadlines)[] = ['accept', 'objection', 'handle', 'review', 'reReview', 'reportBack'];

/** The indexed copies of the deadlines: what sweeps and rates query. */
export function dueColumns(d: Deadlines) {
  const running = RUNNING.map((n) => d[n]).filter((x) => x && !x.paused).map((x) => x!.due).sort();
  return {
    deadlines: JSON.stringify(d),
    acceptDue: d.accept?.due ?? null,
    handleDue: d.handle?.due ?? null,
    evaluationDue: d.evaluation?.due ?? null,
    nextDue: running[0] ?? null,
  };
}

function patchColumns(p: MatterPatch) {
  const cols: Record<string, unknown> = {};
  const copy = [
    'status', 'unitId', 'routedByUnitId', 'reviewUnitId', 'routedAt', 'acceptedAt', 'repliedAt', 'reviewDecidedAt',
    'extendedDays', 'decidedAt', 'evaluation', 'evaluatedAt', 'outcome', 'closedAt', 'pausedAt', 'pausedDays',
  ] as const;
  for (const k of copy) if (p[k] !== undefined) cols[k] = p[k];
  if (p.decidedOnTime !== undefined) cols.decidedOnTime = p.decidedOnTime === null ? null : p.decidedOnTime ? 1 : 0;
  if (p.repliedOnTime !== undefined) cols.repliedOnTime = p.repliedOnTime === null ? null : p.repliedOnTime ? 1 : 0;
  if (p.deadlines !== undefined) Object.assign(cols, dueColumns(p.deadlines));
  return cols;
}

export interface NewEvent {
  action: string;
  fromStatus: MatterStatus | null;
  toStatus: MatterStatus;
  actorUserId: number | null;
  actorUnitId: number | null;
  at: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** Appends the event after `prevHash` and returns its hash. */
export async function appendEvent(tx: Tx, matterId: number, seq: number, prevHash: string, e: NewEvent, algorithm: HashAlgorithm): Promise<string> {
  const fields = { matterId, seq, ...e, data: JSON.stringify(e.data) };
  const hash = eventHash(prevHash, fields, algorithm);
  await tx.insertInto('events').values({ ...fields, prevHash, hash }).execute();
  return hash;
}

export { GENESIS };

/**
 * Compare-and-set: moves the matter from `expectVersion` to the next version with the patch and appends the event.
 * Throws CONFLICT (409) when the version moved under us.
 */
export async function applyChange(
  tx: Tx, m: MatterState, chainHead: string, to: MatterStatus, patch: MatterPatch, e: Omit<NewEvent, 'fromStatus' | 'toStatus'>, algorithm: HashAlgorithm,
): Promise<void> {
  const seq = m.version + 1;
  const fields = { matterId: m.id, seq, ...e, fromStatus: m.status, toStatus: to, data: JSON.stringify(e.data) };
  const hash = eventHash(chainHead, fields, algorithm);
  const res = await tx
    .updateTable('matters')
    .set({ ...patchColumns({ ...patch, status: to }), version: seq, chainHead: hash, updatedAt: e.recordedAt })
    .where('id', '=', m.id)
    .where('version', '=', m.version)
    .executeTakeFirst();
  if (num(res.numUpdatedRows) !== 1) {
    throw new DomainError('CONFLICT', '该事项已被他人更新，请刷新后重试');
  }
  await tx.insertInto('events').values({ ...fields, prevHash: chainHead, hash }).execute();
}

/** Who may see what (DOMAIN.md §2, §8), as a query filter: invisible rows simply are not found. */
export interface Viewer {
  unitId: number;
}

export function visibleTo(org: OrgView, viewer: Viewer, opts: { inListOrder?: boolean } = {}) {
  const scope = org.scopeUnitIds(viewer.unitId);
  const all = org.seesEveryUnit(viewer.unitId);
  const accusedGuard = org.accusationGuard(viewer.unitId);
  // `inListOrder`: the scope's unit columns behind a unary plus, so SQLite cannot answer the scope through their
  // indexes and walks the list's own order instead (scopeReading)
  const col = (c: 'unit_id' | 'registering_unit_id' | 'routed_by_unit_id' | 'review_unit_id') => (opts.inListOrder ? sql<number>`+${sql.ref(`matters.${c}`)}` : sql<number>`${sql.ref(`matters.${c}`)}`);
  return (eb: ExpressionBuilder<Database, 'matters'>) => {
    const parts = [];
    if (!all) {
      const ids = scope.length ? scope : [-1];
      parts.push(eb.or([eb(col('unit_id'), 'in', ids), eb(col('registering_unit_id'), 'in', ids), eb(col('routed_by_unit_id'), 'in', ids), eb(col('review_unit_id'), 'in', ids)]));
    }
    parts.push(eb.or([eb('matters.accusedUnitId', 'is', null), eb('matters.accusedUnitId', 'not in', accusedGuard)]));
    return eb.and(parts);
  };
}

/** How a list limited to the viewer's scope is read (`scopeReading`). */
export interface ScopeReading {
  /** counted, paged and read for a text filter whole, in the list's order: the unit columns' indexes are not used */
  whole: boolean;
  /** whether the page, after a count of `total`, is read along the list's order rather than gathered and sorted */
  pageInOrder(total: number, pageEnd: number): boolean;
}

/**
 * SQLite: how to read a list limited to a unit's scope (the four unit columns of `visibleTo`, each indexed since
 * migration 2026-11-27T2300). PostgreSQL's planner chooses for itself, and a viewer who sees every unit has no scope
 * to read by.
 * - `whole`: a scope where an eighth of the matters or more have their unit in it (counted in `matters_unit` alone,
 *   stopping at the eighth) costs less read whole than gathered through the four indexes: at 1,000,000 matters a
 *   district's 203,118 took 700–850 ms to count gathered, 400–650 ms read whole.
 * - `pageInOrder`: otherwise the list is counted through the indexes, and its page is still read along the list's
 *   order when (offset + page) × matters < 2 × total², which then reads fewer rows than gathering the total and
 *   sorting it (a district's 62,504 of 1,000,000: 150–250 ms gathered, 2 ms walked; a unit's 100: the walk would read
 *   the whole table).
 */
export async function scopeReading(db: Db, org: OrgView, viewer: Viewer): Promise<ScopeReading> {
  const scope = org.scopeUnitIds(viewer.unitId);
  if (db.getExecutor().adapter instanceof PostgresAdapter || org.seesEveryUnit(viewer.unitId) || !scope.length) return { whole: false, pageInOrder: () => false };
  // about how many matters the register holds: the newest id (SQLite reads it from the table's last page)
  const size = num((await db.selectFrom('matters').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst())?.n ?? 0);
  const eighth = Math.ceil(size / 8);
  const seen = await db.selectFrom((eb) => eb.selectFrom('matters').select('id').where('unitId', 'in', scope).limit(eighth).as('s'))
    .select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const whole = eighth > 0 && num(seen.n) >= eighth;
  return { whole, pageInOrder: (total, pageEnd) => whole || pageEnd * size < 2 * total * total };
}

/**
 * `visibleTo` for a matter already in memory (live updates decide per connected user without a query): `units`
 * are the matter's unit, registering, routed-by and review units.
 */
export function isVisibleTo(org: OrgView, viewer: Viewer, m: { units: readonly number[]; accusedUnitId: number | null }): boolean {
  if (m.accusedUnitId !== null && org.accusationGuard(viewer.unitId).includes(m.accusedUnitId)) return false;
  if (org.seesEveryUnit(viewer.unitId)) return true;
  const scope = org.scopeUnitIds(viewer.unitId);
  return m.units.some((id) => scope.includes(id));
}

export async function findMatterRow(db: Tx, id: number, org: OrgView, viewer: Viewer | null): Promise<MatterRow | undefined> {
  let q = db.selectFrom('matters').selectAll().where('id', '=', id);
  if (viewer) q = q.where(visibleTo(org, viewer));
  return q.executeTakeFirst();
}

export async function matterEvents(db: Tx, matterId: number): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('matterId', '=', matterId).orderBy('seq').execute();
}

export async function matterPetitionIds(db: Tx, matterId: number): Promise<number[]> {
  const rows = await db.selectFrom('petitions').select('id').where('matterId', '=', matterId).orderBy('id').execute();
  return rows.map((r) => num(r.id));
}

export interface MatterFilter {
  status?: MatterStatus;
  unitId?: number;
  q?: string;
  from?: string; // YYYY-MM-DD, registration date in Asia/Shanghai
  to?: string;
  channel?: string;
  categoryCode?: string;
  regionCode?: string;
  overdueAt?: string; // YYYY-MM-DD: only matters with a running limit before this date
  /** keyset pagination: the rows after this one in the list's order (matters: receivedAt, id; petitions:
   *  registeredAt, id; descending); page is then 1 */
  after?: { at: string; id: number };
  page: number;
  pageSize: number;
}

/** Shanghai calendar dates → the UTC instants that bound them. */
export function dayStartUtc(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}
export function nextDayStartUtc(date: string): string {
  return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
}

/** A LIKE pattern for a literal phrase. Wildcards are dropped rather than escaped: SQLite and PostgreSQL escape differently. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '')}%`;
}

export async function listMatters(db: Db, org: OrgView, viewer: Viewer, f: MatterFilter) {
  const filtered = (inListOrder: boolean) => {
    let q = db.selectFrom('matters').where(visibleTo(org, viewer, { inListOrder }));
    if (f.status) q = q.where('status', '=', f.status);
    if (f.unitId) q = q.where('unitId', '=', f.unitId);
    if (f.channel) q = q.where('channel', '=', f.channel);
    if (f.categoryCode) q = q.where('categoryCode', 'like', `${f.categoryCode}%`);
    if (f.regionCode) q = q.where('regionCode', 'like', `${f.regionCode.replace(/(00)+$/, '')}%`);
    if (f.from) q = q.where('receivedAt', '>=', dayStartUtc(f.from));
    if (f.to) q = q.where('receivedAt', '<', nextDayStartUtc(f.to));
    if (f.overdueAt) q = q.where('nextDue', '<', f.overdueAt);
    return q;
  };
  const scope = await scopeReading(db, org, viewer);
  let q = filtered(scope.whole);
  if (f.q) {
    // the text index (issue 7): petitions' titles, texts and addresses, and the texts of events (replies); a page of
    // a common word read from the list's own rows, or the list narrowed to every match (store/text-list.ts)
    const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    const found = await filterByText(db, dialect, q, f.q, 'matters', { order: ['receivedAt', 'id'], offset: (f.page - 1) * f.pageSize, pageSize: f.pageSize, after: !!f.after });
    if ('list' in found) q = found.list;
    else {
      const { ids, total, estimated } = found.page;
      const rows = ids.length ? await db.selectFrom('matters').selectAll().where('id', 'in', ids).orderBy('receivedAt', 'desc').orderBy('id', 'desc').execute() : [];
      return { rows, total, estimated };
    }
  }
  const { total, estimated } = await countRows(db, q);
  // the page along the list's order where that reads fewer rows (a text filter has narrowed q already)
  if (!f.q && scope.pageInOrder(total, f.after ? f.pageSize : f.page * f.pageSize)) q = filtered(true);
  const after = f.after;
  const page = after
    ? q.where((eb) => eb.or([eb('receivedAt', '<', after.at), eb.and([eb('receivedAt', '=', after.at), eb('id', '<', after.id)])]))
    : q.offset((f.page - 1) * f.pageSize);
  const rows = await page.selectAll().orderBy('receivedAt', 'desc').orderBy('id', 'desc').limit(f.pageSize).execute();
  return { rows, total, estimated };
}
