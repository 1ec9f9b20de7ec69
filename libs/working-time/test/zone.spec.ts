import fc from 'fast-check';
import {
  type OfficeCalendar,
  addWorkingTime,
  defaultOfficeCalendar,
  localDate,
  subtractWorkingTime,
  workingMillisBetween,
  zonedTimeToUtc,
} from '../src';
import { WIB, WIT, WITA, calendarError } from './helpers';

const H = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Local date and time by Intl alone: the oracle the library's own arithmetic is checked against. */
function oracle(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(ms);
  const get = (type: string): string => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

describe('localDate and zonedTimeToUtc', () => {
  it('knows the three Indonesian zones', () => {
    expect(iso(zonedTimeToUtc('2026-11-20', '07:30', WIB))).toBe('2026-11-20T00:30:00.000Z');
    expect(iso(zonedTimeToUtc('2026-11-20', '07:30', WITA))).toBe('2026-11-19T23:30:00.000Z');
    expect(iso(zonedTimeToUtc('2026-11-20', '07:30', WIT))).toBe('2026-11-19T22:30:00.000Z');
    expect(iso(zonedTimeToUtc('2026-11-20', '24:00', WIB))).toBe('2026-11-20T17:00:00.000Z');
  });

  it('puts an instant on the local date of each zone', () => {
    const ms = Date.parse('2026-11-20T16:30:00Z');
    expect(localDate(ms, WIB)).toBe('2026-11-20');
    expect(localDate(ms, WITA)).toBe('2026-11-21');
    expect(localDate(ms, WIT)).toBe('2026-11-21');
  });

  it('resolves DST gaps forward and overlaps to the earlier instant', () => {
    // New York: 2026-03-08 02:00 → 03:00; 2026-11-01 02:00 → 01:00.
    expect(iso(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(zonedTimeToUtc('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    // Lord Howe shifts by 30 minutes (02:00 → 02:30): 02:15 becomes 02:45 (+11:00).
    expect(iso(zonedTimeToUtc('2026-10-04', '02:15', 'Australia/Lord_Howe'))).toBe(
      '2026-10-03T15:45:00.000Z',
    );
  });

  it('rejects bad zones, dates and times with bilingual errors', () => {
    const zone = calendarError(() => localDate(0, 'Asia/Atlantis'));
    expect(zone.code).toBe('invalid-time-zone');
    expect(zone.message).toContain('Zona waktu tidak dikenal');
    expect(zone.message).toContain('Unknown time zone');
    expect(calendarError(() => zonedTimeToUtc('2026-02-30', '10:00', WIB)).code).toBe('invalid-date');
    expect(calendarError(() => zonedTimeToUtc('2026-02-03', '7:30', WIB)).code).toBe('invalid-date');
    expect(calendarError(() => zonedTimeToUtc('2026-02-03', '24:01', WIB)).code).toBe('invalid-date');
  });

  it('agrees with Intl for any instant in any zone', () => {
    const zones = [
      WIB,
      WITA,
      WIT,
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'America/Sao_Paulo',
      'Asia/Kolkata',
      'Pacific/Apia',
      'America/St_Johns',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2040-01-01') }),
        (zone, ms) => {
          const minute = ms - (ms % 60_000);
          const want = oracle(minute, zone);
          expect(localDate(minute, zone)).toBe(want.date);
          const back = zonedTimeToUtc(want.date, want.time, zone);
          // Equal, or the earlier instant of a repeated (fall-back) local time.
          if (back !== minute) {
            expect(back).toBeLessThan(minute);
            expect(oracle(back, zone)).toEqual(want);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('working time in zones with DST', () => {
  const allDay = (timeZone: string): OfficeCalendar => {
    const d = [{ start: '00:00', end: '24:00' }];
    return { timeZone, workingHours: { 1: d, 2: d, 3: d, 4: d, 5: d, 6: d, 7: d }, holidays: [] };
  };

  it('has 23 and 25 hour days in New York', () => {
    const cal = allDay('America/New_York');
    const day = (date: string, next: string) =>
      workingMillisBetween(
        zonedTimeToUtc(date, '00:00', cal.timeZone),
        zonedTimeToUtc(next, '00:00', cal.timeZone),
        cal,
      );
    expect(day('2026-03-08', '2026-03-09')).toBe(23 * H);
    expect(day('2026-11-01', '2026-11-02')).toBe(25 * H);
    expect(day('2026-11-02', '2026-11-03')).toBe(24 * H);
  });

  it('handles days that start at 01:00 because midnight was skipped (São Paulo, 2018)', () => {
    const cal = allDay('America/Sao_Paulo');
    expect(localDate(Date.parse('2018-11-04T03:00:00Z'), cal.timeZone)).toBe('2018-11-04');
    expect(iso(zonedTimeToUtc('2018-11-04', '00:00', cal.timeZone))).toBe('2018-11-04T03:00:00.000Z');
    const from = zonedTimeToUtc('2018-11-03', '12:00', cal.timeZone);
    const to = zonedTimeToUtc('2018-11-04', '12:00', cal.timeZone);
    expect(workingMillisBetween(from, to, cal)).toBe(23 * H);
    expect(addWorkingTime(from, { amount: 1, unit: 'day' }, cal)).toBe(to);
    // 2018-02-17 24:00 went back to 23:00: that Saturday had 25 hours.
    const sat = zonedTimeToUtc('2018-02-17', '00:00', cal.timeZone);
    const sun = zonedTimeToUtc('2018-02-18', '00:00', cal.timeZone);
    expect(sun - sat).toBe(25 * H);
  });

  it('moves an interval boundary inside a DST gap to the end of the gap', () => {
    const d = [{ start: '02:00', end: '04:00' }];
    const cal: OfficeCalendar = {
      timeZone: 'America/New_York',
      workingHours: { 1: d, 2: d, 3: d, 4: d, 5: d, 6: d, 7: d },
      holidays: [],
    };
    const sunday = zonedTimeToUtc('2026-03-08', '00:00', cal.timeZone);
    // 02:00–03:00 does not exist that night: one working hour, 03:00–04:00 EDT.
    expect(workingMillisBetween(sunday, sunday + 24 * H, cal)).toBe(H);
    expect(iso(addWorkingTime(sunday, { amount: 0, unit: 'minute' }, cal))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('keeps the local clock time for working days across a DST change (Berlin)', () => {
    const cal = defaultOfficeCalendar('Europe/Berlin');
    const friday = zonedTimeToUtc('2026-03-27', '10:00', cal.timeZone);
    const monday = zonedTimeToUtc('2026-03-30', '10:00', cal.timeZone);
    expect(addWorkingTime(friday, { amount: 1, unit: 'day' }, cal)).toBe(monday);
    expect(subtractWorkingTime(monday, { amount: 1, unit: 'day' }, cal)).toBe(friday);
    expect(addWorkingTime(friday, { amount: 1, unit: 'day' }, cal, { calendarTime: true })).toBe(
      zonedTimeToUtc('2026-03-28', '10:00', cal.timeZone),
    );
    expect(addWorkingTime(friday, { amount: 3, unit: 'day' }, cal, { calendarTime: true })).toBe(monday);
    // Real time across the change: 71 hours, not 72.
    expect(monday - friday).toBe(71 * H);
  });
});
