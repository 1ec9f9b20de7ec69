import {
  type Duration,
  type OfficeCalendar,
  MAX_SPAN_DAYS,
  addWorkingTime,
  defaultOfficeCalendar,
  durationToMinutes,
  isWorkingDay,
  isWorkingInstant,
  nextWorkingInstant,
  standardDayMinutes,
  subtractWorkingTime,
  workingMillisBetween,
} from '../src';
import { WIB, WIT, WITA, at, calendarError, lunchCalendar, monFriCalendar, show } from './helpers';

const min = (amount: number): Duration => ({ amount, unit: 'minute' });
const hours = (amount: number): Duration => ({ amount, unit: 'hour' });
const days = (amount: number): Duration => ({ amount, unit: 'day' });
const weeks = (amount: number): Duration => ({ amount, unit: 'week' });
const H = 3_600_000;

describe('addWorkingTime, minutes and hours', () => {
  it('carries a task opened Friday 15:50 WIB with 30 minutes to Monday 07:50 (Mon–Fri 07:30–16:00)', () => {
    const cal = monFriCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), min(30), cal), WIB)).toBe('2026-11-23 07:50');
  });

  it('uses the longer Friday of the default schedule (until 16:30)', () => {
    const cal = defaultOfficeCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), min(30), cal), WIB)).toBe('2026-11-20 16:20');
    expect(show(addWorkingTime(at('2026-11-19 15:50', WIB), min(30), cal), WIB)).toBe('2026-11-20 07:50');
  });

  it('ends a deadline on the closing time rather than the next morning', () => {
    const cal = defaultOfficeCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-17 15:30', WIB), min(30), cal), WIB)).toBe('2026-11-17 16:00');
  });

  it('counts fractional hours as working minutes', () => {
    const cal = defaultOfficeCalendar(WITA);
    expect(show(addWorkingTime(at('2026-11-17 15:00', WITA), hours(1.5), cal), WITA)).toBe(
      '2026-11-18 08:00',
    );
  });

  it('starts counting at 07:30 when opened before office hours', () => {
    const cal = defaultOfficeCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-17 06:00', WIB), hours(1), cal), WIB)).toBe('2026-11-17 08:30');
  });

  it('starts counting on Monday when opened on Saturday (WIT)', () => {
    const cal = defaultOfficeCalendar(WIT);
    expect(show(addWorkingTime(at('2026-11-21 10:00', WIT), min(30), cal), WIT)).toBe('2026-11-23 08:00');
  });

  it('skips a national holiday (17 August, a Monday)', () => {
    const cal = defaultOfficeCalendar(WIB, [
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
    ]);
    // Friday 15:00–16:30 gives 1.5 h; the rest lands on Tuesday.
    expect(show(addWorkingTime(at('2026-08-14 15:00', WIB), hours(2), cal), WIB)).toBe('2026-08-18 08:00');
  });

  it('skips Nyepi, Idul Fitri and a cuti bersama in a row (WITA)', () => {
    const cal = defaultOfficeCalendar(WITA, [
      { date: '2026-03-19', name: 'Hari Suci Nyepi', kind: 'national' },
      { date: '2026-03-20', name: 'Idulfitri', kind: 'national' },
      { date: '2026-03-23', name: 'Cuti bersama Idulfitri', kind: 'cuti-bersama' },
    ]);
    expect(show(addWorkingTime(at('2026-03-18 15:00', WITA), hours(2), cal), WITA)).toBe('2026-03-24 08:30');
  });

  it('works on an extra working day, with the standard hours or its own', () => {
    const standard = {
      ...defaultOfficeCalendar(WIB),
      extraWorkingDays: [{ date: '2026-11-21', name: 'Rekapitulasi suara' }],
    };
    expect(show(addWorkingTime(at('2026-11-20 16:20', WIB), min(30), standard), WIB)).toBe(
      '2026-11-21 07:50',
    );
    const short = {
      ...defaultOfficeCalendar(WIB),
      extraWorkingDays: [
        { date: '2026-11-21', name: 'Rekapitulasi suara', hours: [{ start: '08:00', end: '12:00' }] },
      ],
    };
    expect(show(addWorkingTime(at('2026-11-20 16:20', WIB), min(30), short), WIB)).toBe('2026-11-21 08:20');
  });

  it('lets an extra working day win over a holiday on the same date', () => {
    const cal: OfficeCalendar = {
      ...defaultOfficeCalendar(WIB, [{ date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' }]),
      extraWorkingDays: [{ date: '2026-08-17', name: 'Piket', hours: [{ start: '09:00', end: '12:00' }] }],
    };
    expect(show(addWorkingTime(at('2026-08-14 16:00', WIB), hours(1), cal), WIB)).toBe('2026-08-17 09:30');
  });

  it('skips the lunch break on a calendar with two intervals a day', () => {
    const cal = lunchCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-17 11:45', WIB), min(30), cal), WIB)).toBe('2026-11-17 13:15');
    expect(show(addWorkingTime(at('2026-11-17 12:30', WIB), min(30), cal), WIB)).toBe('2026-11-17 13:30');
    // Friday's break starts at 11:30.
    expect(show(addWorkingTime(at('2026-11-20 11:15', WIB), min(30), cal), WIB)).toBe('2026-11-20 13:15');
  });

  it('returns the start itself for a zero duration inside working time, else the next start', () => {
    const cal = defaultOfficeCalendar(WIB);
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), min(0), cal), WIB)).toBe('2026-11-17 10:00');
    expect(show(addWorkingTime(at('2026-11-17 16:00', WIB), min(0), cal), WIB)).toBe('2026-11-17 16:00');
    expect(show(addWorkingTime(at('2026-11-17 17:00', WIB), min(0), cal), WIB)).toBe('2026-11-18 07:30');
  });
});

