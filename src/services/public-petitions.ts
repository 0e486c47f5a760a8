/**
 * The citizen's side (API.md "Public"): submit online, follow progress by query code + phone, evaluate.
 * A wrong code and a wrong phone answer exactly alike, so the lookup cannot be used to probe codes.
 * What a citizen sees is the public timeline: what happened and when, and the documents addressed to them —
 * never a person's data, internal reasons or who handled it inside.
 */
import '../store/schema-portal.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { normalizePhone } from '../domain/id-number.ts';
import type { Evaluation, Purpose } from '../domain/types.ts';
import { queueNotification } from '../notify/notifier.ts';
import { num } from '../store/db.ts';
import { matterEvents } from '../store/matter.repository.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { publishedDocument, publishedDocuments, type DocFormat } from './documents.ts';
import { eventLabel, STATUS_LABELS } from './matter-views.ts';
import { registerPetition } from './register-petition.ts';
import { verifySmsCode } from './sms-codes.ts';

export interface PublicSubmission {
  name: string;
  idNumber: string;
  phone: string;
  address?: string;
  title: string;
  content: string;
  purpose?: Purpose;
  categoryCode?: string;
  regionCode?: string;
  idempotencyKey?: string;
  /** the code sent by POST /public/sms-codes: proves the phone (docs/PORTAL.md) */
  smsCode?: string;
  /** tokens from POST /public/attachments */
  attachments?: string[];
}

/**
 * Strict mode (FENGQIAO_PUBLIC_STRICT=1) requires the SMS code. A retry with the same Idempotency-Key answers the
 * first petition — only to the same phone, so that a key cannot be used to fetch someone else's query code.
 */
export async function submitOnline(ctx: Ctx, s: PublicSubmission, opts: { strict?: boolean } = {}): Promise<{ queryCode: string }> {
  const idempotencyKey = s.idempotencyKey ? `public:${s.idempotencyKey}` : undefined;
  const phone = normalizePhone(s.phone);
  if (idempotencyKey) {
    const prior = await ctx.store.db.selectFrom('petitions').select(['id', 'queryCode']).where('idempotencyKey', '=', idempotencyKey).executeTakeFirst();
    if (prior) {
      const same = phone && await ctx.store.db.selectFrom('petitioners').select('id').where('petitionId', '=', num(prior.id)).where('phoneHash', '=', ctx.pii.hash('phone', phone)).executeTakeFirst();
      if (!same) throw new DomainError('CONFLICT', '该幂等键已用于另一次提交', { field: 'Idempotency-Key' });
      return { queryCode: prior.queryCode };
    }
  }
  const code = s.smsCode !== undefined ? await verifySmsCode(ctx, { phone: s.phone, purpose: 'petition', code: s.smsCode, useKey: idempotencyKey }) : null;
  if (!code && opts.strict) throw new DomainError('SMS_CODE_INVALID', '请填写短信验证码', { field: 'smsCode' });
  try {
    return await registerOnline(ctx, s, idempotencyKey, code !== null);
  } catch (e) {
    await code?.release();
    throw e;
  }
}

