/**
 * The write path of a registration — the busiest write of the platform (a reception hall on a Monday, the
 * 12345 hotline, the online portal) — written as plain SQL rather than through the query builder:
 *
 * - ids are reserved first (SQLite: the next id inside the write transaction, which SQLite serialises;
 *   PostgreSQL: nextval of both sequences), so that the readable codes and the audit hash — which covers the
 *   matter id — are known before anything is written, and no row is written twice;
 * - on PostgreSQL the matter, petition, petitioners and first event go in ONE statement (data-modifying CTEs),
 *   which is atomic by itself: round trips are what costs on a server database; the same statement can send the
 *   live announcement of the new matter (pg_notify, delivered when it commits, as a separate NOTIFY would be);
 * - on SQLite the statements run synchronously on the connection with prepared statements kept (store.sqlite),
 *   inside the caller's `store.write` unit: building and compiling queries would cost more than running them; on a
 *   file, registrations arriving together are looked up here on that connection and written by the writer thread
 *   (`lookUpForGroupSqlite`, `registrationWrites`; store/sqlite-writer.ts).
 */
import type SQLite from 'better-sqlite3';
import { sql, type RawBuilder } from 'kysely';
import type { Store } from './db.ts';
import { num } from './db.ts';
import { LIVE_CHANNEL, notifyPayload, type MatterChange } from './live.ts';
import type { Tx } from './matter.repository.ts';
import type { SqliteBatch } from './sqlite-writer.ts';

type Row = Record<string, string | number | null>;

