/**
 * Registering a petition (登记): checks, repeat linking, the matter, the petition, its petitioners and the first
 * audit event, in one transaction.
 *
 * Repeat rule (exact, for now): an earlier petition by the same person (same ID number, by keyed hash) about the
 * same subject (same category and respondent, or else the same title) belongs to the same matter. While that
 * matter is open the new petition is linked to it and not routed again (重复信访); when it was terminated after
 * re-review the new petition is flagged 不再受理 (DOMAIN.md §5); when it was closed or declined a new matter starts,
 * flagged as a repeat of the old one.
 */
import { indexNewPetition } from './text-search.ts';
import type { NewPetitionDoc } from '../text/index-writer.ts';
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import { randomBytes } from '../security/random.ts';
import { checkIdNumber, maskIdNumber, maskPhone, normalizePhone } from '../domain/id-number.ts';
import { initialDeadlines, type ActorRole } from '../domain/lifecycle.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { classOfPurpose, type Channel, type Deadlines, type MatterStatus, type Purpose } from '../domain/types.ts';
import { appendEvent, dueColumns, GENESIS, type Tx } from '../store/matter.repository.ts';
import { insertRegistration as insertRegistration_, insertRegistrations, lockPeople, lookUpAndReserve, lookUpAndReserveMany, lookUpForGroupSqlite, personLockSql, registrationWrites, type EarlierMatter } from '../store/registration.repository.ts';
import { indexPetitions } from '../text/index-writer.ts';
import { claimAttachments } from '../store/attachment.repository.ts';
import { eventHash } from '../store/audit.ts';
import { isCategoryOffered } from '../store/category.repository.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { announceMatter, changeOf, type ChangedMatter } from './live.ts';

export interface PetitionerInput {
  name: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  isRepresentative?: boolean;
}

export interface RegisterInput {
  channel: Channel;
  receivedAt: string;
  petitioners: PetitionerInput[];
  headcount?: number;
  title: string;
  content: string;
  purpose?: Purpose;
  categoryCode?: string;
  regionCode?: string;
  address?: string;
  respondent?: { unitId?: number; name?: string };
  idempotencyKey?: string;
  /** tokens of uploaded files (POST /attachments) to join to the petition, in its transaction */
  attachments?: string[];
}

export interface RegisterActor {
  userId: number | null;
  unitId: number;
  roles: readonly ActorRole[];
}

export interface Registered {
  id: number;
  code: string;
  queryCode: string;
  matterId: number;
  isRepeat: boolean;
  status: string;
  deadlines: Deadlines;
  flags: string[];
}

/** What the search index needs of a new petition (text/index-writer.ts `petitionDoc`). */
export type PetitionDoc = NewPetitionDoc;

/**
 * The search-index row of a new petition is written either inside the registration's transaction (no sink: tests,
 * the CLI, imports, a server with FENGQIAO_JOBS=0 or FENGQIAO_TEXT_INDEX=inline) or, while a sink is set, handed
 * to it once the registration has committed: the server's petition indexer (jobs/scheduler.ts) writes the rows of
 * many registrations in one unit of work, moments later. A row that never gets written (the process died between
 * the commit and the indexer's write) is found by text catchUp(), as any petition lacking an index row.
 */
const indexSinks = new WeakMap<Ctx, (doc: PetitionDoc) => void>();
export function deferPetitionIndex(ctx: Ctx, sink: ((doc: PetitionDoc) => void) | null): void {
  if (sink) indexSinks.set(ctx, sink);
  else indexSinks.delete(ctx);
}

/** Group visits (集体访): five or more people; they choose representatives, no more than five (DOMAIN.md §3). */
export const GROUP_THRESHOLD = 5;
export const MAX_REPRESENTATIVES = 5;
const QUERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Future-dated receipt beyond this skew is a typing error, not a clock difference. */
const FUTURE_SKEW_MS = 5 * 60_000;

export function newQueryCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += QUERY_ALPHABET[b % QUERY_ALPHABET.length];
  return out;
}

interface CheckedPetitioner {
  name: string;
  position: number;
  idNormalized: string | null;
  phone: string | null;
  address: string | null;
  isRepresentative: boolean;
}