async function registerOnline(ctx: Ctx, s: PublicSubmission, idempotencyKey: string | undefined, verified: boolean) {
  const org = ctx.org();
  // the bureau of the place the petition is about, or the top bureau
  const bureaus = org.units.filter((u) => u.kind === 'bureau');
  const byRegion = s.regionCode ? bureaus.filter((b) => s.regionCode!.startsWith(b.regionCode.replace(/(00)+$/, ''))).sort((a, b) => b.regionCode.length - a.regionCode.length || b.regionCode.localeCompare(a.regionCode)) : [];
  const bureau = byRegion[0] ?? bureaus.find((b) => b.parentId === null) ?? bureaus[0];
  if (!bureau) throw new DomainError('INTERNAL', 'no petition bureau configured');
  const r = await registerPetition(ctx, { userId: null, unitId: bureau.id, roles: ['citizen'] }, {
    channel: 'online',
    receivedAt: ctx.now(),
    petitioners: [{ name: s.name, idNumber: s.idNumber, phone: s.phone, address: s.address }],
    title: s.title,
    content: s.content,
    purpose: s.purpose,
    categoryCode: s.categoryCode,
    regionCode: s.regionCode,
    address: s.address,
    idempotencyKey,
    attachments: s.attachments,
  });
  if (verified) await ctx.store.db.updateTable('petitioners').set({ phoneVerified: 1 }).where('petitionId', '=', r.id).execute();
  // the query code by SMS as well (sent by the delivery job; one message per petition however often this runs)
  await queueNotification(ctx, {
    template: 'petition.registered', to: s.phone, dedupeKey: `online-registered:${r.id}`, matterId: r.matterId,
    vars: { date: shanghaiDate(ctx.now()), queryCode: r.queryCode },
  });
  return { queryCode: r.queryCode };
}

const LOOKUP_FAILED = () => new DomainError('NOT_FOUND', '查询码或手机号不正确');

async function findByCodeAndPhone(ctx: Ctx, queryCode: string, phone: string) {
  const normalized = normalizePhone(phone);
  const db = ctx.store.db;
  const p = await db.selectFrom('petitions').select(['id', 'matterId', 'title', 'receivedAt', 'channel']).where('queryCode', '=', queryCode.trim().toUpperCase()).executeTakeFirst();
  // the same answer whichever part is wrong
  if (!p || !normalized) throw LOOKUP_FAILED();
  const match = await db.selectFrom('petitioners').select('id').where('petitionId', '=', p.id).where('phoneHash', '=', ctx.pii.hash('phone', normalized)).executeTakeFirst();
  if (!match) throw LOOKUP_FAILED();
  return { ...p, id: num(p.id), matterId: num(p.matterId) };
}

/** The documents a step addresses to the petitioner (DOMAIN.md §5: written notices). */
const DOCUMENTS: Record<string, string> = {
  accept: '受理告知书', decline: '不予受理告知书', extend: '延期告知书', reply: '信访处理意见书',
  decideReview: '复查意见书', decideReReview: '复核意见书',
};
/** Fields of an event's data a petitioner may read. */
const PUBLIC_FIELDS: Record<string, string[]> = {
  decline: ['channelGuidance'], extend: ['days', 'due'], reply: ['outcome', 'text'],
  decideReview: ['decision', 'text'], decideReReview: ['decision', 'text'], evaluate: ['result'],
};

export async function publicProgress(ctx: Ctx, queryCode: string, phone: string) {
  const p = await findByCodeAndPhone(ctx, queryCode, phone);
  const m = await ctx.store.db.selectFrom('matters').select(['status', 'deadlines', 'evaluation']).where('id', '=', p.matterId).executeTakeFirstOrThrow();
  const events = await matterEvents(ctx.store.db, p.matterId);
  const timeline = events
    .filter((e) => !['pauseClock', 'resumeClock', 'object', 'linkPetition'].includes(e.action))
    .map((e) => {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      const shown = Object.fromEntries((PUBLIC_FIELDS[e.action] ?? []).filter((k) => k in data).map((k) => [k, data[k]]));
      return { action: e.action, label: eventLabel(e.action), at: e.at, details: shown };
    });
  const documents = await documentsOf(ctx, p.matterId, events, queryCode.trim().toUpperCase(), phone);
  const deadlines = JSON.parse(m.deadlines) as Record<string, { due: string }>;
  const windows = Object.fromEntries(
    (['evaluation', 'reviewRequest', 'reReviewRequest'] as const).filter((k) => deadlines[k]).map((k) => [k, deadlines[k]!.due]),
  );
  return {
    queryCode: queryCode.trim().toUpperCase(),
    title: p.title,
    channel: p.channel,
    receivedAt: p.receivedAt,
    status: m.status,
    statusLabel: STATUS_LABELS[m.status as keyof typeof STATUS_LABELS],
    evaluation: m.evaluation,
    windows,
    timeline,
    documents,
  };
}

