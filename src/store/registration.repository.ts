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
 *   inside the caller's `store.write` unit: building and compiling queries would cost more than running them.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Store } from './db.ts';
import { num } from './db.ts';
import { LIVE_CHANNEL, notifyPayload, type MatterChange } from './live.ts';
import type { Tx } from './matter.repository.ts';

type Row = Record<string, string | number | null>;
const snake = (c: string) => c.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
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


export interface EarlierMatter {
  id: number;
  status: string;
  version: number;
  chainHead: string;
  subjectHash: string | null;
}

/** Earlier matters of the same people (by keyed ID hash), newest first. */
const earlierSql: string[] = [];
const EARLIER_SQL = (n: number) => (earlierSql[n] ??= `select distinct m.id, m.status, m.version, m.chain_head as chainHead, m.subject_hash as subjectHash
    from petitioners pp join petitions p on p.id = pp.petition_id join matters m on m.id = p.matter_id
    where pp.id_hash in (${Array(n).fill('?').join(', ')}) order by m.id desc limit 50`);

/**
 * Earlier matters of the same people (by keyed ID hash, newest first) and the ids the new rows will take — in one
 * round trip on PostgreSQL. (A matter id reserved for a petition that then joins an earlier matter stays unused:
 * ids have gaps, codes stay unique.)
 */
export async function lookUpAndReserve(tx: Tx, store: Store, idHashes: string[]): Promise<{ earlier: EarlierMatter[]; matterId: number; petitionId: number }> {
  if (store.sqlite) {
    const earlier = idHashes.length ? (store.sqlite.prepare(EARLIER_SQL(idHashes.length)).all(...idHashes) as EarlierMatter[]) : [];
    const r = store.sqlite.prepare('select (select coalesce(max(id), 0) from matters) + 1 as m, (select coalesce(max(id), 0) from petitions) + 1 as p').get() as { m: number; p: number };
    return { earlier, matterId: r.m, petitionId: r.p };
  }
  if (store.pg && !tx.isTransaction) {
    // a named statement is parsed and planned once per connection
    const n = idHashes.length;
    const text = `select nextval('matters_id_seq')::int as m, nextval('petitions_id_seq')::int as p, ${n ? `(select coalesce(json_agg(e), '[]'::json) from (
        select distinct m.id, m.status, m.version, m.chain_head as "chainHead", m.subject_hash as "subjectHash"
        from petitioners pp join petitions p on p.id = pp.petition_id join matters m on m.id = p.matter_id
        where pp.id_hash in (${idHashes.map((_, i) => `$${i + 1}`).join(', ')}) order by m.id desc limit 50) e)` : `'[]'::json`} as earlier`;
    const r = (await store.pg.query<{ m: number; p: number; earlier: EarlierMatter[] }>({ name: `fq_lookup_${n}`, text, values: idHashes })).rows[0]!;
    return { earlier: r.earlier.map((x) => ({ ...x, id: num(x.id), version: num(x.version) })), matterId: num(r.m), petitionId: num(r.p) };
  }
  const earlierJson = idHashes.length
    ? sql`(select coalesce(json_agg(e), '[]'::json) from (
        select distinct m.id, m.status, m.version, m.chain_head as "chainHead", m.subject_hash as "subjectHash"
        from petitioners pp join petitions p on p.id = pp.petition_id join matters m on m.id = p.matter_id
        where pp.id_hash in (${sql.join(idHashes)}) order by m.id desc limit 50) e)`
    : sql`'[]'::json`;
  const r = (await sql<{ m: number; p: number; earlier: EarlierMatter[] | string }>`
    select nextval('matters_id_seq')::int as m, nextval('petitions_id_seq')::int as p, ${earlierJson} as earlier`.execute(tx)).rows[0]!;
  const earlier = (typeof r.earlier === 'string' ? JSON.parse(r.earlier) : r.earlier) as EarlierMatter[];
  return { earlier: earlier.map((x) => ({ ...x, id: num(x.id), version: num(x.version) })), matterId: num(r.m), petitionId: num(r.p) };
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
        // NOTIFY's queue full (54000) or a payload too long (22023): the statement wrote nothing; the rows are
        // written without it and the caller's own announcement fails and is logged, never failing the registration
        const code = (e as { code?: string }).code;
        if (code !== '54000' && code !== '22023') throw e;
      }
    }
    await store.pg.query({ name: `fq_register_${shape}`, text: `with ${ctes.join(', ')} select 1`, values });
    return false;
  }
  const ctes = sql.join(parts.map(([table, r], i) => sql`${sql.raw(`w${i}`)} as (${insertSql(table, r)})`));
  await sql`with ${ctes} select 1`.execute(tx);
  return false;
}
