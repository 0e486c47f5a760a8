/**
 * News, policies and notices (新闻、政策、公告) that staff publish to the portal (docs/PORTAL.md). The HTML from the
 * workbench editor is sanitised on every save with sanitize-html against an allow-list — paragraphs, headings,
 * lists, bold, italic, links (http, https, mailto only), tables — so no script, style, event attribute or
 * `javascript:` link is ever stored, and the public endpoints serve what was stored. Drafts are never public.
 */
import '../store/schema-portal.ts';
import sanitizeHtml from 'sanitize-html';
import { DomainError, notFound } from '../domain/errors.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';

export const ARTICLE_KINDS = ['news', 'policy', 'notice'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'b', 'strong', 'i', 'em', 'u', 'blockquote', 'a',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'],
  // rel and target are overwritten by the transform below
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // links leave the portal without handing it the referrer or the window
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  disallowedTagsMode: 'discard',
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

/** The first ~120 characters of the text, for lists. */
export function summaryOf(html: string): string {
  // block ends become spaces, so that a heading and its paragraph do not run together
  const text = sanitizeHtml(html.replace(/<\/(p|h[1-6]|li|td|th|tr|blockquote|caption)>/gi, '$& '), { allowedTags: [], allowedAttributes: {} }).replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export interface ArticleInput { kind: ArticleKind; title: string; html: string }

function checked(input: ArticleInput) {
  const title = input.title.trim();
  if (!title) throw new DomainError('BAD_INPUT', '标题不能为空', { field: 'title' });
  const html = sanitizeArticleHtml(input.html);
  if (!summaryOf(html)) throw new DomainError('BAD_INPUT', '正文不能为空', { field: 'html' });
  return { kind: input.kind, title, html, summary: summaryOf(html) };
}

type Row = { id: number; kind: string; title: string; html: string; summary: string; status: string; publishedAt: string | null; authorId: number | null; createdAt: string; updatedAt: string };
const staffView = (r: Row) => ({ ...r, status: r.status as 'draft' | 'published', id: num(r.id), authorId: r.authorId === null ? null : num(r.authorId) });

async function row(ctx: Ctx, id: number) {
  const r = await ctx.store.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('文章');
  return r;
}

export async function createArticle(ctx: Ctx, actor: { userId: number }, input: ArticleInput) {
  const v = checked(input);
  const now = ctx.now();
  const r = await ctx.store.db.insertInto('articles').values({ ...v, status: 'draft', publishedAt: null, authorId: actor.userId, createdAt: now, updatedAt: now })
    .returning('id').executeTakeFirstOrThrow();
  return staffView(await row(ctx, num(r.id)));
}

export async function updateArticle(ctx: Ctx, id: number, input: ArticleInput) {
  await row(ctx, id);
  await ctx.store.db.updateTable('articles').set({ ...checked(input), updatedAt: ctx.now() }).where('id', '=', id).execute();
  return staffView(await row(ctx, id));
}

export async function setArticlePublished(ctx: Ctx, id: number, published: boolean) {
  const r = await row(ctx, id);
  const now = ctx.now();
  // publishing again keeps the first publication date; unpublishing takes it back to a draft
  await ctx.store.db.updateTable('articles')
    .set({ status: published ? 'published' : 'draft', publishedAt: published ? (r.publishedAt ?? now) : null, updatedAt: now })
    .where('id', '=', id).execute();
  return staffView(await row(ctx, id));
}

export async function deleteArticle(ctx: Ctx, id: number) {
  await row(ctx, id);
  await ctx.store.db.deleteFrom('articles').where('id', '=', id).execute();
}

export interface ArticleFilter { kind?: ArticleKind; page?: number; pageSize?: number }

async function listArticles(ctx: Ctx, f: ArticleFilter, publishedOnly: boolean) {
  const page = f.page ?? 1;
  const size = f.pageSize ?? 20;
  let q = ctx.store.db.selectFrom('articles');
  if (publishedOnly) q = q.where('status', '=', 'published');
  if (f.kind) q = q.where('kind', '=', f.kind);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy(publishedOnly ? 'publishedAt' : 'updatedAt', 'desc').orderBy('id', 'desc').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: num(total.n) };
}

export async function staffArticles(ctx: Ctx, f: ArticleFilter) {
  const { rows, total } = await listArticles(ctx, f, false);
  return { items: rows.map(staffView), total };
}

export async function publicArticles(ctx: Ctx, f: ArticleFilter) {
  const { rows, total } = await listArticles(ctx, f, true);
  return { items: rows.map((r) => ({ id: num(r.id), kind: r.kind, title: r.title, summary: r.summary, publishedAt: r.publishedAt! })), total };
}

export async function publicArticle(ctx: Ctx, id: number) {
  const r = await ctx.store.db.selectFrom('articles').select(['id', 'kind', 'title', 'html', 'publishedAt']).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
  if (!r) throw notFound('文章');
  return { id: num(r.id), kind: r.kind, title: r.title, html: r.html, publishedAt: r.publishedAt! };
}