function checkPetitioners(input: RegisterInput, today: string): { people: CheckedPetitioner[]; headcount: number } {
  if (input.petitioners.length === 0) throw new DomainError('BAD_INPUT', '至少需要一名信访人', { field: 'petitioners' });
  const people = input.petitioners.map((p, i): CheckedPetitioner => {
    const name = p.name.trim();
    if (!name) throw new DomainError('BAD_INPUT', `第 ${i + 1} 名信访人缺少姓名`, { field: `petitioners[${i}].name` });
    let idNormalized: string | null = null;
    if (p.idNumber) {
      const r = checkIdNumber(p.idNumber, today);
      if (!r.ok) throw new DomainError('ID_INVALID', `第 ${i + 1} 名信访人：${r.message}`, { field: `petitioners[${i}].idNumber`, reason: r.code });
      idNormalized = r.normalized;
    }
    let phone: string | null = null;
    if (p.phone) {
      phone = normalizePhone(p.phone);
      if (!phone) throw new DomainError('PHONE_INVALID', `第 ${i + 1} 名信访人：电话号码格式不正确`, { field: `petitioners[${i}].phone` });
    }
    return { name, position: i + 1, idNormalized, phone, address: p.address?.trim() || null, isRepresentative: Boolean(p.isRepresentative) };
  });
  const headcount = input.headcount ?? people.length;
  if (!Number.isInteger(headcount) || headcount < people.length) {
    throw new DomainError('BAD_INPUT', '来访人数不能少于登记的信访人数', { field: 'headcount' });
  }
  const reps = people.filter((p) => p.isRepresentative).length;
  if (reps > MAX_REPRESENTATIVES) {
    throw new DomainError('TOO_MANY_REPRESENTATIVES', `集体访推选的代表不得超过 ${MAX_REPRESENTATIVES} 人（本次 ${reps} 人）`, { max: MAX_REPRESENTATIVES, given: reps });
  }
  if (headcount >= GROUP_THRESHOLD && reps === 0 && people.length > MAX_REPRESENTATIVES) {
    throw new DomainError('TOO_MANY_REPRESENTATIVES', `${headcount} 人的集体访须推选不超过 ${MAX_REPRESENTATIVES} 名代表`, { max: MAX_REPRESENTATIVES });
  }
  return { people, headcount };
}

/** The subject key of the exact same-matter rule. */
function subjectHash(input: RegisterInput): string {
  const respondent = input.respondent?.unitId ? `u${input.respondent.unitId}` : input.respondent?.name?.trim() ?? '';
  const key = input.categoryCode && respondent ? `c:${input.categoryCode}|${respondent}` : `t:${input.title.replace(/\s+/g, '')}`;
  return crypto.createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

export async function registerPetition(ctx: Ctx, actor: RegisterActor, input: RegisterInput): Promise<Registered> {
  const now = ctx.now();
  const receivedAt = new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime())) throw new DomainError('BAD_INPUT', 'receivedAt 不是有效时间', { field: 'receivedAt' });
  if (receivedAt.getTime() > Date.parse(now) + FUTURE_SKEW_MS) {
    throw new DomainError('BAD_INPUT', '收件时间不能晚于当前时间', { field: 'receivedAt' });
  }
  const received = receivedAt.toISOString();
  const title = input.title.trim();
  const content = input.content.trim();
  if (!title) throw new DomainError('BAD_INPUT', '标题不能为空', { field: 'title' });
  if (!content) throw new DomainError('BAD_INPUT', '信访内容不能为空', { field: 'content' });
  const { people, headcount } = checkPetitioners(input, shanghaiDate(now));
  const purpose: Purpose = input.purpose ?? 'demand';
  const handlingClass = classOfPurpose(purpose);
  // the dictionary administrators keep: a disabled category is offered for no new registration
  if (input.categoryCode && !(await isCategoryOffered(ctx.store.db, input.categoryCode))) {
    throw new DomainError('BAD_INPUT', `问题分类 ${input.categoryCode} 不存在或已停用`, { field: 'categoryCode' });
  }
  const org = ctx.org();
  const respondentUnitId = input.respondent?.unitId ?? null;
  if (respondentUnitId !== null && !org.unit(respondentUnitId)) {
    throw new DomainError('BAD_INPUT', `被反映单位 ${respondentUnitId} 不存在`, { field: 'respondent.unitId' });
  }
  const { pii } = ctx;
  // each ID number's keyed hash, once: the repeat look-up and the petitioner rows both use it
  const personIdHashes = people.map((p) => (p.idNormalized ? pii.hash('id', p.idNormalized) : null));
  const idHashes = personIdHashes.filter((h): h is string => h !== null);
  const subject = subjectHash(input);
  const db = ctx.store.db;

  if (input.idempotencyKey) {
    const prior = await db.selectFrom('petitions').select('id').where('idempotencyKey', '=', input.idempotencyKey).executeTakeFirst();
    if (prior) return existingRegistration(ctx, num(prior.id));
  }

  try {
    const v: Prepared = { now, received, title, content, people, headcount, purpose, handlingClass, respondentUnitId, idHashes, personIdHashes, subject };
    // PostgreSQL, and SQLite on a file: through the queue of groups (registerTogether), with others arriving together
    // in one group; a petition with files is written alone, in a transaction, in its turn
    return await (ctx.store.pg || ctx.store.sqliteBatch ? registerTogether(ctx, actor, input, v) : insertRegistration(ctx, actor, input, v));
  } catch (e) {
    // two submissions with one idempotency key raced: the loser answers with the winner's petition
    if (input.idempotencyKey && isUniqueViolation(e)) {
      const prior = await db.selectFrom('petitions').select('id').where('idempotencyKey', '=', input.idempotencyKey).executeTakeFirst();
      if (prior) return existingRegistration(ctx, num(prior.id));
    }
    throw e;
  }
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err?.message ?? '');
}

