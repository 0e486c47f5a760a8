import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { HolidayCalendar, defaultCalendar } from '../../src/domain/calendar.ts';
import {
  computeDue, computeDueFromDate, daysBetween, isPastDue, shiftDue, trafficLight,
} from '../../src/domain/deadlines.ts';

const cal = defaultCalendar;
const cd = (days: number) => ({ unit: 'calendarDays' as const, days });
const wd = (days: number) => ({ unit: 'workingDays' as const, days });

void describe('DOMAIN.md §5 worked examples (2019 schedule)', () => {
  void test('received 2019-09-20, 15 days end Sat 2019-10-05 (holiday) → 2019-10-08', () => {
    assert.deepEqual(computeDueFromDate(cal, '2019-09-20', cd(15)), { due: '2019-10-08', beyondSchedule: false });
  });

  void test('accepted 2019-08-02, 60 days end 2019-10-01 → 2019-10-08', () => {
    assert.deepEqual(computeDueFromDate(cal, '2019-08-02', cd(60)), { due: '2019-10-08', beyondSchedule: false });
  });

  void test('received 2019-09-14, 15 days end Sun 2019-09-29, a make-up workday → 2019-09-29', () => {
    assert.deepEqual(computeDueFromDate(cal, '2019-09-14', cd(15)), { due: '2019-09-29', beyondSchedule: false });
  });

  void test('received Fri 2019-09-27, 5 working days: Sep 29, 30, Oct 8, 9, 10 → 2019-10-10', () => {
    assert.deepEqual(computeDueFromDate(cal, '2019-09-27', wd(5)), { due: '2019-10-10', beyondSchedule: false });
    assert.equal(computeDueFromDate(cal, '2019-09-27', wd(1)).due, '2019-09-29');
    assert.equal(computeDueFromDate(cal, '2019-09-27', wd(2)).due, '2019-09-30');
    assert.equal(computeDueFromDate(cal, '2019-09-27', wd(3)).due, '2019-10-08');
  });
});

void describe('computeDue / computeDueFromDate', () => {
  void test('the event day is not counted; an ordinary workday last day stays', () => {
    assert.equal(computeDueFromDate(cal, '2019-09-02', cd(1)).due, '2019-09-03');
    assert.equal(computeDueFromDate(cal, '2019-09-02', cd(15)).due, '2019-09-17');
    assert.equal(computeDueFromDate(cal, '2019-09-02', wd(5)).due, '2019-09-09'); // Tue–Fri, then Mon
  });

  void test('a plain weekend last day moves to Monday', () => {
    assert.equal(computeDueFromDate(cal, '2019-09-06', cd(15)).due, '2019-09-23'); // Sat 21 → Mon 23
  });

  void test('an instant late in the UTC day is already the next day in Shanghai', () => {
    // 2019-09-19T17:00Z is 2019-09-20 01:00 in Shanghai: the event day is Sep 20, as in the worked example
    assert.deepEqual(computeDue(cal, '2019-09-19T17:00:00Z', cd(15)), { due: '2019-10-08', beyondSchedule: false });
    assert.deepEqual(computeDue(cal, new Date('2019-09-19T17:00:00Z'), cd(15)), { due: '2019-10-08', beyondSchedule: false });
    // one hour earlier it is still Sep 19 in Shanghai: Sep 19 + 15 = Fri Oct 4, a holiday → Oct 8 too, so use a
    // rule that tells the days apart: 5 working days from Thu Sep 19 → Sep 20, 23, 24, 25, 26
    assert.equal(computeDue(cal, '2019-09-19T15:59:59Z', wd(5)).due, '2019-09-26');
    assert.equal(computeDue(cal, '2019-09-19T16:00:00Z', wd(5)).due, '2019-09-27');
  });

  void test('a limit crossing into 2027 (not in chinese-days) is flagged beyondSchedule', () => {
    // Dec 2026 + 60 days ends in February 2027, whose Spring Festival is not in the builtin data
    const r = computeDueFromDate(cal, '2026-12-20', cd(60));
    assert.equal(r.beyondSchedule, true);
    assert.equal(r.due, '2027-02-18'); // weekends alone: Thu 2027-02-18
    const w = computeDueFromDate(cal, '2026-12-24', wd(10));
    assert.equal(w.beyondSchedule, true);
    // a limit that stays inside 2026 is not flagged
    assert.equal(computeDueFromDate(cal, '2026-11-02', cd(15)).beyondSchedule, false);
    // working days: flagged as soon as a counted day lies in 2027, even if the result is computable
    assert.equal(computeDueFromDate(cal, '2026-12-30', wd(1)).beyondSchedule, false); // Thu Dec 31, 2026
    assert.equal(computeDueFromDate(cal, '2026-12-31', wd(1)).beyondSchedule, true);
  });

  void test('not flagged once an administrator-entered 2027 schedule is given', () => {
    const spring2027 = ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10',
      '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14', '2027-02-15', '2027-02-16', '2027-02-17', '2027-02-18'];
    const with2027 = new HolidayCalendar({
      years: [{ year: 2027, days: spring2027.map((date) => ({ date, kind: 'rest' as const, name: '春节' })) }],
    });
    const r = computeDueFromDate(with2027, '2026-12-20', cd(60));
    assert.equal(r.beyondSchedule, false);
    assert.equal(r.due, '2027-02-19'); // Thu Feb 18 is now a holiday → Fri Feb 19
    assert.equal(computeDueFromDate(with2027, '2026-12-24', wd(10)).beyondSchedule, false);
  });

  void test('an entered year overriding a weekday into a rest day changes the due date', () => {
    // 2025-09-02 + 15 = Wed 2025-09-17; an administrator's corrected 2025 makes Sep 17 a rest day
    assert.equal(computeDueFromDate(cal, '2025-09-02', cd(15)).due, '2025-09-17');
    const corrected = new HolidayCalendar({
      years: [{ year: 2025, days: [{ date: '2025-09-17', kind: 'rest', name: '临时休假' }] }],
    });
    assert.deepEqual(computeDueFromDate(corrected, '2025-09-02', cd(15)), { due: '2025-09-18', beyondSchedule: false });
    assert.equal(computeDueFromDate(corrected, '2025-09-15', wd(3)).due, '2025-09-19'); // 16, (17 off), 18, 19
  });

  void test('days = 0 is the day itself, moved off a rest day', () => {
    assert.equal(computeDueFromDate(cal, '2019-09-20', cd(0)).due, '2019-09-20');
    assert.equal(computeDueFromDate(cal, '2019-10-01', cd(0)).due, '2019-10-08');
    assert.equal(computeDueFromDate(cal, '2019-10-01', wd(0)).due, '2019-10-08');
  });

  void test('bad input is refused', () => {
    assert.throws(() => computeDueFromDate(cal, '2019-09-31', cd(15)), RangeError);
    assert.throws(() => computeDueFromDate(cal, '2019-09-20', cd(-1)), RangeError);
    assert.throws(() => computeDueFromDate(cal, '2019-09-20', wd(1.5)), RangeError);
    assert.throws(() => computeDue(cal, '2019-09-20T10:00:00', cd(15)), RangeError);
  });
});

