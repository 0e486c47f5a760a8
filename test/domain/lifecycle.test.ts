/**
 * The lifecycle table against DOMAIN.md §5, pair by pair: for every (state, action, role) the decision either
 * goes through or is refused with the right code — 403 for a role without the right, 409 for a state that does
 * not allow the action. Then the guards (limits, one extension, windows) and the worked deadline examples.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCalendar } from '../../src/domain/calendar.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { allowedActions, decide, DEFAULT_LIMITS, initialDeadlines, type ActionParams, type ActorRole } from '../../src/domain/lifecycle.ts';
import { OrgView } from '../../src/domain/org.ts';
import { ACTIONS, MATTER_STATUSES, type Action, type MatterState, type MatterStatus, type Unit } from '../../src/domain/types.ts';

const units: Unit[] = [
  { id: 1, code: 'C-XFJ', name: '佛山市信访局', kind: 'bureau', regionCode: '440600', parentId: null, dept: 'petition' },
  { id: 2, code: 'C-ZJ', name: '佛山市住房和城乡建设局', kind: 'department', regionCode: '440600', parentId: null, dept: 'housing' },
  { id: 3, code: 'SD-XFJ', name: '顺德区信访局', kind: 'bureau', regionCode: '440606', parentId: 1, dept: 'petition' },
  { id: 4, code: 'SD-ZJ', name: '顺德区住房城乡建设和水利局', kind: 'department', regionCode: '440606', parentId: 2, dept: 'housing' },
  { id: 5, code: 'NH-XFJ', name: '南海区信访局', kind: 'bureau', regionCode: '440605', parentId: 1, dept: 'petition' },
];
const org = new OrgView(units);
const ctx = (at: string) => ({ at, org, calendar: defaultCalendar, limits: DEFAULT_LIMITS });
const ROLES: ActorRole[] = ['admin', 'registrar', 'lawyer', 'handler', 'supervisor', 'leader', 'evaluator', 'auditor', 'citizen'];

/** DOMAIN.md §5 restated: which states allow each action and which roles take it. */
const EXPECTED: Record<Action, { from: MatterStatus[]; roles: ActorRole[] }> = {
  transfer: { from: ['registered'], roles: ['handler'] },
  assign: { from: ['registered'], roles: ['handler'] },
  decline: { from: ['registered', 'routed'], roles: ['handler'] },
  accept: { from: ['registered', 'routed'], roles: ['handler'] },
  object: { from: ['routed'], roles: ['handler'] },
  extend: { from: ['accepted'], roles: ['handler', 'leader'] },
  reply: { from: ['accepted'], roles: ['handler'] },
  evaluate: { from: ['replied'], roles: ['citizen', 'registrar', 'handler', 'evaluator'] },
  requestReview: { from: ['replied'], roles: ['citizen', 'registrar', 'handler', 'evaluator'] },
  decideReview: { from: ['underReview'], roles: ['handler', 'leader'] },
  requestReReview: { from: ['reviewed'], roles: ['citizen', 'registrar', 'handler', 'evaluator'] },
  decideReReview: { from: ['underReReview'], roles: ['handler', 'leader'] },
  pauseClock: { from: ['routed', 'accepted', 'underReview', 'underReReview'], roles: ['handler', 'leader'] },
  resumeClock: { from: ['routed', 'accepted', 'underReview', 'underReReview'], roles: ['handler', 'leader'] },
  close: { from: ['replied', 'reviewed', 'declined'], roles: ['handler'] },
  sendBack: { from: ['replied'], roles: ['supervisor', 'leader'] },
};

const RECEIVED = '2019-09-02T02:00:00.000Z';