interface Prepared {
  now: string;
  received: string;
  title: string;
  content: string;
  people: CheckedPetitioner[];
  headcount: number;
  purpose: Purpose;
  handlingClass: ReturnType<typeof classOfPurpose>;
  respondentUnitId: number | null;
  idHashes: string[];
  /** per person (in `people` order): the ID number's keyed hash, or null */
  personIdHashes: (string | null)[];
  subject: string;
}

/** What a registration computes before the database: its petitioner rows (encrypted, hashed, masked) and query code. */
interface Staged {
  petitionerRows: Record<string, string | number | null>[];
  queryCode: string;
  /** the receipt day, yyyymmdd (Asia/Shanghai), of the readable codes */
  day: string;
}

function stage(ctx: Ctx, v: Prepared): Staged {
  const { pii } = ctx;
  const petitionerRows = v.people.map((p, i) => ({
    position: p.position,
    name: p.name,
    idHash: v.personIdHashes[i] ?? null,
    idEnc: p.idNormalized ? pii.encrypt(p.idNormalized) : null,
    idMasked: p.idNormalized ? maskIdNumber(p.idNormalized) : null,
    phoneHash: p.phone ? pii.hash('phone', p.phone) : null,
    phoneEnc: p.phone ? pii.encrypt(p.phone) : null,
    phoneMasked: p.phone ? maskPhone(p.phone) : null,
    address: p.address,
    isRepresentative: p.isRepresentative ? 1 : 0,
  }));
  return { petitionerRows, queryCode: newQueryCode(), day: shanghaiDate(v.received).replaceAll('-', '') };
}

/** The repeat rule applied to the person's earlier matters: the flags, the earlier matter of the same subject, and
 * the matter the petition joins (that one while it is open or terminated). */
function decide(earlierAll: readonly EarlierMatter[], v: Prepared) {
  const flags: string[] = [];
  const earlier = earlierAll.find((r) => r.subjectHash === v.subject);
  if (!earlierAll.length) flags.push('firstTime'); // 初信初访
  if (v.headcount >= GROUP_THRESHOLD) flags.push('group'); // 集体访
  if (earlier) flags.push('repeat'); // 重复访
  if (earlier?.status === 'terminated') flags.push('noFurtherAcceptance'); // 不再受理
  const linkTo = earlier && !['closed', 'declined'].includes(earlier.status) ? earlier : undefined;
  return { flags, earlier, linkTo };
}

