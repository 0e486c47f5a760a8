/**
 * What the resolution mechanisms hold for one matter — the panel of the matter page: hearings, mediations,
 * callbacks, joint handling, social-work batches, legal activities, and clues when the viewer may see them.
 * The matter must be visible to the viewer (else 404).
 */
import { canSeeClues } from '../domain/resolution.ts';
import { num } from '../store/db.ts';
import type { Ctx } from './context.ts';
import { listClues } from './clues.ts';
import { listHearings } from './hearings.ts';
import { getJointHandling } from './joint-handling.ts';
import { parse, visibleMatter, type StaffActor } from './resolution-support.ts';

export async function matterResolution(ctx: Ctx, actor: StaffActor, matterId: number) {
  await visibleMatter(ctx, ctx.store.db, actor, matterId);
  const db = ctx.store.db;
  const [hearings, medIds, cbIds, jointIds, social, legal] = await Promise.all([
    listHearings(ctx, actor, { matterId }),
    db.selectFrom('mediations').select(['id', 'at', 'mediator', 'status', 'agreementAt', 'fulfilledAt', 'failedAt', 'matterClosed', 'closeNote']).where('matterId', '=', matterId).orderBy('id').execute(),
    db.selectFrom('callbacks').select(['id', 'at', 'status', 'attempts', 'completedAt', 'answers']).where('matterId', '=', matterId).orderBy('id').execute(),
    db.selectFrom('jointHandlings').select('id').where('matterId', '=', matterId).execute(),
    db.selectFrom('socialWorkLogs').select(['id', 'at', 'personTimes', 'soothed', 'resolved', 'followUp']).where('matterId', '=', matterId).orderBy('at').execute(),
    db.selectFrom('legalActivities').select(['id', 'at', 'kind', 'title']).where('matterId', '=', matterId).orderBy('at').execute(),
  ]);
  // the matter is visible, so its resolution records are too (they are about this matter), whatever unit recorded them
  const joint = [];
  for (const j of jointIds) joint.push(await getJointHandling(ctx, actor, num(j.id)).catch(() => null));
  const clues = canSeeClues(actor.roles, ctx.org().unit(actor.unitId)?.kind) ? (await listClues(ctx, actor)).filter((c) => c.matterId === matterId) : [];
  return {
    hearings,
    mediations: medIds.map((m) => ({
      id: num(m.id), at: m.at, mediator: m.mediator, status: m.status, agreementAt: m.agreementAt, fulfilledAt: m.fulfilledAt, failedAt: m.failedAt,
      matterClosed: num(m.matterClosed) === 1, closeNote: m.closeNote,
    })),
    callbacks: cbIds.map((c) => ({ id: num(c.id), at: c.at, status: c.status, attempts: num(c.attempts), completedAt: c.completedAt, satisfaction: parse<Record<string, string>>(c.answers)?.satisfaction ?? null })),
    jointHandlings: joint.filter((j) => j !== null),
    socialWork: social.map((s) => ({ id: num(s.id), at: s.at, personTimes: num(s.personTimes), soothed: num(s.soothed), resolved: num(s.resolved) === 1, followUp: s.followUp })),
    legalActivities: legal.map((l) => ({ id: num(l.id), at: l.at, kind: l.kind, title: l.title })),
    clues: clues.map((c) => ({ id: c.id, at: c.at, status: c.status, recipient: c.recipient })),
  };
}
