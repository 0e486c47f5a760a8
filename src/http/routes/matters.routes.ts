import { Type, type Static } from '@sinclair/typebox';
import { DomainError } from '../../domain/errors.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { actOnMatter } from '../../services/act-on-matter.ts';
import { getMatterView, listMattersView } from '../../services/matter-views.ts';
import type { MatterFilter } from '../../store/matter.repository.ts';
import type { SessionUser } from '../../services/auth.ts';
import type { App } from '../app.ts';
import { ActionName, DateString, errors, Id, Instant, ListOf, ListQuery, MatterSchema, MatterSummarySchema, StringEnum, validDates } from '../schemas.ts';

export function toFilter(app: App, q: Static<typeof ListQuery>): MatterFilter {
  validDates({ from: q.from, to: q.to });
  return {
    status: q.status, unitId: q.unitId, q: q.q?.trim() || undefined, from: q.from, to: q.to, channel: q.channel,
    categoryCode: q.categoryCode, regionCode: q.regionCode,
    overdueAt: q.overdue ? shanghaiDate(app.fq.ctx.now()) : undefined,
    page: q.page ?? 1, pageSize: q.pageSize ?? 20,
  };
}

/**
 * Keyset pagination for deep pages: `after=<time>,<id>` of the last item seen continues the list after it (the
 * lists are ordered by that time and id, both descending: matters by receivedAt, petitions by registeredAt);
 * OFFSET would read and skip every row before the page.
 */
export const KeysetListQuery = Type.Object({
  ...ListQuery.properties,
  after: Type.Optional(Type.String({ maxLength: 60, pattern: '^[0-9T:.Z+-]+,[0-9]+$', description: 'the last item seen, as <receivedAt (matters) or registeredAt (petitions)>,<id>: the page after it (page must then be 1 or absent)' })),
});

export function keysetOf(q: Static<typeof KeysetListQuery>): MatterFilter['after'] {
  if (q.after === undefined) return undefined;
  const [at, id] = q.after.split(',') as [string, string];
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || !Number.isSafeInteger(Number(id))) throw new DomainError('BAD_INPUT', 'after 应为上一页最后一项的时间,id', { field: 'after' });
  if ((q.page ?? 1) !== 1) throw new DomainError('BAD_INPUT', 'after 与 page 不能同时使用', { field: 'page' });
  return { at: t.toISOString(), id: Number(id) };
}

export const actorOf = (u: SessionUser) => ({ userId: u.id, unitId: u.unitId, roles: u.roles });

export const ActionBody = Type.Object({
  action: ActionName,
  at: Type.Optional(Instant),
  unitId: Type.Optional(Id),
  reportBy: Type.Optional(DateString),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  channelGuidance: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  outcome: Type.Optional(StringEnum(['support', 'explain', 'reject'] as const)),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
  result: Type.Optional(StringEnum(['satisfied', 'basicallySatisfied', 'dissatisfied'] as const)),
  decision: Type.Optional(StringEnum(['uphold', 'revise', 'revoke'] as const)),
}, { additionalProperties: false });

export default async function matterRoutes(app: App) {
  app.get('/matters', {
    preHandler: app.need(),
    schema: { tags: ['matters'], summary: '信访事项列表 List matters', querystring: KeysetListQuery, response: { 200: ListOf(MatterSummarySchema), ...errors(400, 401) } },
  }, async (req) => listMattersView(app.fq.ctx, req.user!, { ...toFilter(app, req.query), after: keysetOf(req.query) }));

  app.get('/matters/:id', {
    preHandler: app.need(),
    schema: { tags: ['matters'], summary: '信访事项 One matter: state, deadlines, petitions, timeline, allowed actions', params: Type.Object({ id: Id }), response: { 200: MatterSchema, ...errors(400, 401, 404) } },
  }, async (req) => getMatterView(app.fq.ctx, actorOf(req.user!), req.params.id));

  app.post('/matters/:id/actions', {
    preHandler: app.need(),
    schema: {
      tags: ['matters'], summary: '办理操作 Take an action (DOMAIN.md §5)',
      description: 'transfer {unitId} · assign {unitId, reportBy?} · decline {reason, channelGuidance} · accept · object {reason} · extend {days, reason} · reply {outcome, text} · evaluate {result} · requestReview · decideReview {decision, text} · requestReReview · decideReReview {decision, text} · pauseClock {reason} · resumeClock · close · sendBack {reason} (退回重办: supervisor or leader of a petition bureau above the holder)',
      params: Type.Object({ id: Id }), body: ActionBody,
      response: { 200: MatterSchema, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const actor = actorOf(req.user!);
    const { action, ...params } = req.body;
    validDates({ reportBy: params.reportBy });
    await actOnMatter(app.fq.ctx, actor, req.params.id, action, params);
    return getMatterView(app.fq.ctx, actor, req.params.id);
  });
}