/** A matter in `status`, held by the unit that may act in that state, with the deadlines that state carries. */
function matterIn(status: MatterStatus, over: Partial<MatterState> = {}): MatterState {
  const base: MatterState = {
    id: 7, status, version: 3, unitId: status === 'registered' ? 1 : 4, registeringUnitId: 1,
    routedByUnitId: status === 'registered' ? null : 1, reviewUnitId: ['underReview', 'reviewed'].includes(status) ? 3 : status === 'underReReview' ? 1 : null,
    handlingClass: 'appealDemand', accusedUnitId: null, receivedAt: RECEIVED, routedAt: '2019-09-03T02:00:00.000Z',
    acceptedAt: null, repliedAt: null, reviewDecidedAt: null, extendedDays: 0, decidedAt: null, decidedOnTime: null,
    repliedOnTime: null, evaluation: null, evaluatedAt: null, outcome: null, closedAt: null,
    pausedAt: status === 'underReview' ? null : null, pausedDays: 0,
    deadlines: {
      registered: initialDeadlines(defaultCalendar, DEFAULT_LIMITS, RECEIVED),
      routed: { accept: { due: '2019-09-18', rule: '15 calendarDays', basis: '', start: '2019-09-03' }, objection: { due: '2019-09-10', rule: '5 workingDays', basis: '', start: '2019-09-03' } },
      accepted: { handle: { due: '2019-11-04', rule: '60 calendarDays', basis: '', start: '2019-09-05' } },
      declined: {},
      replied: { evaluation: { due: '2019-10-21', rule: '', basis: '', start: '2019-09-20' }, reviewRequest: { due: '2019-10-21', rule: '', basis: '', start: '2019-09-20' } },
      underReview: { review: { due: '2019-10-25', rule: '', basis: '', start: '2019-09-25' } },
      reviewed: { reReviewRequest: { due: '2019-10-31', rule: '', basis: '', start: '2019-10-01' } },
      underReReview: { reReview: { due: '2019-11-04', rule: '', basis: '', start: '2019-10-05' } },
      terminated: {},
      closed: {},
    }[status],
    ...over,
  };
  return base;
}

/** The unit whose users may act on the matter with this action. */
function actingUnit(m: MatterState, action: Action): number | null {
  if (['decideReview', 'decideReReview'].includes(action)) return m.reviewUnitId;
  if (['evaluate', 'requestReview', 'requestReReview'].includes(action)) return null;
  if (action === 'sendBack') return 1; // the city bureau supervises the district department holding it
  return m.unitId;
}

const PARAMS: Record<Action, ActionParams> = {
  transfer: { unitId: 4 }, assign: { unitId: 4, reportBy: '2019-09-30' },
  decline: { reason: '属于诉讼事项', channelGuidance: '向人民法院起诉' }, accept: {}, object: { reason: '不属本单位职权' },
  extend: { days: 30, reason: '情况复杂' }, reply: { outcome: 'explain', text: '答复意见' }, evaluate: { result: 'satisfied' },
  requestReview: {}, decideReview: { decision: 'uphold', text: '维持' }, requestReReview: {}, decideReReview: { decision: 'uphold', text: '维持' },
  pauseClock: { reason: '召开听证会' }, resumeClock: {}, close: {}, sendBack: { reason: '答复质量不高' },
};

/** A time each state's guards allow: before every limit, except close which needs the window passed. */
function atFor(status: MatterStatus, action: Action): string {
  if (action === 'close' && status !== 'declined') return '2019-11-15T02:00:00.000Z';
  if (action === 'resumeClock') return '2019-09-05T02:00:00.000Z';
  return { registered: '2019-09-03T02:00:00.000Z', routed: '2019-09-04T02:00:00.000Z', accepted: '2019-09-10T02:00:00.000Z', declined: '2019-09-10T02:00:00.000Z', replied: '2019-09-25T02:00:00.000Z', underReview: '2019-09-28T02:00:00.000Z', reviewed: '2019-10-03T02:00:00.000Z', underReReview: '2019-10-08T02:00:00.000Z', terminated: '2019-11-01T02:00:00.000Z', closed: '2019-11-01T02:00:00.000Z' }[status];
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('lifecycle table: every (state, action, role)', () => {
  let pairs = 0;
  for (const status of MATTER_STATUSES) {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const exp = EXPECTED[action];
        const m0 = matterIn(status, action === 'resumeClock' ? { pausedAt: '2019-09-04T02:00:00.000Z' } : {});
        const unit = actingUnit(m0, action);
        const expected = !exp.roles.includes(role) ? 'FORBIDDEN' : !exp.from.includes(status) ? 'INVALID_STATE' : 'OK';
        pairs++;
        test(`${status} × ${action} × ${role} → ${expected}`, () => {
          const actor = { userId: 1, unitId: role === 'citizen' ? null : unit ?? 1, roles: [role] };
          const got = codeOf(() => decide(m0, action, PARAMS[action], actor, ctx(atFor(status, action))));
          assert.equal(got, expected);
          // the workbench's buttons come from the same table
          assert.equal(allowedActions(m0, actor, org).includes(action), expected === 'OK');
        });
      }
    }
  }
  test('covers all pairs', () => assert.equal(pairs, MATTER_STATUSES.length * ACTIONS.length * ROLES.length));
});

