import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  HolidayCalendar, addCalendarDays, defaultCalendar, isValidDate, shanghaiDate, weekday,
} from '../../src/domain/calendar.ts';

void describe('date arithmetic', () => {
  void test('isValidDate is strict about shape and real dates', () => {
    for (const d of ['2019-10-01', '2020-02-29', '2000-02-29', '1900-01-01', '0001-01-01', '9999-12-31']) {
      assert.equal(isValidDate(d), true, d);
    }
    for (const d of ['2019-02-29', '1900-02-29', '2019-13-01', '2019-00-10', '2019-04-31', '2019-9-1',
      '20190901', '2019-09-01T00:00:00Z', ' 2019-09-01', '', 'abcd-ef-gh', '2019-09-00']) {
      assert.equal(isValidDate(d), false, d);
    }
  });

  void test('addCalendarDays crosses months, leap days and years, both ways', () => {
    assert.equal(addCalendarDays('2019-09-20', 15), '2019-10-05');
    assert.equal(addCalendarDays('2019-08-02', 60), '2019-10-01');
    assert.equal(addCalendarDays('2020-02-28', 1), '2020-02-29');
    assert.equal(addCalendarDays('2019-02-28', 1), '2019-03-01');
    assert.equal(addCalendarDays('2019-12-31', 1), '2020-01-01');
    assert.equal(addCalendarDays('2020-01-01', -1), '2019-12-31');
    assert.equal(addCalendarDays('2020-03-01', -1), '2020-02-29');
    assert.equal(addCalendarDays('2019-10-08', 0), '2019-10-08');
    assert.equal(addCalendarDays('0050-01-01', 31), '0050-02-01'); // no Date.UTC two-digit-year trap
    assert.throws(() => addCalendarDays('2019-02-30', 1), RangeError);
    assert.throws(() => addCalendarDays('2019-02-01', 1.5), RangeError);
  });

  void test('addCalendarDays agrees with Date.UTC over several centuries', () => {
    const base = Date.UTC(1900, 0, 1);
    for (let n = 0; n < 80_000; n += 37) {
      const expected = new Date(base + n * 86_400_000).toISOString().slice(0, 10);
      assert.equal(addCalendarDays('1900-01-01', n), expected);
    }
  });

  void test('weekday: 0 = Sunday', () => {
    assert.equal(weekday('1970-01-01'), 4);
    assert.equal(weekday('2019-09-27'), 5);
    assert.equal(weekday('2019-09-29'), 0);
    assert.equal(weekday('2019-10-12'), 6);
    assert.equal(weekday('1969-12-31'), 3);
    assert.throws(() => weekday('2019-9-29'), RangeError);
  });

  void test('shanghaiDate takes the UTC+8 calendar date of an instant', () => {
    assert.equal(shanghaiDate('2019-09-19T16:00:00Z'), '2019-09-20'); // 00:00 in Shanghai
    assert.equal(shanghaiDate('2019-09-19T15:59:59.999Z'), '2019-09-19');
    assert.equal(shanghaiDate(new Date('2019-12-31T20:30:00Z')), '2020-01-01');
    assert.equal(shanghaiDate('2019-09-20T23:59:59+08:00'), '2019-09-20');
    assert.equal(shanghaiDate('2019-09-20T00:00:00+08:00'), '2019-09-20');
    assert.equal(shanghaiDate('2019-09-20T10:59:59-05:00'), '2019-09-20');
    assert.equal(shanghaiDate('2019-09-20T11:00:00-05:00'), '2019-09-21');
  });

  void test('shanghaiDate refuses instants without an offset and invalid ones', () => {
    assert.throws(() => shanghaiDate('2019-09-20T10:00:00'), RangeError);
    assert.throws(() => shanghaiDate('2019-09-20'), RangeError);
    assert.throws(() => shanghaiDate('yesterday'), RangeError);
    assert.throws(() => shanghaiDate(new Date(NaN)), RangeError);
  });
});

