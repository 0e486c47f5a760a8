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
import { appendEvent, dueColumns, GENESIS } from '../store/matter.repository.ts';
import { insertRegistration as insertRegistration_, lookUpAndReserve } from '../store/registration.repository.ts';
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
    return await insertRegistration(ctx, actor, input, { now, received, title, content, people, headcount, purpose, handlingClass, respondentUnitId, idHashes, personIdHashes, subject });
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

async function insertRegistration(ctx: Ctx, actor: RegisterActor, input: RegisterInput, v: Prepared): Promise<Registered> {
  const { now, received, title, content, people, headcount, purpose, handlingClass, respondentUnitId, idHashes, personIdHashes, subject } = v;
  const { pii, auditHash } = ctx;
  const day = shanghaiDate(received).replaceAll('-', '');
  // the costly parts that need no database: encryption, hashing, masks
  const petitionerRows = people.map((p, i) => ({
    position: p.position,
    name: p.name,
    idHash: personIdHashes[i] ?? null,
    idEnc: p.idNormalized ? pii.encrypt(p.idNormalized) : null,
    idMasked: p.idNormalized ? maskIdNumber(p.idNormalized) : null,
    phoneHash: p.phone ? pii.hash('phone', p.phone) : null,
    phoneEnc: p.phone ? pii.encrypt(p.phone) : null,
    phoneMasked: p.phone ? maskPhone(p.phone) : null,
    address: p.address,
    isRepresentative: p.isRepresentative ? 1 : 0,
  }));
  const queryCode = newQueryCode();
  let changed: ChangedMatter | undefined; // announced once the registration has committed
  let announced = false; // …or by the insert statement itself (PostgreSQL)
  const indexSink = indexSinks.get(ctx);
  let doc: PetitionDoc | undefined; // for the sink, once committed

  const registered = await ctx.store.atomic(async (tx0) => {
    const flags: string[] = [];
    const { earlier: earlierAll, ...reserved } = await lookUpAndReserve(tx0, ctx.store, idHashes);
    const earlier = earlierAll.find((r) => r.subjectHash === subject);
    if (!earlierAll.length) flags.push('firstTime'); // 初信初访
    if (headcount >= GROUP_THRESHOLD) flags.push('group'); // 集体访
    if (earlier) flags.push('repeat'); // 重复访
    if (earlier?.status === 'terminated') flags.push('noFurtherAcceptance'); // 不再受理
    const linkTo = earlier && !['closed', 'declined'].includes(earlier.status) ? earlier : undefined;

    const matterId = linkTo ? linkTo.id : reserved.matterId;
    const petitionId = reserved.petitionId;
    const code = `XF${day}${String(petitionId).padStart(7, '0')}`;
    const eventData = { petitionId, petitionCode: code, channel: input.channel, headcount, flags };
    const petition = {
      id: petitionId, code, queryCode, matterId, channel: input.channel, receivedAt: received, registeredAt: now,
      registeredBy: actor.userId, unitId: actor.unitId, title, content, purpose, handlingClass,
      categoryCode: input.categoryCode ?? null, regionCode: input.regionCode ?? null, address: input.address ?? null,
      headcount, isGroup: headcount >= GROUP_THRESHOLD ? 1 : 0, isRepeat: earlier ? 1 : 0, flags: JSON.stringify(flags),
      respondentUnitId, respondentName: input.respondent?.name ?? null, idempotencyKey: input.idempotencyKey ?? null,
    };
    const petitioners = petitionerRows.map((r) => ({ petitionId, ...r }));

    if (linkTo) {
      // the petition joins the open (or terminated) matter: an event on its chain, no state change, no new routing
      return ctx.store.within(tx0, async (tx) => {
        await insertRegistration_(tx, ctx.store, { matter: null, petition, petitioners, event: null });
        await claimAttachments(tx, input.attachments, petitionId, matterId);
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
        return { id: petitionId, code, queryCode, matterId, isRepeat: true, status: linkTo.status, deadlines: JSON.parse(row.deadlines) as Deadlines, flags };
      });
    }

    const deadlines = initialDeadlines(ctx.calendar(), ctx.limits, received);
    const fields = {
      matterId, seq: 1, action: 'register', fromStatus: null, toStatus: 'registered',
      actorUserId: actor.userId, actorUnitId: actor.unitId, at: received, recordedAt: now,
      data: JSON.stringify({ ...eventData, deadlines }),
    };
    const hash = eventHash(GENESIS, fields, auditHash);
    const matter = {
      id: matterId, code: `SX${day}${String(matterId).padStart(7, '0')}`, status: 'registered', version: 1,
      unitId: actor.unitId, registeringUnitId: actor.unitId, handlingClass, purpose,
      accusedUnitId: handlingClass === 'accusation' ? respondentUnitId : null,
      categoryCode: input.categoryCode ?? null, regionCode: input.regionCode ?? null, channel: input.channel, title,
      subjectHash: subject, receivedAt: received, registeredAt: now, extendedDays: 0, pausedDays: 0, petitionCount: 1,
      chainHead: hash, updatedAt: now, ...dueColumns(deadlines),
    };
    const rows = { matter, petition, petitioners, event: { ...fields, prevHash: GENESIS, hash } };
    const change: ChangedMatter = { id: matterId, version: 1, status: 'registered', unitId: matter.unitId, registeringUnitId: matter.registeringUnitId, routedByUnitId: null, reviewUnitId: null, accusedUnitId: matter.accusedUnitId };
    if (input.attachments?.length) {
      // files join in the same transaction (one statement alone needs none)
      await ctx.store.within(tx0, async (tx) => { await insertRegistration_(tx, ctx.store, rows); await claimAttachments(tx, input.attachments, petitionId, matterId); });
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
    return { id: petitionId, code, queryCode, matterId, isRepeat: Boolean(earlier), status: 'registered', deadlines, flags };
  });
  if (doc) indexSink!(doc);
  if (changed && !announced) await announceMatter(ctx, changed);
  return registered;
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
