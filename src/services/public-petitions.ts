/**
 * The citizen's side (API.md "Public"): submit online, follow progress by query code + phone, evaluate.
 * A wrong code and a wrong phone answer exactly alike, so the lookup cannot be used to probe codes.
 * What a citizen sees is the public timeline: what happened and when, and the documents addressed to them —
 * never a person's data, internal reasons or who handled it inside.
 */
import { DomainError } from '../domain/errors.ts';
import { normalizePhone } from '../domain/id-number.ts';
import type { Evaluation, Purpose } from '../domain/types.ts';
import { num } from '../store/db.ts';
import { matterEvents } from '../store/matter.repository.ts';
import { actOnMatter } from './act-on-matter.ts';
import type { Ctx } from './context.ts';
import { eventLabel, STATUS_LABELS } from './matter-views.ts';
import { registerPetition } from './register-petition.ts';

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
}

export async function submitOnline(ctx: Ctx, s: PublicSubmission): Promise<{ queryCode: string }> {
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
    idempotencyKey: s.idempotencyKey ? `public:${s.idempotencyKey}` : undefined,
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
  const documents = events
    .filter((e) => DOCUMENTS[e.action])
    .map((e) => ({ type: e.action, title: DOCUMENTS[e.action]!, date: e.at }));
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

export async function publicEvaluate(ctx: Ctx, queryCode: string, phone: string, result: Evaluation) {
  const p = await findByCodeAndPhone(ctx, queryCode, phone);
  await actOnMatter(ctx, { userId: null, unitId: null, roles: ['citizen'] }, p.matterId, 'evaluate', { result });
  return publicProgress(ctx, queryCode, phone);
}