void describe('HolidayCalendar (builtin chinese-days)', () => {
  const cal = defaultCalendar;

  void test('2019 National Day: Oct 1–7 rest, Sun Sep 29 and Sat Oct 12 make-up workdays', () => {
    for (let d = 1; d <= 7; d++) assert.equal(cal.isRestDay(`2019-10-0${d}`), true);
    assert.equal(cal.isRestDay('2019-09-29'), false);
    assert.equal(cal.isWorkday('2019-09-29'), true);
    assert.equal(cal.isWorkday('2019-10-12'), true);
    assert.equal(cal.isWorkday('2019-10-08'), true);
    assert.equal(cal.dayName('2019-10-01'), '国庆节');
    assert.equal(cal.dayName('2019-09-29'), '国庆节');
    assert.equal(cal.dayName('2019-10-09'), undefined);
  });

  void test('ordinary weekends are rest, weekdays work', () => {
    assert.equal(cal.isRestDay('2019-09-21'), true); // Saturday
    assert.equal(cal.isRestDay('2019-09-22'), true); // Sunday
    assert.equal(cal.isWorkday('2019-09-23'), true); // Monday
  });

  void test('known years are 2004–2026; 2027 is not known and falls back to weekends', () => {
    const years = cal.knownYears();
    assert.equal(years[0], 2004);
    assert.equal(years[years.length - 1], 2026);
    assert.equal(years.length, 23);
    assert.equal(cal.isKnown('2026-12-31'), true);
    assert.equal(cal.isKnown('2027-01-01'), false);
    assert.equal(cal.isKnown('2003-12-31'), false);
    // 2027-10-01 is a Friday: no schedule, so it counts as a workday (callers must check isKnown)
    assert.equal(cal.isWorkday('2027-10-01'), true);
    assert.equal(cal.isRestDay('2027-10-02'), true);
  });

  void test('builtin: false knows nothing but weekends', () => {
    const bare = new HolidayCalendar({ builtin: false });
    assert.deepEqual(bare.knownYears(), []);
    assert.equal(bare.isRestDay('2019-10-01'), false); // a Tuesday
    assert.equal(bare.isRestDay('2019-09-29'), true); // a Sunday
    assert.equal(bare.isKnown('2019-10-01'), false);
  });
});

void describe('HolidayCalendar (administrator-entered years)', () => {
  const y2027 = {
    year: 2027,
    days: [
      { date: '2027-10-01', kind: 'rest' as const, name: '国庆节' },
      { date: '2027-10-09', kind: 'work' as const, name: '国庆节' },
    ],
  };

  void test('an entered year becomes known and its days apply', () => {
    const cal = new HolidayCalendar({ years: [y2027] });
    assert.equal(cal.isKnown('2027-05-01'), true);
    assert.deepEqual(cal.knownYears().slice(-2), [2026, 2027]);
    assert.equal(cal.isRestDay('2027-10-01'), true);
    assert.equal(cal.isWorkday('2027-10-09'), true); // a Saturday made a workday
    assert.equal(cal.dayName('2027-10-01'), '国庆节');
    assert.equal(defaultCalendar.isKnown('2027-05-01'), false); // the shared default is untouched
  });

  void test('an entered year replaces the builtin year with the same number entirely', () => {
    const cal = new HolidayCalendar({ years: [{ year: 2019, days: [{ date: '2019-09-23', kind: 'rest' }] }] });
    assert.equal(cal.isRestDay('2019-09-23'), true); // a Monday made a rest day
    assert.equal(cal.isRestDay('2019-10-01'), false); // the builtin holiday is gone with the builtin year
    assert.equal(cal.isRestDay('2019-09-29'), true); // and so is its make-up Sunday
    assert.equal(cal.isRestDay('2018-10-01'), true); // other builtin years stay
    assert.equal(cal.isKnown('2019-01-01'), true);
  });

  void test('entered schedules are validated', () => {
    assert.throws(() => new HolidayCalendar({ years: [{ year: 2027, days: [{ date: '2028-01-01', kind: 'rest' }] }] }), RangeError);
    assert.throws(() => new HolidayCalendar({ years: [{ year: 2027, days: [{ date: '2027-02-30', kind: 'rest' }] }] }), RangeError);
    assert.throws(() => new HolidayCalendar({ years: [y2027, y2027] }), RangeError);
    assert.throws(() => new HolidayCalendar({ years: [{ year: 20.5, days: [] }] }), RangeError);
  });
});