void describe('shiftDue', () => {
  void test('a pause or extension across a holiday lands after it', () => {
    // due Fri 2019-09-27, paused 5 days → Wed Oct 2 (National Day) → Oct 8
    assert.deepEqual(shiftDue(cal, '2019-09-27', 5), { due: '2019-10-08', beyondSchedule: false });
    // a 30-day extension of a 2019-09-10 limit → Thu Oct 10, a workday
    assert.deepEqual(shiftDue(cal, '2019-09-10', 30), { due: '2019-10-10', beyondSchedule: false });
    // lands on the make-up Saturday Oct 12: stays
    assert.equal(shiftDue(cal, '2019-10-02', 10).due, '2019-10-12');
  });

  void test('shifting into an unknown year is flagged', () => {
    assert.equal(shiftDue(cal, '2026-12-20', 30).beyondSchedule, true);
    assert.equal(shiftDue(cal, '2026-11-20', 10).beyondSchedule, false);
  });

  void test('negative shifts are refused', () => {
    assert.throws(() => shiftDue(cal, '2019-09-27', -1), RangeError);
  });
});

void describe('isPastDue', () => {
  void test('the whole last day belongs to the limit (24:00 Asia/Shanghai)', () => {
    assert.equal(isPastDue('2019-10-08', '2019-10-08T23:59:00+08:00'), false);
    assert.equal(isPastDue('2019-10-08', '2019-10-08T23:59:59.999+08:00'), false);
    assert.equal(isPastDue('2019-10-08', '2019-10-09T00:00:00+08:00'), true);
    assert.equal(isPastDue('2019-10-08', new Date('2019-10-08T15:59:00Z')), false); // 23:59 Shanghai
    assert.equal(isPastDue('2019-10-08', new Date('2019-10-08T16:00:00Z')), true); // 00:00 Shanghai
    assert.equal(isPastDue('2019-10-08', '2019-09-01T00:00:00Z'), false);
  });
});

void describe('daysBetween', () => {
  void test('b - a in whole calendar days', () => {
    assert.equal(daysBetween('2019-09-20', '2019-10-08'), 18);
    assert.equal(daysBetween('2019-10-08', '2019-09-20'), -18);
    assert.equal(daysBetween('2019-12-31', '2020-03-01'), 61);
    assert.equal(daysBetween('2019-10-08', '2019-10-08'), 0);
  });
});

void describe('trafficLight', () => {
  // start 2019-09-20, due 2019-10-08: the limit runs from 24:00 Sep 20 to 24:00 Oct 8, 18 days; a third is 6 days
  const start = '2019-09-20';
  const due = '2019-10-08';

  void test('green while at least a third remains', () => {
    assert.equal(trafficLight(start, due, '2019-09-20T10:00:00+08:00'), 'green'); // before the clock starts
    assert.equal(trafficLight(start, due, '2019-09-25T12:00:00+08:00'), 'green');
    assert.equal(trafficLight(start, due, '2019-10-03T00:00:00+08:00'), 'green'); // exactly 6 days left
  });

  void test('yellow when less than a third remains', () => {
    assert.equal(trafficLight(start, due, '2019-10-03T00:00:01+08:00'), 'yellow');
    assert.equal(trafficLight(start, due, '2019-10-08T23:59:59+08:00'), 'yellow');
  });

  void test('red once past 24:00 of the due date', () => {
    assert.equal(trafficLight(start, due, '2019-10-09T00:00:00+08:00'), 'red');
    assert.equal(trafficLight(start, due, new Date('2019-11-01T00:00:00Z')), 'red');
  });

  void test('a limit due on its own start day is yellow until it passes', () => {
    assert.equal(trafficLight('2019-10-08', '2019-10-08', '2019-10-08T09:00:00+08:00'), 'yellow');
    assert.equal(trafficLight('2019-10-08', '2019-10-08', '2019-10-09T09:00:00+08:00'), 'red');
  });
});
