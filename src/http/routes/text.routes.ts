/** Text intelligence (issue 7): search, related petitions, classification suggestions, hotspots, reply quality, reindex. */
import { Type, type TSchema } from '@sinclair/typebox';
import { decideLink, massGroups, relatedPetitions } from '../../services/text-related.ts';
import { hotspots, hotspotTopics, recordFeedback, replyQualityForMatter, suggest, trainModels } from '../../services/text-intel.ts';
import { rebuildIndex, search } from '../../services/text-search.ts';
import type { App } from '../app.ts';
import { DateString, errors, Id, StringEnum, validDates } from '../schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Hit = Type.Object({
  docId: Type.Integer(), kind: Type.String(), petitionId: Nullable(Type.Integer()), matterId: Type.Integer(), matterCode: Type.String(),
  receivedAt: Type.String(), title: Type.String(), snippet: Type.String(), score: Type.Number(),
});
const Reason = Type.Object({ code: Type.String(), label: Type.String() });
const RelatedSchema = Type.Object({
  petitionId: Type.Integer(), petitionCode: Type.String(), matterId: Type.Integer(), title: Type.String(), receivedAt: Type.String(),
  score: Type.Number(), reasons: Type.Array(Reason), status: Type.String(),
});
const PetitionRef = Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String(), receivedAt: Type.String() });
const Flag = Type.Object({ code: Type.String(), label: Type.String() });

export default async function textRoutes(app: App) {
  app.get('/text/search', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '全文检索 Full-text search over petitions and replies (bigram index, ranked, highlighted)',
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200 }),
        from: Type.Optional(DateString), to: Type.Optional(DateString),
        regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,9}$' })), categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
        kind: Type.Optional(StringEnum(['petition', 'event'] as const)), sort: Type.Optional(StringEnum(['relevance', 'newest'] as const)),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Hit), total: Type.Integer(), totalEstimated: Type.Optional(Type.Boolean({ description: 'true when total is the planner estimate (more than FENGQIAO_EXACT_TOTAL_UP_TO matches, PostgreSQL)' })) }), ...errors(400, 401) },
    },
  }, async (req) => {
    const q = req.query;
    validDates({ from: q.from, to: q.to });
    return search(app.fq.ctx, req.user!, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  });

  app.get('/text/petitions/:id/related', {
    preHandler: app.need(),
    schema: { tags: ['text'], summary: '关联信访件 Related and repeat petitions, with reasons', params: Type.Object({ id: Id }), response: { 200: Type.Object({ items: Type.Array(RelatedSchema) }), ...errors(400, 401, 404) } },
  }, async (req) => ({ items: await relatedPetitions(app.fq.ctx, req.user!, req.params.id) }));

  app.post('/text/petitions/:id/related/:relatedId', {
    preHandler: app.need('registrar', 'handler'),
    schema: {
      tags: ['text'], summary: '确认/否决关联 Registrar confirms or rejects a link', params: Type.Object({ id: Id, relatedId: Id }),
      body: Type.Object({ decision: StringEnum(['confirmed', 'rejected'] as const), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: RelatedSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => decideLink(app.fq.ctx, { userId: req.user!.id, unitId: req.user!.unitId }, req.params.id, req.params.relatedId, req.body.decision, req.body.note));

  app.post('/text/classify', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '分类与交办建议 Suggested first-level category and responsible unit, with confidence and the words behind it',
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 20000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ target: Type.String(), label: Type.String(), name: Type.String(), confidence: Type.Number(), words: Type.Array(Type.String()), alternatives: Type.Array(Type.Object({ label: Type.String(), name: Type.String(), p: Type.Number() })) })) }), ...errors(400, 401, 409) },
    },
  }, async (req) => ({ items: await suggest(app.fq.ctx, req.body.text) }));

  app.post('/text/classify/feedback', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '采纳或更正建议 Accept or correct a suggestion (feeds the next training)',
      body: Type.Object({ petitionId: Id, target: StringEnum(['category', 'unit'] as const), suggested: Type.Optional(Type.String({ maxLength: 40 })), chosen: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401) },
    },
  }, async (req) => { await recordFeedback(app.fq.ctx, { userId: req.user!.id }, req.body.petitionId, req.body.target, req.body.suggested ?? null, req.body.chosen); return { ok: true }; });

  app.get('/text/hotspots', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '重点突出信访事项 Rising topics by place and category over a window',
      querystring: Type.Object({ from: DateString, to: DateString, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ regionCode: Nullable(Type.String()), categoryCode: Nullable(Type.String()), count: Type.Integer(), previous: Type.Integer(), growth: Type.Number(), heat: Type.Number(), terms: Type.Array(Type.String()), petitions: Type.Array(PetitionRef) })) }), ...errors(400, 401) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to }); return { items: await hotspots(app.fq.ctx, req.user!, req.query) }; });

  app.get('/text/hotspots/topics', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '热点问题 Hotspot topics: petitions of a window grouped by place and problem, ranked by heat',
      querystring: Type.Object({ from: DateString, to: DateString, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ petitionsRead: Type.Integer(), items: Type.Array(Type.Object({ label: Type.String(), place: Nullable(Type.String()), keywords: Type.Array(Type.String()), from: Type.String(), to: Type.String(), size: Type.Integer(), users: Type.Integer(), heat: Type.Number(), petitions: Type.Array(PetitionRef) })) }), ...errors(400, 401) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to }); return hotspotTopics(app.fq.ctx, req.user!, req.query); });

  app.get('/text/mass', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '群体性雷同信访 Mass petitions: groups of near-identical texts in a window',
      querystring: Type.Object({ from: DateString, to: DateString }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ size: Type.Integer(), title: Type.String(), petitions: Type.Array(PetitionRef) })) }), ...errors(400, 401) },
    },
  }, async (req) => { validDates({ from: req.query.from, to: req.query.to }); return { items: await massGroups(app.fq.ctx, req.user!, req.query) }; });

  app.post('/text/reply-check', {
    preHandler: app.need(),
    schema: {
      tags: ['text'], summary: '答复质量检查 Flag a draft reply that is template-only or does not address the petition',
      body: Type.Object({ matterId: Id, text: Type.String({ minLength: 1, maxLength: 20000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ flags: Type.Array(Flag), coverage: Type.Number(), matched: Type.Array(Type.String()) }), ...errors(400, 401, 404) },
    },
  }, async (req) => replyQualityForMatter(app.fq.ctx, req.user!, req.body.matterId, req.body.text));

  app.post('/text/reindex', {
    preHandler: app.need('admin'),
    schema: { tags: ['text'], summary: '重建检索索引 Rebuild the search index (admin)', response: { 200: Type.Object({ petitions: Type.Integer(), events: Type.Integer(), ms: Type.Integer() }), ...errors(401, 403) } },
  }, async () => rebuildIndex(app.fq.ctx));

  app.post('/text/train', {
    preHandler: app.need('admin'),
    schema: { tags: ['text'], summary: '训练分类模型 Train the category and unit classifiers on handled matters (admin)', response: { 200: Type.Object({ category: Type.Integer(), unit: Type.Integer() }), ...errors(401, 403) } },
  }, async () => trainModels(app.fq.ctx));
}