const snakeNames = new Map<string, string>();
const snake = (c: string) => {
  let s = snakeNames.get(c);
  if (s === undefined) { s = c.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`); snakeNames.set(c, s); }
  return s;
};
/** The snake_case column list of a table and row shape, worked out once per shape (a registration has four). */
const columnLists = new Map<string, string>();
function columnList(table: string, cols: string[]): string {
  const key = `${table}:${cols.join(',')}`;
  let list = columnLists.get(key);
  if (list === undefined) { list = cols.map(snake).join(', '); columnLists.set(key, list); }
  return list;
}
/** SQLite: the insert statement of a table and row shape, prepared once per connection. */
const sqliteInserts = new WeakMap<object, Map<string, { stmt: { run(...v: unknown[]): unknown }; cols: string[] }>>();

function insertSql(table: string, rows: Row[]): RawBuilder<unknown> {
  const cols = Object.keys(rows[0]!);
  const colList = sql.raw(cols.map(snake).join(', '));
  const values = sql.join(rows.map((r) => sql`(${sql.join(cols.map((c) => r[c] ?? null))})`));
  return sql`insert into ${sql.raw(table)} (${colList}) values ${values}`;
}


/**
 * PostgreSQL, several server processes on one database: the registrations of the same people (keyed ID hashes) must
 * be written one after another, or two processes could each look up the person's earlier matters, find none, and
 * both register a new matter where the second is a repeat. Each registration (or group) takes a transaction-level
 * advisory lock per person before its look-up and keeps it until its rows commit; the keys are taken in ascending
 * order, so that two groups sharing people cannot deadlock. A key is the first 8 bytes of the keyed hash (a
 * collision only makes two people wait for each other).
 */
function personLockKeys(idHashes: readonly string[]): string[] {
  const keys = [...new Set(idHashes.map((h) => Buffer.from(h, 'base64url').readBigInt64BE(0)))];
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map(String);
}

/** The statement that takes these people's locks, in ascending order (the keys are integers: written literally). */
export function personLockSql(idHashes: readonly string[]): string {
  return `select count(pg_advisory_xact_lock(k)) from unnest('{${personLockKeys(idHashes).join(',')}}'::int8[]) k`;
}

/** Takes the locks of these people inside a transaction of the query builder (a registration written alone). */
export async function lockPeople(tx: Tx, idHashes: readonly string[]): Promise<void> {
  await sql.raw(personLockSql(idHashes)).execute(tx);
}

/** What runs a statement: the pool, or one connection of it holding a transaction. */
interface Queryable {
  query<R extends object>(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

export interface EarlierMatter {
  id: number;
  status: string;
  version: number;
  chainHead: string;
  subjectHash: string | null;
}

/**
 * Earlier matters of the same people, by keyed ID hash: what each of the look-ups below selects, and from where
 * (the newest EARLIER_LIMIT, by matter id).
 */
const EARLIER_COLUMNS = 'm.id, m.status, m.version, m.chain_head as "chainHead", m.subject_hash as "subjectHash"';
const EARLIER_FROM = 'from petitioners pp join petitions p on p.id = pp.petition_id join matters m on m.id = p.matter_id';
const EARLIER_LIMIT = 50;
/** SQLite: for n hashes. */
const earlierSql: string[] = [];
const EARLIER_SQL = (n: number) => (earlierSql[n] ??= `select distinct ${EARLIER_COLUMNS} ${EARLIER_FROM}
    where pp.id_hash in (${Array(n).fill('?').join(', ')}) order by m.id desc limit ${EARLIER_LIMIT}`);

/** SQLite: the highest matter and petition ids (the next rows take the ids after them). */
const TOP_IDS = 'select (select coalesce(max(id), 0) from matters), (select coalesce(max(id), 0) from petitions)';

/**
 * Earlier matters of the same people (by keyed ID hash, newest first) and the ids the new rows will take — in one
 * round trip on PostgreSQL. (A matter id reserved for a petition that then joins an earlier matter stays unused:
 * ids have gaps, codes stay unique.)
 */
export async function lookUpAndReserve(tx: Tx, store: Store, idHashes: string[]): Promise<{ earlier: EarlierMatter[]; matterId: number; petitionId: number }> {
  if (store.sqlite) {
    const earlier = idHashes.length ? (store.sqlite.prepare(EARLIER_SQL(idHashes.length)).all(...idHashes) as EarlierMatter[]) : [];
    const [m, p] = store.sqlite.prepare(TOP_IDS).raw(true).get() as [number, number];
    return { earlier, matterId: m + 1, petitionId: p + 1 };
  }
  if (store.pg && !tx.isTransaction) {
    // a named statement is parsed and planned once per connection
    const n = idHashes.length;
    const text = `select nextval('matters_id_seq')::int as m, nextval('petitions_id_seq')::int as p, ${n ? `(select coalesce(json_agg(e), '[]'::json) from (
        select distinct ${EARLIER_COLUMNS} ${EARLIER_FROM}
        where pp.id_hash in (${idHashes.map((_, i) => `$${i + 1}`).join(', ')}) order by m.id desc limit ${EARLIER_LIMIT}) e)` : `'[]'::json`} as earlier`;
    const r = (await store.pg.query<{ m: number; p: number; earlier: EarlierMatter[] }>({ name: `fq_lookup_${n}`, text, values: idHashes })).rows[0]!;
    return { earlier: r.earlier.map((x) => ({ ...x, id: num(x.id), version: num(x.version) })), matterId: num(r.m), petitionId: num(r.p) };
  }
  const earlierJson = idHashes.length
    ? sql`(select coalesce(json_agg(e), '[]'::json) from (
        select distinct ${sql.raw(EARLIER_COLUMNS)} ${sql.raw(EARLIER_FROM)}
        where pp.id_hash in (${sql.join(idHashes)}) order by m.id desc limit ${sql.raw(String(EARLIER_LIMIT))}) e)`
    : sql`'[]'::json`;
  const r = (await sql<{ m: number; p: number; earlier: EarlierMatter[] | string }>`
    select nextval('matters_id_seq')::int as m, nextval('petitions_id_seq')::int as p, ${earlierJson} as earlier`.execute(tx)).rows[0]!;
  const earlier = (typeof r.earlier === 'string' ? JSON.parse(r.earlier) : r.earlier) as EarlierMatter[];
  return { earlier: earlier.map((x) => ({ ...x, id: num(x.id), version: num(x.version) })), matterId: num(r.m), petitionId: num(r.p) };
}

/**
 * A statement refused only for its NOTIFY (the queue full, 54000, or a payload too long, 22023): it wrote nothing,
 * and its rows are written again without the announcement, which is then published the usual way (and fails, and is
 * logged: a lost announcement never fails a registration).
 */
export function notifyRefused(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '54000' || code === '22023';
}

export interface RegistrationRows {
  matter: Row | null; // null when the petition joins an existing matter
  petition: Row;
  petitioners: Row[];
  event: Row | null; // null when the caller appends the event itself (a petition joining a matter)
}

/**
 * Writes the rows. With `announce`, on PostgreSQL outside a transaction, the statement also sends the change's live
 * announcement (store/live.ts), and the result is true: the caller does not publish it again. Anywhere else the
 * result is false and the caller announces after the commit as usual.
 */
export async function insertRegistration(tx: Tx, store: Store, rows: RegistrationRows, announce?: MatterChange): Promise<boolean> {
  const parts: [string, Row[]][] = [];
  if (rows.matter) parts.push(['matters', [rows.matter]]);
  parts.push(['petitions', [rows.petition]], ['petitioners', rows.petitioners]);
  if (rows.event) parts.push(['events', [rows.event]]);
  if (store.sqlite) {
    let prepared = sqliteInserts.get(store.sqlite);
    if (!prepared) sqliteInserts.set(store.sqlite, (prepared = new Map()));
    for (const [table, list] of parts) {
      const cols = Object.keys(list[0]!);
      const key = `${table}:${cols.join(',')}`;
      let ins = prepared.get(key);
      if (!ins) {
        ins = { stmt: store.sqlite.prepare(`insert into ${table} (${columnList(table, cols)}) values (${cols.map(() => '?').join(', ')})`), cols };
        prepared.set(key, ins);
      }
      const values: unknown[] = new Array(cols.length);
      for (const r of list) {
        for (let i = 0; i < cols.length; i++) values[i] = r[cols[i]!] ?? null;
        ins.stmt.run(...values);
      }
    }
    return false;
  }
  if (store.pg && !tx.isTransaction) {
    const values: unknown[] = [];
    const ctes = parts.map(([table, list], i) => {
      const cols = Object.keys(list[0]!);
      const rowsSql = list.map((r) => `(${cols.map((c) => { values.push(r[c] ?? null); return `$${values.length}`; }).join(', ')})`).join(', ');
      return `w${i} as (insert into ${table} (${columnList(table, cols)}) values ${rowsSql})`;
    });
    const shape = parts.map(([t, l]) => `${t}${l.length}`).join('_');
    if (announce) {
      try {
        await store.pg.query({ name: `fq_register_${shape}_n`, text: `with ${ctes.join(', ')} select pg_notify($${values.length + 1}, $${values.length + 2})`, values: [...values, LIVE_CHANNEL, notifyPayload(announce)] });
        return true;
      } catch (e) {
        if (!notifyRefused(e)) throw e; // written below without it
      }
    }
    await store.pg.query({ name: `fq_register_${shape}`, text: `with ${ctes.join(', ')} select 1`, values });
    return false;
  }
  const ctes = sql.join(parts.map(([table, r], i) => sql`${sql.raw(`w${i}`)} as (${insertSql(table, r)})`));
  await sql`with ${ctes} select 1`.execute(tx);
  return false;
}

/**
 * PostgreSQL, many registrations at once (register-petition.ts batches the registrations that arrive together):
 * the earlier matters of every ID hash given (newest 50 each) and n ids of each sequence, in one round trip.
 */
export async function lookUpAndReserveMany(pg: Queryable, n: number, idHashes: string[]): Promise<{ earlier: Map<string, EarlierMatter[]>; matterIds: number[]; petitionIds: number[] }> {
  const r = (await pg.query<{ m: number[]; p: number[]; earlier: (EarlierMatter & { idHash: string })[] }>({ name: 'fq_lookup_many', text: LOOKUP_MANY, values: [n, idHashes] })).rows[0]!;
  const earlier = new Map<string, EarlierMatter[]>();
  for (const { idHash, ...e } of r.earlier) {
    let list = earlier.get(idHash);
    if (!list) earlier.set(idHash, (list = []));
    list.push({ ...e, id: num(e.id), version: num(e.version) });
  }
  return { earlier, matterIds: r.m.map(num), petitionIds: r.p.map(num) };
}
const LOOKUP_MANY = `select
    (select array_agg(nextval('matters_id_seq')::int) from generate_series(1, $1::int)) as m,
    (select array_agg(nextval('petitions_id_seq')::int) from generate_series(1, $1::int)) as p,
    (select coalesce(json_agg(e), '[]'::json) from unnest($2::text[]) h(hash) cross join lateral (
      select distinct h.hash as "idHash", ${EARLIER_COLUMNS} ${EARLIER_FROM}
      where pp.id_hash = h.hash order by m.id desc limit ${EARLIER_LIMIT}) e) as earlier`;

/**
 * SQLite, a group of registrations written by the writer thread (sqlite-writer.ts): the earlier matters of every ID
 * hash given (newest 50 each) and n ids of each table, read on the request thread's connection; the ids follow `after`
 * (the ids of a group still being written) or else the highest in the database. `checks` are what the writer reads
 * again in its transaction before it writes, to find the same: the highest matter and petition ids (none taken
 * meanwhile), which of the people have petitioned before (none more), and those people's earlier matters (none
 * moved: a state change raises a matter's version).
 *
 * Most people of a busy hour are new: one statement finds those known (one index probe a person), and only they are
 * asked for their matters, one statement each. (A statement a person, for everyone, was 5% of the request thread's
 * profile under load, and the writer read each again.) The connection keeps the statements prepared.
 */
export function lookUpForGroupSqlite(sqlite: SQLite.Database, n: number, idHashes: readonly string[], after?: { matter: number; petition: number }): {
  earlier: Map<string, EarlierMatter[]>; matterIds: number[]; petitionIds: number[]; checks: SqliteBatch['checks'];
} {
  const earlier = new Map<string, EarlierMatter[]>();
  const checks: SqliteBatch['checks'] = [];
  const one = sqlite.prepare(EARLIER_RAW).raw(true);
  for (let i = 0; i < idHashes.length; i += KNOWN_CHUNK) {
    const chunk = idHashes.slice(i, i + KNOWN_CHUNK), knownSql = KNOWN_RAW(chunk.length);
    const known = sqlite.prepare(knownSql).raw(true).all(...chunk) as [string][];
    checks.push({ sql: knownSql, params: chunk, expect: known });
    for (const [h] of known) {
      const rows = one.all(h) as [number, string, number, string, string | null][];
      earlier.set(h, rows.map(([id, status, version, chainHead, subjectHash]) => ({ id, status, version, chainHead, subjectHash })));
      checks.push({ sql: EARLIER_RAW, params: [h], expect: rows });
    }
  }
  const [matter, petition] = after ? [after.matter, after.petition] : (sqlite.prepare(TOP_IDS).raw(true).get() as [number, number]);
  checks.push({ sql: TOP_IDS, params: [], expect: [[matter, petition]] });
  const ids = (from: number) => Array.from({ length: n }, (_, i) => from + 1 + i);
  return { earlier, matterIds: ids(matter), petitionIds: ids(petition), checks };
}
/** One person's earlier matters, as rows of values (the columns of EarlierMatter, in order). */
const EARLIER_RAW = `${EARLIER_SQL(1)} /* values */`;
/** Which of n ID hashes have petitioned before, in order; at most KNOWN_CHUNK to a statement (a group of group visits can name thousands). */
const KNOWN_CHUNK = 256;
const knownRaw: string[] = [];
const KNOWN_RAW = (n: number) => (knownRaw[n] ??= `select distinct id_hash from petitioners where id_hash in (${Array(n).fill('?').join(', ')}) order by id_hash`);
/** SQLite: the writes of a group of registrations for the writer thread, each table's rows under one insert. */
export function registrationWrites(list: readonly RegistrationRows[]): SqliteBatch['writes'] {
  const byTable: [string, Row[]][] = [['matters', list.map((r) => r.matter!)], ['petitions', list.map((r) => r.petition)], ['petitioners', list.flatMap((r) => r.petitioners)], ['events', list.map((r) => r.event!)]];
  return byTable.map(([table, rows]) => {
    const cols = Object.keys(rows[0]!);
    return {
      sql: `insert into ${table} (${columnList(table, cols)}) values (${cols.map(() => '?').join(', ')})`,
      rows: rows.map((r) => cols.map((c) => r[c] ?? null)),
    };
  });
}

/** The statement text of a batch of registrations, by the column lists of its four tables (one shape in practice). */
const batchStatements = new Map<string, { name: string; text: string }>();
const BATCH_TABLES = ['matters', 'petitions', 'petitioners', 'events'] as const;

/**
 * PostgreSQL: the rows of many new matters (each with its petition, petitioners and first event) in ONE statement,
 * atomic by itself — each table's rows go as one JSON array (json_populate_recordset), so the statement's text is
 * the same whatever the batch size and is planned once per connection. `announce`: the live announcements the
 * statement sends (pg_notify, delivered at its commit). If any row fails (a unique key), nothing is written.
 */
export async function insertRegistrations(pg: Queryable, list: readonly RegistrationRows[], announce: readonly MatterChange[]): Promise<void> {
  const byTable: Row[][] = [list.map((r) => r.matter!), list.map((r) => r.petition), list.flatMap((r) => r.petitioners), list.map((r) => r.event!)];
  const cols = byTable.map((rows) => Object.keys(rows[0]!));
  const key = cols.map((c) => c.join(',')).join('|');
  let stmt = batchStatements.get(key);
  if (!stmt) {
    const ctes = BATCH_TABLES.map((t, i) => {
      const list = columnList(t, cols[i]!);
      return `w${i} as (insert into ${t} (${list}) select ${list} from json_populate_recordset(null::${t}, $${i + 1}::json))`;
    });
    stmt = { name: `fq_register_many_${batchStatements.size}`, text: `with ${ctes.join(', ')} select count(pg_notify($5, x)) from unnest($6::text[]) x` };
    batchStatements.set(key, stmt);
  }
  const json = byTable.map((rows, i) => JSON.stringify(rows.map((r) => snakeRow(r, cols[i]!))));
  await pg.query({ name: stmt.name, text: stmt.text, values: [...json, LIVE_CHANNEL, announce.map(notifyPayload)] });
}

function snakeRow(r: Row, cols: string[]): Row {
  const out: Row = {};
  for (const c of cols) out[snake(c)] = r[c] ?? null;
  return out;
}