describe('addWorkingTime, days and weeks', () => {
  const cal = defaultOfficeCalendar(WIB);

  it('reads "1 hari" from Tuesday 10:00 as Wednesday 10:00', () => {
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), days(1), cal), WIB)).toBe('2026-11-18 10:00');
  });

  it('moves Friday to Monday and skips holidays', () => {
    const withHoliday = defaultOfficeCalendar(WIB, [
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
    ]);
    expect(show(addWorkingTime(at('2026-08-14 10:00', WIB), days(1), withHoliday), WIB)).toBe(
      '2026-08-18 10:00',
    );
    expect(show(addWorkingTime(at('2026-08-13 10:00', WIB), days(2), withHoliday), WIB)).toBe(
      '2026-08-18 10:00',
    );
  });

  it('clamps the clock time into the target day (Friday 16:20 + 1 day = Monday 16:00)', () => {
    expect(show(addWorkingTime(at('2026-11-20 16:20', WIB), days(1), cal), WIB)).toBe('2026-11-23 16:00');
  });

  it('counts from the next interval start when opened outside working hours', () => {
    expect(show(addWorkingTime(at('2026-11-17 06:00', WIB), days(1), cal), WIB)).toBe('2026-11-18 07:30');
    expect(show(addWorkingTime(at('2026-11-17 19:00', WIB), days(1), cal), WIB)).toBe('2026-11-19 07:30');
    // Opened on Saturday in WIT: counting starts Monday 07:30.
    const wit = defaultOfficeCalendar(WIT);
    expect(show(addWorkingTime(at('2026-11-21 10:00', WIT), days(1), wit), WIT)).toBe('2026-11-24 07:30');
  });

  it('treats closing time as a working position (Tuesday 16:00 + 1 day = Wednesday 16:00)', () => {
    expect(show(addWorkingTime(at('2026-11-17 16:00', WIB), days(1), cal), WIB)).toBe('2026-11-18 16:00');
  });

  it('clamps a clock time falling in the target day’s break to the end before the break', () => {
    const lunch = lunchCalendar(WITA);
    expect(show(addWorkingTime(at('2026-11-19 11:45', WITA), days(1), lunch), WITA)).toBe('2026-11-20 11:30');
    expect(show(addWorkingTime(at('2026-11-17 12:30', WITA), days(1), lunch), WITA)).toBe('2026-11-18 13:00');
  });

  it('reads a week as 5 working days', () => {
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), weeks(1), cal), WIB)).toBe('2026-11-24 10:00');
    expect(addWorkingTime(at('2026-11-17 10:00', WIB), weeks(2), cal)).toBe(
      addWorkingTime(at('2026-11-17 10:00', WIB), days(10), cal),
    );
    const withOfficeDay = defaultOfficeCalendar(WIB, [
      { date: '2026-11-19', name: 'HUT Kabupaten', kind: 'office' },
    ]);
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), weeks(1), withOfficeDay), WIB)).toBe(
      '2026-11-25 10:00',
    );
  });

  it('spreads a fraction of a day over the working time up to the next whole day', () => {
    // Tuesday 10:00 → Wednesday 10:00 is 8 h 30 min of working time; half of it is 4 h 15 min.
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), days(0.5), cal), WIB)).toBe('2026-11-17 14:15');
    expect(show(addWorkingTime(at('2026-11-17 10:00', WIB), days(1.5), cal), WIB)).toBe('2026-11-18 14:15');
  });
});

