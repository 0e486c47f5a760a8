/**
 * Official documents (文书) of a matter, as .docx from editable templates: 受理告知书, 不予受理告知书 (with the legal
 * channel), 延期告知书, 信访处理意见书, 复查意见书 / 复核意见书, 督办单. A template is text with {{placeholders}}
 * filled from the matter, its events and the deadline engine's dates and legal bases; an administrator edits the
 * templates (PUT /documents/templates/{kind}). Each issued document gets the unit's number 〔year〕N号 and is
 * kept (documents table), and can be had again as .docx or as PDF (services/pdf.ts, with an embedded CJK font).
 * A document issued with `publish` is the petitioner's to download from the portal (`publishedDocument`).
 */
import '../store/schema-supervision.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { computeDue } from '../domain/deadlines.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Deadlines } from '../domain/types.ts';
import { num } from '../store/db.ts';
import { findMatterRow, matterEvents } from '../store/matter.repository.ts';
import type { Ctx } from './context.ts';
import { PDF_TYPE, officialPdf } from './pdf.ts';
import { chineseDate, officialDocx, type OfficialDoc } from './resolution-documents.ts';
import type { StaffActor } from './resolution-support.ts';

export const DOC_KINDS = ['acceptanceNotice', 'declineNotice', 'extensionNotice', 'handlingOpinion', 'reviewOpinion', 'reReviewOpinion', 'supervisionOrder'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DEFAULT_TEMPLATES: Record<DocKind, { title: string; body: string }> = {
  acceptanceNotice: { title: '信访事项受理告知书', body: '{{petitioner}}：\n你（们）于{{receivedDate}}提出的信访事项（编号 {{matterCode}}，{{title}}），本机关已于{{acceptedDate}}依法受理。\n依据{{handleBasis}}，本机关将在{{handleDue}}前办结并书面答复。\n特此告知。' },
  declineNotice: { title: '信访事项不予受理告知书', body: '{{petitioner}}：\n你（们）于{{receivedDate}}提出的信访事项（编号 {{matterCode}}，{{title}}），经审查，{{declineReason}}。\n依据《信访工作条例》第三十一条，本机关不予受理。请你（们）通过以下法定途径解决：{{channelGuidance}}。\n特此告知。' },
  extensionNotice: { title: '信访事项延期办理告知书', body: '{{petitioner}}：\n你（们）的信访事项（编号 {{matterCode}}，{{title}}），因{{extensionReason}}，经本机关负责人批准，办理期限延长{{extensionDays}}日，至{{handleDue}}。\n依据：{{handleBasis}}；延长期限不得超过30日。\n特此告知。' },
  handlingOpinion: { title: '信访事项处理意见书', body: '{{petitioner}}：\n你（们）于{{receivedDate}}提出的信访事项（编号 {{matterCode}}，{{title}}），本机关于{{acceptedDate}}受理。经调查核实，处理意见如下：\n{{replyText}}\n处理结果：{{outcome}}。\n如不服本处理意见，可自收到本意见书之日起30日内向{{reviewOrgan}}请求复查（《信访工作条例》第三十五条）。' },
  reviewOpinion: { title: '信访事项复查意见书', body: '{{petitioner}}：\n你（们）对信访事项（编号 {{matterCode}}）的处理意见不服，请求复查。本机关复查意见如下：\n{{reviewText}}\n复查结论：{{reviewDecision}}。\n如不服本复查意见，可自收到之日起30日内请求复核（《信访工作条例》第三十六条）。' },
  reReviewOpinion: { title: '信访事项复核意见书', body: '{{petitioner}}：\n你（们）对信访事项（编号 {{matterCode}}）的复查意见不服，请求复核。本机关复核意见如下：\n{{reviewText}}\n复核结论：{{reviewDecision}}。\n本复核意见为终结意见，信访人仍以同一事实和理由提出信访请求的，不再受理（《信访工作条例》第三十六条）。' },
  supervisionOrder: { title: '信访事项督办单', body: '{{unitOfMatter}}：\n信访事项（编号 {{matterCode}}，{{title}}）{{supervisionReason}}。\n请你单位认真办理，并于{{supervisionDue}}前将办理情况书面反馈本机关。\n依据：{{supervisionBasis}}。' },
};

const OUTCOME: Record<string, string> = { support: '支持', explain: '解释', reject: '不予支持' };
const DECISION: Record<string, string> = { uphold: '维持', revise: '变更', revoke: '撤销' };

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const DOC_FORMATS = ['docx', 'pdf'] as const;
export type DocFormat = (typeof DOC_FORMATS)[number];
export interface DocFile { body: Buffer; filename: string; type: string }

/** One issued document as a file: the same layout as .docx or PDF. */
async function render(d: OfficialDoc, name: string, format: DocFormat): Promise<DocFile> {
  if (format === 'pdf') return { body: await officialPdf(d), filename: `${name}.pdf`, type: PDF_TYPE };
  return { body: await officialDocx(d), filename: `${name}.docx`, type: DOCX_TYPE };
}

function stored(d: { title: string; number: string; body: string; createdAt: string }, unitName: string): OfficialDoc {
  return { title: d.title, number: d.number, sections: [{ paragraphs: d.body.split('\n') }], signature: [unitName, chineseDate(d.createdAt)] };
}

export async function templateOf(ctx: Ctx, kind: DocKind) {
  const row = await ctx.store.db.selectFrom('docTemplates').selectAll().where('kind', '=', kind).executeTakeFirst();
  return row ? { title: row.title, body: row.body } : DEFAULT_TEMPLATES[kind];
}

export async function setTemplate(ctx: Ctx, actor: StaffActor, kind: DocKind, input: { title: string; body: string }) {
  if (!(DOC_KINDS as readonly string[]).includes(kind)) throw new DomainError('BAD_INPUT', '文书类型不正确', { field: 'kind' });
  if (!input.title.trim() || !input.body.trim()) throw new DomainError('BAD_INPUT', '标题和正文不能为空');
  const values = { kind, title: input.title.trim(), body: input.body, updatedAt: ctx.now(), updatedBy: actor.userId };
  await ctx.store.db.insertInto('docTemplates').values(values).onConflict((oc) => oc.column('kind').doUpdateSet({ title: values.title, body: values.body, updatedAt: values.updatedAt, updatedBy: values.updatedBy })).execute();
}

export function fill(body: string, vars: Record<string, string>): string {
  return body.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '＿＿＿＿');
}