describe('who may act', () => {
  test('another unit cannot accept a matter routed elsewhere (403)', () => {
    const m = matterIn('routed');
    assert.equal(codeOf(() => decide(m, 'accept', {}, { userId: 1, unitId: 5, roles: ['handler'] }, ctx('2019-09-04T02:00:00Z'))), 'FORBIDDEN');
  });
  test('routing is for the bureau holding the matter; a department cannot transfer', () => {
    const m = matterIn('registered', { unitId: 4 });
    assert.equal(codeOf(() => decide(m, 'transfer', { unitId: 2 }, { userId: 1, unitId: 4, roles: ['handler'] }, ctx('2019-09-03T02:00:00Z'))), 'FORBIDDEN');
  });
  test('an accusation is never routed to the accused unit or a unit below it', () => {
    const m = matterIn('registered', { handlingClass: 'accusation', accusedUnitId: 2 });
    const actor = { userId: 1, unitId: 1, roles: ['handler'] as ActorRole[] };
    assert.equal(codeOf(() => decide(m, 'transfer', { unitId: 2 }, actor, ctx('2019-09-03T02:00:00Z'))), 'ACCUSED_UNIT');
    assert.equal(codeOf(() => decide(m, 'transfer', { unitId: 4 }, actor, ctx('2019-09-03T02:00:00Z'))), 'ACCUSED_UNIT');
    assert.equal(codeOf(() => decide(m, 'transfer', { unitId: 3 }, actor, ctx('2019-09-03T02:00:00Z'))), 'OK');
  });
  test('review goes to the bureau of the replying department\'s level; re-review one level up', () => {
    assert.equal(org.reviewerFor(4)?.id, 3);
    assert.equal(org.reviewerFor(3)?.id, 1);
    assert.equal(org.reviewerFor(1)?.id, 1);
  });
});