describe('calendar-time mode', () => {
  const cal = defaultOfficeCalendar(WIB, [
    { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
  ]);
  const opts = { calendarTime: true };

  it('counts minutes and hours as real elapsed time', () => {
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), min(30), cal, opts), WIB)).toBe(
      '2026-11-20 16:20',
    );
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), hours(24), cal, opts), WIB)).toBe(
      '2026-11-21 15:50',
    );
  });

  it('counts days on the calendar, ignoring weekends and holidays, and a week as 7 days', () => {
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), days(1), cal, opts), WIB)).toBe(
      '2026-11-21 15:50',
    );
    expect(show(addWorkingTime(at('2026-08-14 10:00', WIB), days(3), cal, opts), WIB)).toBe(
      '2026-08-17 10:00',
    );
    expect(show(addWorkingTime(at('2026-11-20 15:50', WIB), weeks(1), cal, opts), WIB)).toBe(
      '2026-11-27 15:50',
    );
    expect(show(subtractWorkingTime(at('2026-11-27 15:50', WIB), weeks(1), cal, opts), WIB)).toBe(
      '2026-11-20 15:50',
    );
  });
});

describe('subtractWorkingTime (reminders)', () => {
  it('reminds 30 working minutes before a Monday 07:50 deadline on Friday 15:50', () => {
    const cal = monFriCalendar(WIB);
    expect(show(subtractWorkingTime(at('2026-11-23 07:50', WIB), min(30), cal), WIB)).toBe(
      '2026-11-20 15:50',
    );
  });

  it('walks back from a deadline outside working hours', () => {
    const cal = defaultOfficeCalendar(WITA);
    expect(show(subtractWorkingTime(at('2026-11-21 10:00', WITA), min(30), cal), WITA)).toBe(
      '2026-11-20 16:00',
    );
  });

  it('steps back whole working days at the same clock time, over holidays', () => {
    const cal = defaultOfficeCalendar(WIT, [
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
    ]);
    expect(show(subtractWorkingTime(at('2026-08-18 10:00', WIT), days(1), cal), WIT)).toBe(
      '2026-08-14 10:00',
    );
    expect(show(subtractWorkingTime(at('2026-11-18 10:00', WIT), days(1), cal), WIT)).toBe(
      '2026-11-17 10:00',
    );
  });

  it('skips the lunch break backwards', () => {
    const cal = lunchCalendar(WIB);
    expect(show(subtractWorkingTime(at('2026-11-17 13:15', WIB), min(30), cal), WIB)).toBe(
      '2026-11-17 11:45',
    );
  });
});

