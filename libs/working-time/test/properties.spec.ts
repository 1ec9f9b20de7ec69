import fc from 'fast-check';
import {
  CalendarError,
  type Duration,
  type IsoWeekday,
  type OfficeCalendar,
  type WorkingInterval,
  addWorkingTime,
  isWorkingInstant,
  nextWorkingInstant,
  subtractWorkingTime,
  workingMillisBetween,
} from '../src';
import { WIB, WIT, WITA } from './helpers';

const MIN = 60_000;
const DAY = 86_400_000;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2027-07-01T00:00:00Z');
const OFFSET_HOURS: Record<string, number> = { [WIB]: 7, [WITA]: 8, [WIT]: 9 };
const DST_ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'];

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** 0–3 intervals on a quarter-hour grid, sorted and disjoint (touching allowed). */
const intervalsArb: fc.Arbitrary<WorkingInterval[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((marks) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const out: WorkingInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      out.push({ start: hhmm(sorted[i] * 15), end: hhmm(sorted[i + 1] * 15) });
    }
    return out;
  });

const dateArb = fc.integer({ min: FROM / DAY, max: TO / DAY }).map((d) => isoDate(d * DAY));

function calendarArb(
  zones: readonly string[],
  opts: { uniform?: boolean } = {},
): fc.Arbitrary<OfficeCalendar> {
  const weekly = opts.uniform
    ? fc
        .tuple(
          intervalsArb.filter((l) => l.length > 0),
          fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
        )
        .map(([hours, on]) => on.map((w) => (w ? hours : [])))
    : fc.array(intervalsArb, { minLength: 7, maxLength: 7 });
  return fc.record({
    timeZone: fc.constantFrom(...zones),
    workingHours: weekly.map(
      (days) =>
        Object.fromEntries(days.map((d, i) => [i + 1, d])) as unknown as Record<
          IsoWeekday,
          WorkingInterval[]
        >,
    ),
    holidays: fc.array(
      fc.record({
        date: dateArb,
        name: fc.constant('Libur'),
        kind: fc.constantFrom('national' as const, 'cuti-bersama' as const, 'office' as const),
      }),
      { maxLength: 30 },
    ),
    extraWorkingDays: fc.uniqueArray(
      opts.uniform
        ? fc.record({ date: dateArb, name: fc.constant('Lembur') })
        : fc.record({ date: dateArb, name: fc.constant('Lembur'), hours: intervalsArb }),
      { maxLength: 4, selector: (x) => x.date },
    ),
  });
}

const hasWeeklyHours = (cal: OfficeCalendar): boolean =>
  Object.values(cal.workingHours).some((list) => list.length > 0);

const instantArb = fc.integer({ min: FROM, max: TO });
const minuteArb = instantArb.map((ms) => ms - (ms % MIN));

// An independent model for the fixed-offset Indonesian zones: minute by minute, with Date.
function oracleWorking(ms: number, cal: OfficeCalendar): boolean {
  const local = ms + OFFSET_HOURS[cal.timeZone] * 3_600_000;
  const date = isoDate(local);
  const weekday = (new Date(local).getUTCDay() || 7) as IsoWeekday;
  const minute = Math.floor((((local % DAY) + DAY) % DAY) / MIN);
  const extra = cal.extraWorkingDays?.find((x) => x.date === date);
  const standard = Object.values(cal.workingHours).find((l) => l.length > 0) ?? [];
  const hours = extra
    ? (extra.hours ?? standard)
    : cal.holidays.some((h) => h.date === date)
      ? []
      : cal.workingHours[weekday];
  return hours.some((i) => toMinutes(i.start) <= minute && minute < toMinutes(i.end));
}
const toMinutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

function isInWorkingTime(ms: number, cal: OfficeCalendar): boolean {
  // Interval ends count: a deadline may be 16:00 sharp.
  return isWorkingInstant(ms, cal) || isWorkingInstant(ms - 1, cal);
}

/** Runs `fn`; a CalendarError (range limit) is an acceptable outcome, anything else is not. */
function orLimit<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CalendarError && e.code === 'span-too-long') return undefined;
    throw e;
  }
}