/** Builds, numbers and stores the document; returns it as .docx (default) or PDF. */
export async function issueDocument(ctx: Ctx, actor: StaffActor, matterId: number, kind: DocKind, opts: { supervisionId?: number; publish?: boolean; format?: DocFormat } = {}) {
  if (!(DOC_KINDS as readonly string[]).includes(kind)) throw new DomainError('BAD_INPUT', '文书类型不正确', { field: 'kind' });
  const format = opts.format ?? 'docx';
  if (!(DOC_FORMATS as readonly string[]).includes(format)) throw new DomainError('BAD_INPUT', '文书格式应为 docx 或 pdf', { field: 'format' });
  const db = ctx.store.db;
  const row = await findMatterRow(db, matterId, ctx.org(), { unitId: actor.unitId });
  if (!row) throw notFound('信访事项');
  const events = await matterEvents(db, matterId);
  const last = (action: string) => [...events].reverse().find((e) => e.action === action);
  const dataOf = (action: string) => JSON.parse(last(action)?.data ?? '{}') as Record<string, unknown>;
  const need = (action: string, label: string) => { if (!last(action)) throw new DomainError('INVALID_STATE', `事项尚无「${label}」记录，不能出具该文书`); };
  const required: Partial<Record<DocKind, [string, string]>> = {
    acceptanceNotice: ['accept', '受理'], declineNotice: ['decline', '不予受理'], extensionNotice: ['extend', '延期'], handlingOpinion: ['reply', '答复'],
    reviewOpinion: ['decideReview', '复查决定'], reReviewOpinion: ['decideReReview', '复核决定'],
  };
  const r = required[kind];
  if (r) need(r[0], r[1]);
  const petitioner = await db.selectFrom('petitions').innerJoin('petitioners', 'petitioners.petitionId', 'petitions.id')
    .select('petitioners.name').where('petitions.matterId', '=', matterId).orderBy('petitioners.id').executeTakeFirst();
  const d = JSON.parse(row.deadlines) as Deadlines;
  // the due date the deadline engine gave: the extended one, the running one, or recounted from acceptance
  const accepted = last('accept');
  const handleDue = (dataOf('extend').due as string | undefined) ?? d.handle?.due ?? (accepted ? computeDue(ctx.calendar(), accepted.at, ctx.limits.handle).due : '');
  let supervision: { reason: string; answerDue: string | null; number: string | null } | undefined;
  if (kind === 'supervisionOrder') {
    const s = await db.selectFrom('supervisionItems').select(['reason', 'answerDue', 'number']).where('matterId', '=', matterId).where('kind', '=', 'order')
      .$if(opts.supervisionId !== undefined, (q) => q.where('id', '=', opts.supervisionId!)).orderBy('id', 'desc').executeTakeFirst();
    if (!s) throw new DomainError('INVALID_STATE', '该事项尚未发出督办单');
    supervision = s;
  }
  const unit = ctx.org().unit(actor.unitId);
  const holder = ctx.org().unit(num(row.unitId));
  const reviewer = ctx.org().reviewerFor(num(row.unitId));
  const vars: Record<string, string> = {
    petitioner: petitioner?.name ?? '信访人', matterCode: row.code, title: row.title, receivedDate: chineseDate(row.receivedAt),
    acceptedDate: row.acceptedAt ? chineseDate(row.acceptedAt) : '', handleDue: handleDue ? chineseDate(`${handleDue}T12:00:00+08:00`) : '',
    handleBasis: ctx.limits.handle.basis, declineReason: String(dataOf('decline').reason ?? ''), channelGuidance: String(dataOf('decline').channelGuidance ?? ''),
    extensionReason: String(dataOf('extend').reason ?? ''), extensionDays: String(dataOf('extend').days ?? ''),
    replyText: String(dataOf('reply').text ?? ''), outcome: OUTCOME[String(dataOf('reply').outcome)] ?? '', reviewOrgan: reviewer?.name ?? '上一级行政机关',
    reviewText: String(dataOf(kind === 'reReviewOpinion' ? 'decideReReview' : 'decideReview').text ?? ''),
    reviewDecision: DECISION[String(dataOf(kind === 'reReviewOpinion' ? 'decideReReview' : 'decideReview').decision)] ?? '',
    unitOfMatter: holder?.name ?? '', supervisionReason: supervision?.reason ?? '', supervisionDue: supervision?.answerDue ? chineseDate(`${supervision.answerDue}T12:00:00+08:00`) : '',
    supervisionBasis: '《信访工作条例》第四十一条',
    unitName: unit?.name ?? '',
  };
  const tpl = await templateOf(ctx, kind);
  const body = fill(tpl.body, vars);
  const at = ctx.now();
  const year = shanghaiDate(at).slice(0, 4);
  return ctx.store.write(async (tx) => {
    let number = supervision?.number ?? '';
    if (!number) {
      const n = await tx.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('unitId', '=', actor.unitId).where('createdAt', '>=', `${year}-01-01`).executeTakeFirstOrThrow();
      number = `${(unit?.name ?? '').replace(/(局|办公室|委员会)$/, '')}信〔${year}〕${num(n.n) + 1}号`;
    }
    const ins = await tx.insertInto('documents').values({ matterId, kind, unitId: actor.unitId, number, title: tpl.title, body, createdAt: at, createdBy: actor.userId, published: opts.publish ? 1 : 0 })
      .returning('id').executeTakeFirstOrThrow();
    const file = await render(stored({ title: tpl.title, number, body, createdAt: at }, unit?.name ?? ''), `${tpl.title}-${row.code}`, format);
    return { id: num(ins.id), number, title: tpl.title, body, file };
  });
}