describe('workingMillisBetween', () => {
  const cal = defaultOfficeCalendar(WIB, [
    { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
  ]);

  it('measures working time across a weekend', () => {
    expect(workingMillisBetween(at('2026-11-20 15:00', WIB), at('2026-11-23 09:00', WIB), cal)).toBe(3 * H);
  });

  it('leaves out holidays, and a full default week is 43 hours', () => {
    expect(workingMillisBetween(at('2026-08-14 16:00', WIB), at('2026-08-18 08:00', WIB), cal)).toBe(H);
    expect(workingMillisBetween(at('2026-11-16 00:00', WIB), at('2026-11-23 00:00', WIB), cal)).toBe(43 * H);
  });

  it('is zero for an empty or reversed range', () => {
    const t = at('2026-11-17 10:00', WIB);
    expect(workingMillisBetween(t, t, cal)).toBe(0);
    expect(workingMillisBetween(t + H, t, cal)).toBe(0);
  });

  it('leaves out breaks', () => {
    const lunch = lunchCalendar(WIB);
    expect(workingMillisBetween(at('2026-11-17 07:00', WIB), at('2026-11-17 17:00', WIB), lunch)).toBe(
      7.5 * H,
    );
  });
});

describe('isWorkingInstant and nextWorkingInstant', () => {
  const cal = lunchCalendar(WITA);

  it('treats the start as working and the end as closed', () => {
    expect(isWorkingInstant(at('2026-11-17 07:30', WITA), cal)).toBe(true);
    expect(isWorkingInstant(at('2026-11-17 07:29', WITA), cal)).toBe(false);
    expect(isWorkingInstant(at('2026-11-17 12:00', WITA), cal)).toBe(false);
    expect(isWorkingInstant(at('2026-11-21 10:00', WITA), cal)).toBe(false);
  });

  it('finds the next working instant', () => {
    expect(show(nextWorkingInstant(at('2026-11-17 12:30', WITA), cal), WITA)).toBe('2026-11-17 13:00');
    expect(show(nextWorkingInstant(at('2026-11-17 10:00', WITA), cal), WITA)).toBe('2026-11-17 10:00');
    expect(show(nextWorkingInstant(at('2026-11-20 16:30', WITA), cal), WITA)).toBe('2026-11-23 07:30');
  });
});

describe('isWorkingDay, standardDayMinutes, durationToMinutes', () => {
  it('knows working days', () => {
    const cal = defaultOfficeCalendar(WIB, [
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'national' },
    ]);
    expect(isWorkingDay('2026-08-14', cal)).toBe(true);
    expect(isWorkingDay('2026-08-15', cal)).toBe(false);
    expect(isWorkingDay('2026-08-17', cal)).toBe(false);
  });

  it('takes the day length most weekdays share as the standard day', () => {
    expect(standardDayMinutes(defaultOfficeCalendar(WIB))).toBe(510);
    expect(standardDayMinutes(lunchCalendar(WIB))).toBe(450);
    const sixDays: OfficeCalendar = {
      timeZone: WIB,
      workingHours: {
        1: [{ start: '08:00', end: '14:00' }],
        2: [{ start: '08:00', end: '14:00' }],
        3: [{ start: '08:00', end: '15:00' }],
        4: [{ start: '08:00', end: '15:00' }],
        5: [{ start: '08:00', end: '11:00' }],
        6: [{ start: '08:00', end: '12:30' }],
        7: [],
      },
      holidays: [],
    };
    // 6 h and 7 h tie with two weekdays each: Monday's length wins.
    expect(standardDayMinutes(sixDays)).toBe(360);
  });

  it('converts durations to working minutes for reports', () => {
    const cal = defaultOfficeCalendar(WIB);
    expect(durationToMinutes(min(30), cal)).toBe(30);
    expect(durationToMinutes(hours(1.5), cal)).toBe(90);
    expect(durationToMinutes(days(1), cal)).toBe(510);
    expect(durationToMinutes(weeks(1), cal)).toBe(2550);
    expect(durationToMinutes(days(1), cal, { calendarTime: true })).toBe(1440);
    expect(durationToMinutes(weeks(1), cal, { calendarTime: true })).toBe(10080);
  });
});