describe('working time matches a minute-by-minute model (WIB/WITA/WIT)', () => {
  it('workingMillisBetween', () => {
    fc.assert(
      fc.property(
        calendarArb([WIB, WITA, WIT]),
        minuteArb,
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        (cal, from, minutes) => {
          const to = from + minutes * MIN;
          let want = 0;
          for (let t = from; t < to; t += MIN) if (oracleWorking(t, cal)) want += MIN;
          expect(workingMillisBetween(from, to, cal)).toBe(want);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('addWorkingTime with minutes', () => {
    fc.assert(
      fc.property(
        calendarArb([WIB, WITA, WIT]).filter(hasWeeklyHours),
        minuteArb,
        fc.integer({ min: 1, max: 1200 }),
        (cal, start, minutes) => {
          let t = start;
          let left = minutes;
          for (let steps = 0; left > 0; steps++) {
            if (steps > 200_000) return; // too sparse for the model to walk; other tests cover it
            if (oracleWorking(t, cal)) left--;
            t += MIN;
          }
          expect(addWorkingTime(start, { amount: minutes, unit: 'minute' }, cal)).toBe(t);
        },
      ),
      { numRuns: 100 },
    );
  });
});

const zones = [WIB, WITA, WIT, ...DST_ZONES];
const shortArb: fc.Arbitrary<Duration> = fc.oneof(
  fc.record({ amount: fc.integer({ min: 0, max: 5000 }), unit: fc.constant('minute' as const) }),
  fc.record({ amount: fc.double({ min: 0, max: 80, noNaN: true }), unit: fc.constant('hour' as const) }),
);
const anyUnit = fc.constantFrom('minute' as const, 'hour' as const, 'day' as const, 'week' as const);

describe('properties', () => {
  it('the working time between start and deadline is the duration (minutes, hours)', () => {
    fc.assert(
      fc.property(calendarArb(zones).filter(hasWeeklyHours), instantArb, shortArb, (cal, start, d) => {
        const deadline = orLimit(() => addWorkingTime(start, d, cal));
        if (deadline === undefined) return;
        const unit = d.unit === 'minute' ? MIN : 60 * MIN;
        expect(workingMillisBetween(start, deadline, cal)).toBe(Math.round(d.amount * unit));
      }),
      { numRuns: 300 },
    );
  });

  it('subtract undoes add (minutes, hours)', () => {
    fc.assert(
      fc.property(calendarArb(zones).filter(hasWeeklyHours), instantArb, shortArb, (cal, start, d) => {
        fc.pre(d.amount > 0);
        const deadline = orLimit(() => addWorkingTime(start, d, cal));
        if (deadline === undefined) return;
        const expected = isWorkingInstant(start, cal) ? start : nextWorkingInstant(start, cal);
        expect(subtractWorkingTime(deadline, d, cal)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('subtract undoes add for whole days on calendars with one daily pattern', () => {
    fc.assert(
      fc.property(
        calendarArb([WIB, WITA, WIT], { uniform: true }).filter(hasWeeklyHours),
        instantArb,
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('day' as const, 'week' as const),
        (cal, start, amount, unit) => {
          fc.pre(isWorkingInstant(start, cal));
          const d = { amount, unit };
          const deadline = orLimit(() => addWorkingTime(start, d, cal));
          if (deadline === undefined) return;
          expect(subtractWorkingTime(deadline, d, cal)).toBe(start);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the duration, for every unit', () => {
    fc.assert(
      fc.property(
        calendarArb(zones).filter(hasWeeklyHours),
        instantArb,
        anyUnit,
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (cal, start, unit, a, b) => {
          const [small, big] = a <= b ? [a, b] : [b, a];
          const later = orLimit(() => addWorkingTime(start, { amount: big, unit }, cal));
          if (later === undefined) return;
          expect(addWorkingTime(start, { amount: small, unit }, cal)).toBeLessThanOrEqual(later);
          const earlier = orLimit(() => subtractWorkingTime(start, { amount: big, unit }, cal));
          if (earlier === undefined) return;
          expect(subtractWorkingTime(start, { amount: small, unit }, cal)).toBeGreaterThanOrEqual(earlier);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lands in working time (interval ends included), forwards and backwards', () => {
    fc.assert(
      fc.property(
        calendarArb(zones).filter(hasWeeklyHours),
        instantArb,
        anyUnit,
        fc.double({ min: 0, max: 20, noNaN: true }),
        (cal, start, unit, amount) => {
          const d = { amount, unit };
          const deadline = orLimit(() => addWorkingTime(start, d, cal));
          if (deadline !== undefined) {
            expect(deadline).toBeGreaterThanOrEqual(start);
            expect(isInWorkingTime(deadline, cal)).toBe(true);
          }
          const reminder = orLimit(() => subtractWorkingTime(start, d, cal));
          if (reminder !== undefined) {
            expect(reminder).toBeLessThanOrEqual(start);
            expect(isInWorkingTime(reminder, cal)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds up: between(a, b) + between(b, c) = between(a, c)', () => {
    fc.assert(
      fc.property(calendarArb(zones), instantArb, instantArb, instantArb, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        expect(workingMillisBetween(a, b, cal) + workingMillisBetween(b, c, cal)).toBe(
          workingMillisBetween(a, c, cal),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('always terminates quickly, with a result or a CalendarError', () => {
    const everything = calendarArb(zones); // includes calendars without any working time
    const huge = fc.record({ amount: fc.double({ min: 0, max: 1e7, noNaN: true }), unit: anyUnit });
    fc.assert(
      fc.property(everything, instantArb, huge, fc.boolean(), (cal, start, d, calendarTime) => {
        const began = performance.now();
        for (const fn of [
          () => addWorkingTime(start, d, cal, { calendarTime }),
          () => subtractWorkingTime(start, d, cal, { calendarTime }),
          () => nextWorkingInstant(start, cal),
          () => workingMillisBetween(start - d.amount * MIN, start + d.amount * MIN, cal),
        ]) {
          try {
            expect(typeof fn()).toBe('number');
          } catch (e) {
            expect(e).toBeInstanceOf(CalendarError);
          }
        }
        expect(performance.now() - began).toBeLessThan(1_000);
      }),
      { numRuns: 200 },
    );
  });
});
