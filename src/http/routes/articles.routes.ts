/** Staff side of news, policies and notices (docs/PORTAL.md): administrators, supervisors and leaders write and publish. */
import { Type } from '@sinclair/typebox';
import { ARTICLE_KINDS, createArticle, deleteArticle, setArticlePublished, staffArticles, updateArticle } from '../../services/articles.ts';
import type { App } from '../app.ts';
import { errors, Id, StringEnum } from '../schemas.ts';

const Kind = StringEnum(ARTICLE_KINDS, 'news 新闻, policy 政策, notice 公告');
const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Article = Type.Object({
  id: Type.Integer(), kind: Type.String(), title: Type.String(), html: Type.String(), summary: Type.String(),
  status: StringEnum(['draft', 'published'] as const), publishedAt: Nullable(Type.String()), authorId: Nullable(Type.Integer()),
  createdAt: Type.String(), updatedAt: Type.String(),
});
const Body = Type.Object({ kind: Kind, title: Type.String({ minLength: 1, maxLength: 200 }), html: Type.String({ minLength: 1, maxLength: 200_000 }) }, { additionalProperties: false });
const Params = Type.Object({ id: Id });

export default async function articleRoutes(app: App) {
  const editors = app.need('admin', 'supervisor', 'leader');

  app.get('/articles', {
    preHandler: editors,
    schema: {
      tags: ['articles'], summary: '文章列表（含草稿）Articles, drafts included',
      querystring: Type.Object({ kind: Type.Optional(Kind), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }),
      response: { 200: Type.Object({ items: Type.Array(Article), total: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req) => staffArticles(app.fq.ctx, req.query));

  app.post('/articles', {
    preHandler: editors,
    schema: { tags: ['articles'], summary: '新建文章（草稿；HTML 保存时净化）Create a draft', body: Body, response: { 201: Article, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await createArticle(app.fq.ctx, { userId: req.user!.id }, req.body)));

  app.put('/articles/:id', {
    preHandler: editors,
    schema: { tags: ['articles'], summary: '修改文章 Edit', params: Params, body: Body, response: { 200: Article, ...errors(400, 401, 403, 404) } },
  }, async (req) => updateArticle(app.fq.ctx, req.params.id, req.body));

  app.post('/articles/:id/publish', {
    preHandler: editors,
    schema: { tags: ['articles'], summary: '发布 Publish on the portal', params: Params, response: { 200: Article, ...errors(400, 401, 403, 404) } },
  }, async (req) => setArticlePublished(app.fq.ctx, req.params.id, true));

  app.post('/articles/:id/unpublish', {
    preHandler: editors,
    schema: { tags: ['articles'], summary: '撤回 Take back to draft', params: Params, response: { 200: Article, ...errors(400, 401, 403, 404) } },
  }, async (req) => setArticlePublished(app.fq.ctx, req.params.id, false));

  app.delete('/articles/:id', {
    preHandler: editors,
    schema: { tags: ['articles'], summary: '删除 Delete', params: Params, response: { 204: Type.Null(), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => { await deleteArticle(app.fq.ctx, req.params.id); return reply.status(204).send(null); });
}