/** The petition row and its event's data, once its id and matter are known. */
function petitionOf(actor: RegisterActor, input: RegisterInput, v: Prepared, st: Staged, petitionId: number, matterId: number, d: ReturnType<typeof decide>) {
  const code = `XF${st.day}${String(petitionId).padStart(7, '0')}`;
  const eventData = { petitionId, petitionCode: code, channel: input.channel, headcount: v.headcount, flags: d.flags };
  const petition = {
    id: petitionId, code, queryCode: st.queryCode, matterId, channel: input.channel, receivedAt: v.received, registeredAt: v.now,
    registeredBy: actor.userId, unitId: actor.unitId, title: v.title, content: v.content, purpose: v.purpose, handlingClass: v.handlingClass,
    categoryCode: input.categoryCode ?? null, regionCode: input.regionCode ?? null, address: input.address ?? null,
    headcount: v.headcount, isGroup: v.headcount >= GROUP_THRESHOLD ? 1 : 0, isRepeat: d.earlier ? 1 : 0, flags: JSON.stringify(d.flags),
    respondentUnitId: v.respondentUnitId, respondentName: input.respondent?.name ?? null, idempotencyKey: input.idempotencyKey ?? null,
  };
  const petitioners = st.petitionerRows.map((r) => ({ petitionId, ...r }));
  return { petition, petitioners, eventData };
}

/** A new matter's rows (matter, petition, petitioners, first event), its announcement and the answer. */
function newMatterOf(ctx: Ctx, actor: RegisterActor, input: RegisterInput, v: Prepared, st: Staged, ids: { matterId: number; petitionId: number }, d: ReturnType<typeof decide>) {
  const { matterId, petitionId } = ids;
  const { petition, petitioners, eventData } = petitionOf(actor, input, v, st, petitionId, matterId, d);
  const deadlines = initialDeadlines(ctx.calendar(), ctx.limits, v.received);
  const fields = {
    matterId, seq: 1, action: 'register', fromStatus: null, toStatus: 'registered',
    actorUserId: actor.userId, actorUnitId: actor.unitId, at: v.received, recordedAt: v.now,
    data: JSON.stringify({ ...eventData, deadlines }),
  };
  const hash = eventHash(GENESIS, fields, ctx.auditHash);
  const matter = {
    id: matterId, code: `SX${st.day}${String(matterId).padStart(7, '0')}`, status: 'registered', version: 1,
    unitId: actor.unitId, registeringUnitId: actor.unitId, handlingClass: v.handlingClass, purpose: v.purpose,
    accusedUnitId: v.handlingClass === 'accusation' ? v.respondentUnitId : null,
    categoryCode: input.categoryCode ?? null, regionCode: input.regionCode ?? null, channel: input.channel, title: v.title,
    subjectHash: v.subject, receivedAt: v.received, registeredAt: v.now, extendedDays: 0, pausedDays: 0, petitionCount: 1,
    chainHead: hash, updatedAt: v.now, ...dueColumns(deadlines),
  };
  const rows = { matter, petition, petitioners, event: { ...fields, prevHash: GENESIS, hash } };
  const change: ChangedMatter = { id: matterId, version: 1, status: 'registered', unitId: matter.unitId, registeringUnitId: matter.registeringUnitId, routedByUnitId: null, reviewUnitId: null, accusedUnitId: matter.accusedUnitId };
  const result: Registered = { id: petitionId, code: petition.code, queryCode: st.queryCode, matterId, isRepeat: Boolean(d.earlier), status: 'registered', deadlines, flags: d.flags };
  return { rows, petition, change, result };
}