describe('guards', () => {
  const handler = { userId: 1, unitId: 4, roles: ['handler'] as ActorRole[] };
  test('objection only within 5 working days of receipt', () => {
    const m = matterIn('routed');
    assert.equal(codeOf(() => decide(m, 'object', { reason: 'x' }, handler, ctx('2019-09-10T15:59:00Z'))), 'OK');
    assert.equal(codeOf(() => decide(m, 'object', { reason: 'x' }, handler, ctx('2019-09-10T16:00:00Z'))), 'LIMIT_PASSED');
  });
  test('objection returns the matter to the bureau that routed it', () => {
    const d = decide(matterIn('routed'), 'object', { reason: '不属本单位职权' }, handler, ctx('2019-09-04T02:00:00Z'));
    assert.equal(d.to, 'registered');
    assert.equal(d.patch.unitId, 1);
  });
  test('extension: once, at most 30 days, before the limit passes', () => {
    const m = matterIn('accepted');
    const ok = decide(m, 'extend', { days: 30, reason: '复杂' }, handler, ctx('2019-10-01T02:00:00Z'));
    assert.equal(ok.patch.deadlines?.handle?.due, '2019-12-04');
    assert.equal(codeOf(() => decide(m, 'extend', { days: 31, reason: 'x' }, handler, ctx('2019-10-01T02:00:00Z'))), 'EXTENSION_TOO_LONG');
    assert.equal(codeOf(() => decide({ ...m, extendedDays: 10 }, 'extend', { days: 5, reason: 'x' }, handler, ctx('2019-10-01T02:00:00Z'))), 'ALREADY_EXTENDED');
    assert.equal(codeOf(() => decide(m, 'extend', { days: 5, reason: 'x' }, handler, ctx('2019-11-05T02:00:00Z'))), 'LIMIT_PASSED');
  });
  test('missing parameters are bad input, not a crash', () => {
    assert.equal(codeOf(() => decide(matterIn('accepted'), 'reply', { outcome: 'support' }, handler, ctx('2019-10-01T02:00:00Z'))), 'BAD_INPUT');
    assert.equal(codeOf(() => decide(matterIn('registered'), 'transfer', {}, { ...handler, unitId: 1 }, ctx('2019-09-03T02:00:00Z'))), 'BAD_INPUT');
  });
  test('evaluation: once, within the window; unevaluated is not satisfied', () => {
    const citizen = { userId: null, unitId: null, roles: ['citizen'] as ActorRole[] };
    const m = matterIn('replied');
    assert.equal(codeOf(() => decide(m, 'evaluate', { result: 'satisfied' }, citizen, ctx('2019-10-22T02:00:00Z'))), 'LIMIT_PASSED');
    assert.equal(codeOf(() => decide({ ...m, evaluation: 'dissatisfied' }, 'evaluate', { result: 'satisfied' }, citizen, ctx('2019-10-01T02:00:00Z'))), 'ALREADY_EVALUATED');
  });
  test('review must be asked within 30 days of the reply; re-review within 30 days of the review decision', () => {
    const citizen = { userId: null, unitId: null, roles: ['citizen'] as ActorRole[] };
    assert.equal(codeOf(() => decide(matterIn('replied'), 'requestReview', {}, citizen, ctx('2019-10-22T02:00:00Z'))), 'LIMIT_PASSED');
    assert.equal(codeOf(() => decide(matterIn('reviewed'), 'requestReReview', {}, citizen, ctx('2019-11-01T02:00:00Z'))), 'LIMIT_PASSED');
  });
  test('close after a reply only once the review window has passed', () => {
    assert.equal(codeOf(() => decide(matterIn('replied'), 'close', {}, handler, ctx('2019-10-01T02:00:00Z'))), 'RULE_VIOLATION');
    assert.equal(decide(matterIn('replied'), 'close', {}, handler, ctx('2019-10-22T02:00:00Z')).to, 'closed');
  });
  test('a paused clock: hearing days do not count', () => {
    const reviewer = { userId: 1, unitId: 3, roles: ['handler'] as ActorRole[] };
    const m = matterIn('underReview');
    const p = decide(m, 'pauseClock', { reason: '听证' }, reviewer, ctx('2019-10-01T02:00:00Z'));
    assert.equal(p.patch.deadlines?.review?.paused, true);
    const paused = { ...m, pausedAt: '2019-10-01T02:00:00.000Z', deadlines: p.patch.deadlines! };
    assert.equal(codeOf(() => decide(paused, 'pauseClock', { reason: 'x' }, reviewer, ctx('2019-10-02T02:00:00Z'))), 'RULE_VIOLATION');
    const r = decide(paused, 'resumeClock', {}, reviewer, ctx('2019-10-11T02:00:00Z'));
    // 10 days paused: 2019-10-25 + 10 = 2019-11-04 (a Monday)
    assert.equal(r.patch.deadlines?.review?.due, '2019-11-04');
    assert.equal(r.patch.deadlines?.review?.paused, undefined);
    assert.equal(r.patch.pausedDays, 10);
  });
});