describe('errors and limits', () => {
  const cal = defaultOfficeCalendar(WIB);
  const t = at('2026-11-17 10:00', WIB);

  it('rejects negative, NaN and unknown durations', () => {
    expect(calendarError(() => addWorkingTime(t, min(-1), cal)).code).toBe('invalid-duration');
    expect(calendarError(() => addWorkingTime(t, hours(NaN), cal)).code).toBe('invalid-duration');
    expect(calendarError(() => addWorkingTime(t, hours(Infinity), cal)).code).toBe('invalid-duration');
    const odd = { amount: 1, unit: 'month' } as unknown as Duration;
    expect(calendarError(() => subtractWorkingTime(t, odd, cal)).code).toBe('invalid-duration');
    expect(calendarError(() => durationToMinutes(min(-5), cal)).code).toBe('invalid-duration');
  });

  it('rejects instants that are not numbers in range', () => {
    expect(calendarError(() => addWorkingTime(NaN, min(1), cal)).code).toBe('invalid-instant');
    expect(calendarError(() => workingMillisBetween(0, 1e16, cal)).code).toBe('invalid-instant');
  });

  it('refuses spans longer than the limit, quickly', () => {
    const began = performance.now();
    expect(calendarError(() => addWorkingTime(t, days(MAX_SPAN_DAYS + 1), cal)).code).toBe('span-too-long');
    expect(calendarError(() => addWorkingTime(t, hours(200_000), cal)).code).toBe('span-too-long');
    expect(calendarError(() => subtractWorkingTime(t, weeks(2000), cal)).code).toBe('span-too-long');
    const e = calendarError(() => workingMillisBetween(t, at('2037-01-01 00:00', WIB), cal));
    expect(e.code).toBe('span-too-long');
    expect(e.message).toMatch(
      /^Rentang waktu melebihi batas 3660 hari .* \/ The span exceeds the limit of 3660 days/,
    );
    expect(performance.now() - began).toBeLessThan(5_000);
  });

  it('reports a calendar without any working time instead of looping', () => {
    const none: OfficeCalendar = {
      timeZone: WIB,
      workingHours: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] },
      holidays: [],
    };
    const e = calendarError(() => addWorkingTime(t, min(1), none));
    expect(e.code).toBe('no-working-time');
    expect(e.messageId).toBe('Kalender kantor tidak memiliki jam kerja sama sekali');
    expect(e.messageEn).toBe('The office calendar has no working hours at all');
    expect(calendarError(() => nextWorkingInstant(t, none)).code).toBe('no-working-time');
    expect(workingMillisBetween(t, t + 10 * H, none)).toBe(0);
  });

  it('gives up within the limit when the only working days are far away', () => {
    const sparse: OfficeCalendar = {
      timeZone: WIB,
      workingHours: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] },
      holidays: [],
      extraWorkingDays: [
        { date: '2020-01-06', name: 'Sekali saja', hours: [{ start: '08:00', end: '09:00' }] },
      ],
    };
    const began = performance.now();
    expect(calendarError(() => addWorkingTime(t, min(1), sparse)).code).toBe('span-too-long');
    expect(calendarError(() => addWorkingTime(t, days(1), sparse)).code).toBe('span-too-long');
    expect(performance.now() - began).toBeLessThan(5_000);
    // Backwards it finds the one day.
    expect(show(subtractWorkingTime(t, min(30), sparse), WIB)).toBe('2020-01-06 08:30');
  });
});