/** The document kind staff issue (services/documents.ts) for each step's written notice. */
const KIND_OF_STEP: Record<string, string> = {
  accept: 'acceptanceNotice', decline: 'declineNotice', extend: 'extensionNotice', reply: 'handlingOpinion',
  decideReview: 'reviewOpinion', decideReReview: 'reReviewOpinion',
};
/** Kinds a petitioner may see once published; the 督办单 is internal and never public. */
const PUBLIC_KINDS = new Set(['acceptanceNotice', 'declineNotice', 'extensionNotice', 'handlingOpinion', 'reviewOpinion', 'reReviewOpinion']);

const petitionerDocuments = async (ctx: Ctx, matterId: number) => (await publishedDocuments(ctx, matterId)).filter((d) => PUBLIC_KINDS.has(d.kind));

/**
 * Each step's notice, and the documents staff published (issue 5, `publish: true`): a published document takes the
 * place of its step's entry (with its id and download url); one without a matching step is listed on its own.
 */
async function documentsOf(ctx: Ctx, matterId: number, events: { action: string; at: string }[], code: string, phone: string) {
  const published = (await petitionerDocuments(ctx, matterId)).map((d) => ({
    id: d.id, type: d.kind, title: d.title, date: d.createdAt,
    url: `/api/v1/public/petitions/${code}/documents/${d.id}?phone=${encodeURIComponent(phone)}`,
  }));
  const out: { id?: number; type: string; title: string; date: string; url?: string }[] = [];
  for (const e of events) {
    const title = DOCUMENTS[e.action];
    if (!title) continue;
    const i = published.findIndex((d) => d.type === KIND_OF_STEP[e.action]);
    out.push(i >= 0 ? { ...published.splice(i, 1)[0]!, type: e.action } : { type: e.action, title, date: e.at });
  }
  return [...out, ...published];
}

/** GET /public/petitions/{code}/documents/{id}: a published document of this petition's matter (.docx, or PDF). */
export async function publicDocument(ctx: Ctx, queryCode: string, phone: string, id: number, format: DocFormat = 'docx') {
  const p = await findByCodeAndPhone(ctx, queryCode, phone);
  if (!(await petitionerDocuments(ctx, p.matterId)).some((d) => d.id === id)) throw new DomainError('NOT_FOUND', '文书不存在');
  return publishedDocument(ctx, p.matterId, id, format);
}

/**
 * 申请复查 / 申请复核 by the petitioner, through the lifecycle (requestReview / requestReReview as the citizen).
 * Past the window the lifecycle refuses (LIMIT_PASSED); the portal contract answers 409 WINDOW_CLOSED with the
 * date the window closed, so the page can say so.
 */
export async function publicRequestReview(ctx: Ctx, queryCode: string, phone: string, level: 'review' | 'reReview', reason: string) {
  const p = await findByCodeAndPhone(ctx, queryCode, phone);
  const action = level === 'review' ? 'requestReview' : 'requestReReview';
  try {
    await actOnMatter(ctx, { userId: null, unitId: null, roles: ['citizen'] }, p.matterId, action, { reason: reason.trim() });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'LIMIT_PASSED') {
      const closedOn = String(e.details?.due ?? '');
      throw new DomainError('WINDOW_CLOSED', `${level === 'review' ? '申请复查' : '申请复核'}的期限已于 ${closedOn} 届满`, { closedOn });
    }
    throw e;
  }
  return publicProgress(ctx, queryCode, phone);
}

export async function publicEvaluate(ctx: Ctx, queryCode: string, phone: string, result: Evaluation) {
  const p = await findByCodeAndPhone(ctx, queryCode, phone);
  await actOnMatter(ctx, { userId: null, unitId: null, roles: ['citizen'] }, p.matterId, 'evaluate', { result });
  return publicProgress(ctx, queryCode, phone);
}