describe('worked examples of DOMAIN.md §5 through the lifecycle', () => {
  test('received 2019-09-20: routing limit 2019-10-08 (15 days end on a National Day holiday)', () => {
    assert.equal(initialDeadlines(defaultCalendar, DEFAULT_LIMITS, '2019-09-20T01:00:00Z').accept?.due, '2019-10-08');
  });
  test('accepted 2019-08-02: handling limit 2019-10-08', () => {
    const m = matterIn('routed', { deadlines: {} });
    const d = decide(m, 'accept', {}, { userId: 1, unitId: 4, roles: ['handler'] }, ctx('2019-08-02T03:00:00Z'));
    assert.equal(d.patch.deadlines?.handle?.due, '2019-10-08');
  });
  test('received 2019-09-14: limit 2019-09-29, a make-up workday', () => {
    assert.equal(initialDeadlines(defaultCalendar, DEFAULT_LIMITS, '2019-09-14T01:00:00Z').accept?.due, '2019-09-29');
  });
  test('routed Fri 2019-09-27: objection within 5 working days → 2019-10-10', () => {
    const m = matterIn('registered');
    const d = decide(m, 'transfer', { unitId: 4 }, { userId: 1, unitId: 1, roles: ['handler'] }, ctx('2019-09-27T03:00:00Z'));
    assert.equal(d.patch.deadlines?.objection?.due, '2019-10-10');
    assert.match(d.patch.deadlines?.objection?.basis ?? '', /5个工作日/);
  });
});

describe('退回重办 sendBack', () => {
  const supervisor = (unitId: number) => ({ userId: 9, unitId, roles: ['supervisor'] as ActorRole[] });
  const replied = matterIn('replied', { repliedAt: '2019-09-20T02:00:00.000Z', repliedOnTime: true, outcome: 'explain', evaluation: 'dissatisfied', evaluatedAt: '2019-09-22T02:00:00.000Z', acceptedAt: '2019-09-05T02:00:00.000Z' });
  test('withdraws the reply and its evaluation; the unit must reply again within the redo limit', () => {
    const d = decide(replied, 'sendBack', { reason: '答复未回应核心诉求' }, supervisor(3), ctx('2019-09-25T02:00:00Z'));
    assert.equal(d.from, 'replied');
    assert.equal(d.to, 'accepted');
    assert.deepEqual([d.patch.repliedAt, d.patch.repliedOnTime, d.patch.outcome, d.patch.evaluation, d.patch.evaluatedAt], [null, null, null, null, null]);
    // 30 calendar days from Wed 2019-09-25 → Fri 2019-10-25
    assert.equal(d.patch.deadlines?.handle?.due, '2019-10-25');
    assert.match(d.patch.deadlines?.handle?.basis ?? '', /第四十一条/);
    assert.deepEqual(Object.keys(d.patch.deadlines ?? {}), ['handle']);
    assert.equal(d.data.reason, '答复未回应核心诉求');
    assert.equal(d.data.withdrawnEvaluation, 'dissatisfied');
    assert.equal(d.data.due, '2019-10-25');
    // after it, the unit replies again (the table allows reply from accepted)
    const again = { ...replied, ...d.patch, status: d.to };
    assert.ok(allowedActions(again, { userId: 1, unitId: 4, roles: ['handler'] }, org).includes('reply'));
    const r = decide(again, 'reply', { outcome: 'support', text: '重新答复' }, { userId: 1, unitId: 4, roles: ['handler'] }, ctx('2019-10-28T02:00:00Z'));
    assert.equal(r.patch.repliedOnTime, false); // past the redo limit
  });
  test('only a petition bureau above the holder sends back, with a reason', () => {
    assert.equal(codeOf(() => decide(replied, 'sendBack', { reason: 'x' }, supervisor(5), ctx('2019-09-25T02:00:00Z'))), 'FORBIDDEN'); // 南海 does not cover 顺德
    assert.equal(codeOf(() => decide(replied, 'sendBack', { reason: 'x' }, supervisor(4), ctx('2019-09-25T02:00:00Z'))), 'FORBIDDEN'); // the holder itself
    assert.equal(codeOf(() => decide(replied, 'sendBack', { reason: 'x' }, supervisor(2), ctx('2019-09-25T02:00:00Z'))), 'FORBIDDEN'); // a department, not a bureau
    assert.equal(codeOf(() => decide(replied, 'sendBack', {}, supervisor(1), ctx('2019-09-25T02:00:00Z'))), 'BAD_INPUT');
    assert.equal(codeOf(() => decide(replied, 'sendBack', { reason: 'x' }, { userId: 1, unitId: 1, roles: ['handler'] }, ctx('2019-09-25T02:00:00Z'))), 'FORBIDDEN');
  });
});