async function insertRegistration(ctx: Ctx, actor: RegisterActor, input: RegisterInput, v: Prepared, st: Staged = stage(ctx, v)): Promise<Registered> {
  const { now, received, idHashes } = v;
  const { auditHash } = ctx;
  let changed: ChangedMatter | undefined; // announced once the registration has committed
  let announced = false; // …or by the insert statement itself (PostgreSQL)
  const indexSink = indexSinks.get(ctx);
  let doc: PetitionDoc | undefined; // for the sink, once committed

  // PostgreSQL: the people's locks first, held to the commit (registration.repository.ts personLockSql), so that
  // another process registering one of them at the same moment sees this petition
  const unit = ctx.store.pg && idHashes.length
    ? <T>(work: (tx: Tx) => Promise<T>) => ctx.store.db.transaction().execute(async (tx) => { await lockPeople(tx, idHashes); return work(tx); })
    : ctx.store.atomic;
  const registered = await unit(async (tx0) => {
    const { earlier: earlierAll, ...reserved } = await lookUpAndReserve(tx0, ctx.store, idHashes);
    const d = decide(earlierAll, v);
    const { flags, linkTo } = d;

    if (linkTo) {
      // the petition joins the open (or terminated) matter: an event on its chain, no state change, no new routing
      const matterId = linkTo.id;
      const { petition, petitioners, eventData } = petitionOf(actor, input, v, st, reserved.petitionId, matterId, d);
      return ctx.store.within(tx0, async (tx) => {
        await insertRegistration_(tx, ctx.store, { matter: null, petition, petitioners, event: null });
        await claimAttachments(tx, input.attachments, petition.id, matterId);
        if (indexSink) doc = petition;
        else await indexNewPetition(tx, petition);
        const seq = linkTo.version + 1;
        const hash = await appendEvent(tx, matterId, seq, linkTo.chainHead, {
          action: 'linkPetition', fromStatus: linkTo.status as MatterStatus, toStatus: linkTo.status as MatterStatus,
          actorUserId: actor.userId, actorUnitId: actor.unitId, at: received, recordedAt: now, data: eventData,
        }, auditHash);
        const res = await tx
          .updateTable('matters')
          .set((eb) => ({ version: seq, chainHead: hash, petitionCount: eb('petitionCount', '+', 1), updatedAt: now }))
          .where('id', '=', matterId)
          .where('version', '=', linkTo.version)
          .executeTakeFirst();
        if (num(res.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', '关联的信访事项刚被更新，请重试');
        const row = await tx.selectFrom('matters').select(['deadlines', 'unitId', 'registeringUnitId', 'routedByUnitId', 'reviewUnitId', 'accusedUnitId']).where('id', '=', matterId).executeTakeFirstOrThrow();
        changed = { id: matterId, version: seq, status: linkTo.status, ...unitsOf(row) };
        return { id: petition.id, code: petition.code, queryCode: st.queryCode, matterId, isRepeat: true, status: linkTo.status, deadlines: JSON.parse(row.deadlines) as Deadlines, flags };
      });
    }

    const { rows, petition, change, result } = newMatterOf(ctx, actor, input, v, st, reserved, d);
    if (input.attachments?.length) {
      // files join in the same transaction (one statement alone needs none)
      await ctx.store.within(tx0, async (tx) => { await insertRegistration_(tx, ctx.store, rows); await claimAttachments(tx, input.attachments, petition.id, result.matterId); });
    } else {
      // the statement announces the matter when it commits, where it can (PostgreSQL, its index row deferred:
      // nothing else is written after it)
      announced = await insertRegistration_(tx0, ctx.store, rows, indexSink && ctx.store.pg ? changeOf(change) : undefined);
    }
    // the search index row (issue 7), here or by the sink after the commit; on PostgreSQL a second statement here
    // (if it is lost, text catchUp() restores it)
    if (indexSink) doc = petition;
    else await indexNewPetition(tx0, petition);
    changed = change;
    return result;
  });
  if (doc) indexSink!(doc);
  if (changed && !announced) await announceMatter(ctx, changed);
  return registered;
}

/**
 * PostgreSQL: registrations that arrive together are written together. Each registration alone costs two round
 * trips (the repeat look-up with its ids, then the one insert statement) and a commit; under load the server's CPU
 * per round trip and the database's per statement and commit were most of a registration's cost. Those queued
 * while an earlier group is in flight go as the next group: one look-up for all
 * their ID hashes with all their ids, then one statement writing every new matter, petition, petitioner and first
 * event (registration.repository.ts `insertRegistrations`), committed once; each caller gets its own answer.
 *
 * SQLite on a file: the same groups, for another reason. The request thread is the server's bottleneck there, and a
 * quarter of its time went to SQLite's inserts and commits; a group's look-up runs on the request thread and its rows
 * are written by the writer thread (store/sqlite-writer.ts), on the machine's other core (docs/SCALE.md).
 *
 * Each registration still means what it meant alone:
 * - a petition by a person already in the group (same ID hash) waits for the group and is registered after it,
 *   alone, so it sees the earlier one and is linked to it as a repeat;
 * - a petition joining an earlier matter (an event on that matter's chain, compare-and-set) is registered alone;
 * - a petition with files is registered alone, in its turn (the files are claimed in its own transaction): it goes
 *   through the queue all the same, so that its look-up too sees every registration before it;
 * - if the group's statement fails (a duplicate idempotency key, say) nothing of it was written, and each of its
 *   registrations is tried alone, so only the one at fault fails.
 * A registration that finds nothing else queued is registered alone at once (no waiting under light load).
 */
interface Job {
  actor: RegisterActor;
  input: RegisterInput;
  v: Prepared;
  /** written alone, once the groups before it are done: a petition with files, one joining a matter, a failed group's */
  alone: boolean;
  resolve: (r: Registered) => void;
  reject: (e: unknown) => void;
}
const MAX_GROUP = 64;
/**
 * Groups in flight at once. A group's look-up must see every registration written before it of the same people: a
 * petition whose person is in a group still in flight waits for the next group (with two in flight and no such rule,
 * the second person's look-up ran before the first group's statement committed, and a repeat by a person of the first
 * group was not linked: test/services/register-together.test.ts failed one run in three).
 * - PostgreSQL: one. One at a time also makes the groups larger (16 against 11–12 under the bench's 32 connections),
 *   so that each registration's share of a group's round trips and commit is smaller (docs/SCALE.md).
 * - SQLite: two, so that the writer thread writes one group while the request thread decides the next; with one, the
 *   writer waited for the request thread between groups (docs/SCALE.md). The second group's ids follow the first's.
 */
const IN_FLIGHT = { postgres: 1, sqlite: 2 } as const;
const batchers = new WeakMap<Ctx, (job: Job) => void>();

/** How the registrations of this process were written: in groups (and how many), or alone (GET /metrics). */
export interface GroupStats {
  /** groups written by one statement (PostgreSQL) or one batch of the writer thread (SQLite) */
  groups: number;
  /** registrations written in those groups */
  grouped: number;
  /** groups whose statement failed, so that each of their registrations was tried alone */
  retriedAlone: number;
}
const stats = new WeakMap<Ctx, GroupStats>();
export function registrationGroupStats(ctx: Ctx): GroupStats {
  let s = stats.get(ctx);
  if (!s) stats.set(ctx, (s = { groups: 0, grouped: 0, retriedAlone: 0 }));
  return s;
}

function registerTogether(ctx: Ctx, actor: RegisterActor, input: RegisterInput, v: Prepared): Promise<Registered> {
  let submit = batchers.get(ctx);
  if (!submit) batchers.set(ctx, (submit = batcher(ctx)));
  // files are claimed in the registration's own transaction: alone
  return new Promise<Registered>((resolve, reject) => submit({ actor, input, v, alone: Boolean(input.attachments?.length), resolve, reject }));
}

/**
 * SQLite: the ids given to the groups in flight. A group decided while another is in flight takes the ids after that
 * one's, and expects to find them the highest in the database when the writer comes to it.
 */
interface Reserved {
  top: { matter: number; petition: number } | undefined;
  /** the newest group's number: when it is done, the database says again which ids are free */
  newest: number;
}

function batcher(ctx: Ctx): (job: Job) => void {
  const limit = IN_FLIGHT[ctx.store.dialect];
  let queue: Job[] = [];
  let groups = 0;
  let aloneRunning = false;
  let scheduled = false;
  const busy = new Map<string, number>(); // the ID hashes of the groups in flight
  const reserved: Reserved = { top: undefined, newest: 0 };
  const schedule = () => { if (!scheduled) { scheduled = true; setImmediate(pump); } };
  const hold = (hashes: string[], by: number) => { for (const h of hashes) { const n = (busy.get(h) ?? 0) + by; if (n) busy.set(h, n); else busy.delete(h); } };
  const pump = () => {
    scheduled = false;
    while (queue.length && !aloneRunning && groups < limit) {
      const head = queue[0]!;
      if (head.alone || (!groups && queue.length === 1)) {
        if (groups) break; // after the groups before it
        queue = queue.slice(1);
        aloneRunning = true;
        void insertRegistration(ctx, head.actor, head.input, head.v).then(head.resolve, head.reject).finally(() => { aloneRunning = false; schedule(); });
        break;
      }
      // the group: from the front up to the first to be written alone; a person already in it, or in a group in
      // flight, waits for the next one
      const group: Job[] = [], waiting: Job[] = [];
      const taken = new Set<string>();
      let i = 0;
      for (; i < queue.length && !queue[i]!.alone && group.length < MAX_GROUP; i++) {
        const j = queue[i]!;
        if (j.v.idHashes.some((h) => busy.has(h) || taken.has(h))) waiting.push(j);
        else { group.push(j); for (const h of j.v.idHashes) taken.add(h); }
      }
      if (!group.length) break;
      queue = [...waiting, ...queue.slice(i)];
      groups++;
      hold([...taken], 1);
      void writeGroup(ctx, group, reserved)
        .then((again) => { if (again.length) queue = [...again, ...queue]; }, (e: unknown) => { for (const j of group) j.reject(e); })
        .finally(() => { groups--; hold([...taken], -1); schedule(); });
    }
  };
  return (job) => {
    queue.push(job);
    // those arriving in this turn of the event loop join the same group (when one can start: else the end of one
    // in flight pumps)
    if (groups < limit && !aloneRunning) schedule();
  };
}

/**
 * Writes a group (no two of its petitions by one person) and answers each written registration; returns those to go
 * again, alone: one joining an earlier matter (an event on that matter's chain, compare-and-set), and every one of a
 * group whose rows were not written. Rejects only when nothing was written and nothing can be (the look-up failed).
 */
async function writeGroup(ctx: Ctx, group: Job[], reserved: Reserved): Promise<Job[]> {
  const again: Job[] = [];
  const hashes = [...new Set(group.flatMap((j) => j.v.idHashes))];
  const { written, ok } = await (ctx.store.pg ? writeGroupPg(ctx, group, hashes, again) : writeGroupSqlite(ctx, group, hashes, reserved, again));
  if (!written.length) return again;
  const sink = indexSinks.get(ctx);
  const s = registrationGroupStats(ctx);
  if (!ok) {
    // nothing of the group was written (a duplicate idempotency key, the announcements refused, a fault, or on
    // SQLite a matter moved meanwhile): each is tried alone, so only the one at fault fails
    s.retriedAlone++;
    return [...written.map((w) => ({ ...w.job, alone: true })), ...again];
  }
  s.groups++;
  s.grouped += written.length;
  if (sink) for (const w of written) sink(w.built.petition);
  else {
    try { await indexPetitions(ctx.store, written.map((w) => w.built.petition)); }
    catch (e) { ctx.log.warn({ err: e }, 'text index of a group of registrations not written; left to the catch-up'); }
  }
  // PostgreSQL's statement announced them at its commit, when the index rows went to the sink
  if (!(sink && ctx.store.pg)) for (const w of written) await announceMatter(ctx, w.built.change);
  for (const w of written) w.job.resolve(w.built.result);
  return again;
}

interface Written { job: Job; built: ReturnType<typeof newMatterOf> }
/** A group's outcome: the registrations built (the others went to `again`), and whether their rows were committed. */
interface GroupOutcome { written: Written[]; ok: boolean }

/**
 * The rows of a group's registrations, decided on their people's earlier matters, with the ids in order; one joining
 * a matter goes to `again`, alone.
 */
function buildGroup(ctx: Ctx, group: Job[], found: { earlier: Map<string, EarlierMatter[]>; matterIds: number[]; petitionIds: number[] }, again: Job[]): Written[] {
  const written: Written[] = [];
  for (const j of group) {
    const all = j.v.idHashes.flatMap((h) => found.earlier.get(h) ?? []);
    const mine = [...new Map(all.map((e) => [e.id, e])).values()].sort((a, b) => b.id - a.id).slice(0, 50);
    const d = decide(mine, j.v);
    if (d.linkTo) { again.push({ ...j, alone: true }); continue; }
    const k = written.length;
    written.push({ job: j, built: newMatterOf(ctx, j.actor, j.input, j.v, stage(ctx, j.v), { matterId: found.matterIds[k]!, petitionId: found.petitionIds[k]! }, d) });
  }
  return written;
}

/**
 * PostgreSQL: one transaction on one connection: the people's locks (another process registering one of them waits,
 * and then sees these rows), the look-up with the ids, the rows; committed once. Rejects only if nothing was sent.
 */
async function writeGroupPg(ctx: Ctx, group: Job[], hashes: string[], again: Job[]): Promise<GroupOutcome> {
  const client = await ctx.store.pg!.connect();
  let wrote = false; // the statement with the rows was sent
  let broken: Error | undefined;
  let written: Written[] = [];
  try {
    await client.query(`begin; ${personLockSql(hashes)}`);
    written = buildGroup(ctx, group, await lookUpAndReserveMany(client, group.length, hashes), again);
    wrote = true;
    // announced by the statement itself, at its commit, when nothing is written after it (the index rows deferred)
    if (written.length) await insertRegistrations(client, written.map((w) => w.built.rows), indexSinks.get(ctx) ? written.map((w) => changeOf(w.built.change)) : []);
    await client.query('commit');
    return { written, ok: true };
  } catch (e) {
    await client.query('rollback').catch((e2: unknown) => { broken = e2 as Error; });
    if (!wrote) throw e;
    return { written, ok: false };
  } finally {
    client.release(broken);
  }
}

/**
 * SQLite on a file: the look-up and the rows on the request thread, the rows written by the writer thread
 * (store/sqlite-writer.ts) in one transaction, which first checks that what the group was decided on still holds
 * (registration.repository.ts `lookUpForGroupSqlite`): the ids still free, the people's earlier matters unmoved.
 */
async function writeGroupSqlite(ctx: Ctx, group: Job[], hashes: string[], reserved: Reserved, again: Job[]): Promise<GroupOutcome> {
  const { store } = ctx;
  const found = lookUpForGroupSqlite(store.sqlite!, group.length, hashes, reserved.top);
  const written = buildGroup(ctx, group, found, again);
  if (!written.length) return { written, ok: true };
  const mine = ++reserved.newest;
  reserved.top = { matter: found.matterIds[written.length - 1]!, petition: found.petitionIds[written.length - 1]! };
  const outcome = await store.sqliteBatch!({ checks: found.checks, writes: registrationWrites(written.map((w) => w.built.rows)) }).catch(() => 'failed' as const);
  if (reserved.newest === mine) reserved.top = undefined;
  return { written, ok: outcome === 'written' };
}

const optId = (v: unknown) => (v === null || v === undefined ? null : num(v));
const unitsOf = (r: { unitId: unknown; registeringUnitId: unknown; routedByUnitId: unknown; reviewUnitId: unknown; accusedUnitId: unknown }) => ({
  unitId: optId(r.unitId), registeringUnitId: optId(r.registeringUnitId), routedByUnitId: optId(r.routedByUnitId), reviewUnitId: optId(r.reviewUnitId), accusedUnitId: optId(r.accusedUnitId),
});

async function existingRegistration(ctx: Ctx, petitionId: number): Promise<Registered> {
  const r = await ctx.store.db
    .selectFrom('petitions')
    .innerJoin('matters', 'matters.id', 'petitions.matterId')
    .select(['petitions.id', 'petitions.code', 'petitions.queryCode', 'petitions.matterId', 'petitions.isRepeat', 'petitions.flags', 'matters.status', 'matters.deadlines'])
    .where('petitions.id', '=', petitionId)
    .executeTakeFirstOrThrow();
  return {
    id: num(r.id),
    code: r.code,
    queryCode: r.queryCode,
    matterId: num(r.matterId),
    isRepeat: r.isRepeat === 1,
    status: r.status,
    deadlines: JSON.parse(r.deadlines) as Deadlines,
    flags: JSON.parse(r.flags) as string[],
  };
}