export async function listDocuments(ctx: Ctx, actor: StaffActor, matterId: number) {
  const row = await findMatterRow(ctx.store.db, matterId, ctx.org(), { unitId: actor.unitId });
  if (!row) throw notFound('信访事项');
  const docs = await ctx.store.db.selectFrom('documents').select(['id', 'kind', 'number', 'title', 'createdAt', 'published']).where('matterId', '=', matterId).orderBy('id').execute();
  return docs.map((d) => ({ id: num(d.id), kind: d.kind, number: d.number, title: d.title, createdAt: d.createdAt, published: num(d.published) === 1 }));
}

/** The stored document again, as .docx or PDF (the text as issued, not re-filled from a changed template). */
export async function documentFile(ctx: Ctx, actor: StaffActor, id: number, format: DocFormat = 'docx'): Promise<DocFile> {
  const d = await ctx.store.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('文书');
  const row = await findMatterRow(ctx.store.db, num(d.matterId), ctx.org(), { unitId: actor.unitId });
  if (!row) throw notFound('文书');
  return render(stored(d, ctx.org().unit(num(d.unitId))?.name ?? ''), `${d.title}-${row.code}`, format);
}

/**
 * For the citizen portal (docs/PORTAL.md): the published document `documentId` of matter `matterId`, as .docx or
 * PDF. The caller has already proved the petitioner (query code + phone) and resolved the matter; a document of
 * another matter, or one not published, is NOT_FOUND (no hint that it exists).
 */
export async function publishedDocument(ctx: Ctx, matterId: number, documentId: number, format: DocFormat = 'pdf'): Promise<DocFile> {
  if (!(DOC_FORMATS as readonly string[]).includes(format)) throw new DomainError('BAD_INPUT', '文书格式应为 docx 或 pdf', { field: 'format' });
  const d = await ctx.store.db.selectFrom('documents').innerJoin('matters', 'matters.id', 'documents.matterId')
    .select(['documents.title', 'documents.number', 'documents.body', 'documents.createdAt', 'documents.unitId', 'documents.published', 'matters.code'])
    .where('documents.id', '=', documentId).where('documents.matterId', '=', matterId).executeTakeFirst();
  if (!d || num(d.published) !== 1) throw notFound('文书');
  return render(stored(d, ctx.org().unit(num(d.unitId))?.name ?? ''), `${d.title}-${d.code}`, format);
}

/** The published documents of a matter (what the portal lists). */
export async function publishedDocuments(ctx: Ctx, matterId: number) {
  const docs = await ctx.store.db.selectFrom('documents').select(['id', 'kind', 'number', 'title', 'createdAt'])
    .where('matterId', '=', matterId).where('published', '=', 1).orderBy('id').execute();
  return docs.map((d) => ({ id: num(d.id), kind: d.kind, number: d.number, title: d.title, createdAt: d.createdAt }));
}
