// Validation and compilation of office calendars into per-day working spans (UTC ms).
import { DAY_MS, MINUTE_MS, isoWeekday, parseDate, tryParseDate, tryParseTime } from './civil';
import { CalendarError, type CalendarProblem } from './errors';
import type { Holiday, IsoWeekday, OfficeCalendar, WorkingInterval } from './types';
import { type Zone, type ZoneDay, getZone, instantOn, offsetAt, wallOf, zoneDay } from './zone';

/**
 * The common civil-service schedule (5 working days, Monday–Thursday 07:30–16:00, Friday
 * 07:30–16:30), breaks included. It is a starting point: each office edits its own hours.
 */
export const DEFAULT_WORKING_HOURS: Readonly<Record<IsoWeekday, readonly WorkingInterval[]>> = Object.freeze({
  1: Object.freeze([Object.freeze({ start: '07:30', end: '16:00' })]),
  2: Object.freeze([Object.freeze({ start: '07:30', end: '16:00' })]),
  3: Object.freeze([Object.freeze({ start: '07:30', end: '16:00' })]),
  4: Object.freeze([Object.freeze({ start: '07:30', end: '16:00' })]),
  5: Object.freeze([Object.freeze({ start: '07:30', end: '16:30' })]),
  6: Object.freeze([]),
  7: Object.freeze([]),
});

/** Indonesia's three zones. */
export const INDONESIAN_TIME_ZONES = Object.freeze({
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
} as const);

/** A fresh, editable calendar with the default schedule. */
export function defaultOfficeCalendar(
  timeZone: string = INDONESIAN_TIME_ZONES.WIB,
  holidays: readonly Holiday[] = [],
): OfficeCalendar {
  const workingHours = {} as Record<IsoWeekday, WorkingInterval[]>;
  for (const wd of WEEKDAYS) workingHours[wd] = DEFAULT_WORKING_HOURS[wd].map((i) => ({ ...i }));
  return { timeZone, workingHours, holidays: holidays.map((h) => ({ ...h })), extraWorkingDays: [] };
}

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const HOLIDAY_KINDS = new Set(['national', 'cuti-bersama', 'office']);
const EMPTY: readonly number[] = [];

/** One local day of one calendar. */
export interface CalendarDay {
  readonly day: number;
  readonly zd: ZoneDay;
  readonly startMs: number;
  readonly endMs: number;
  /** Working spans as UTC ms `[start0, end0, start1, end1, …]`: sorted, disjoint, not touching. */
  readonly spans: readonly number[];
  /** Working ms in the day. */
  readonly total: number;
}

export interface CompiledCalendar {
  readonly zone: Zone;
  /** Index 1–7: local minutes `[start, end, …]`, sorted and merged. */
  readonly weekly: readonly (readonly number[])[];
  readonly holidays: ReadonlySet<number>;
  readonly extra: ReadonlyMap<number, readonly number[]>;
  /** Working minutes of the standard day, 0 when no weekday has hours. */
  readonly standardDayMinutes: number;
  readonly standardDayWeekday: IsoWeekday | undefined;
  /** False when no weekday has hours and there is no extra working day. */
  readonly hasWorkingTime: boolean;
  readonly days: Map<number, CalendarDay>;
}

const MAX_CACHED_DAYS = 20_000;
const compiled = new WeakMap<object, CompiledCalendar>();

function problem(problems: CalendarProblem[], path: string, id: string, en: string): void {
  problems.push({ path, id, en });
}

/** Local minute pairs of a list of intervals; overlaps are reported, touching ones merged. */
function checkIntervals(list: unknown, path: string, problems: CalendarProblem[]): number[] {
  if (!Array.isArray(list)) {
    problem(problems, path, 'harus berupa daftar interval jam kerja', 'must be a list of working intervals');
    return [];
  }
  const pairs: [number, number][] = [];
  list.forEach((interval: unknown, i) => {
    const at = `${path}[${i}]`;
    const iv = (interval ?? {}) as Partial<WorkingInterval>;
    const start = tryParseTime(iv.start, false);
    const end = tryParseTime(iv.end, true);
    if (start === undefined) problem(problems, `${at}.start`, 'jam mulai harus HH:MM', 'start must be HH:MM');
    if (end === undefined) problem(problems, `${at}.end`, 'jam selesai harus HH:MM', 'end must be HH:MM');
    if (start === undefined || end === undefined) return;
    if (end <= start) {
      problem(problems, at, 'jam selesai harus setelah jam mulai', 'end must be after start');
      return;
    }
    pairs.push([start, end]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const last = out.length - 1;
    if (last > 0 && s < out[last]) {
      problem(problems, path, 'interval jam kerja saling tumpang tindih', 'working intervals overlap');
      out[last] = Math.max(out[last], e);
    } else if (last > 0 && s === out[last]) {
      out[last] = e;
    } else {
      out.push(s, e);
    }
  }
  return out;
}

function minutesOf(pairs: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < pairs.length; i += 2) total += pairs[i + 1] - pairs[i];
  return total;
}

function compileInto(calendar: unknown, problems: CalendarProblem[]): CompiledCalendar | undefined {
  if (typeof calendar !== 'object' || calendar === null) {
    problem(problems, '', 'kalender harus berupa objek', 'the calendar must be an object');
    return undefined;
  }
  const cal = calendar as Partial<OfficeCalendar>;
  let zone: Zone | undefined;
  try {
    zone = getZone(cal.timeZone as string);
  } catch (e) {
    const err = e as CalendarError;
    problem(problems, 'timeZone', err.messageId, err.messageEn);
  }

  const weekly: number[][] = [[]];
  const hours = (cal.workingHours ?? undefined) as Record<string, unknown> | undefined;
  if (typeof hours !== 'object' || hours === null) {
    problem(
      problems,
      'workingHours',
      'jam kerja per hari wajib diisi',
      'working hours per weekday are required',
    );
  }
  for (const wd of WEEKDAYS) {
    const list = hours?.[wd];
    if (hours && list === undefined) {
      problem(
        problems,
        `workingHours.${wd}`,
        'hari ini tidak ada; gunakan daftar kosong untuk hari libur',
        'missing; use an empty list for a day off',
      );
      weekly.push([]);
    } else {
      weekly.push(hours ? checkIntervals(list, `workingHours.${wd}`, problems) : []);
    }
  }

  // The standard day: the daily length most weekdays share (ties: the earliest weekday).
  const byLength = new Map<number, IsoWeekday[]>();
  for (const wd of WEEKDAYS) {
    const m = minutesOf(weekly[wd]);
    if (m > 0) byLength.set(m, [...(byLength.get(m) ?? []), wd]);
  }
  let standardDayMinutes = 0;
  let standardDayWeekday: IsoWeekday | undefined;
  for (const [m, days] of byLength) {
    const best = standardDayWeekday === undefined ? undefined : byLength.get(standardDayMinutes)!;
    if (!best || days.length > best.length || (days.length === best.length && days[0] < best[0])) {
      standardDayMinutes = m;
      standardDayWeekday = days[0];
    }
  }

  const holidays = new Set<number>();
  if (!Array.isArray(cal.holidays)) {
    problem(
      problems,
      'holidays',
      'daftar hari libur wajib ada (boleh kosong)',
      'the holiday list is required (may be empty)',
    );
  } else {
    cal.holidays.forEach((h: Partial<Holiday> | null, i) => {
      const day = tryParseDate(h?.date);
      if (day === undefined) {
        problem(problems, `holidays[${i}].date`, 'tanggal harus YYYY-MM-DD', 'date must be YYYY-MM-DD');
      } else holidays.add(day);
      if (typeof h?.name !== 'string' || h.name.trim() === '') {
        problem(
          problems,
          `holidays[${i}].name`,
          'nama hari libur wajib diisi',
          'the holiday name is required',
        );
      }
      if (!HOLIDAY_KINDS.has(h?.kind as string)) {
        problem(
          problems,
          `holidays[${i}].kind`,
          'jenis harus national, cuti-bersama atau office',
          'kind must be national, cuti-bersama or office',
        );
      }
    });
  }

  const extra = new Map<number, readonly number[]>();
  const extras: unknown = cal.extraWorkingDays ?? [];
  if (!Array.isArray(extras)) {
    problem(problems, 'extraWorkingDays', 'harus berupa daftar', 'must be a list');
  } else {
    extras.forEach((x: { date?: unknown; name?: unknown; hours?: unknown } | null, i) => {
      const at = `extraWorkingDays[${i}]`;
      const day = tryParseDate(x?.date);
      if (day === undefined) {
        problem(problems, `${at}.date`, 'tanggal harus YYYY-MM-DD', 'date must be YYYY-MM-DD');
      } else if (extra.has(day)) {
        problem(problems, `${at}.date`, 'tanggal ini sudah ada di daftar', 'this date is already listed');
      }
      if (typeof x?.name !== 'string' || x.name.trim() === '') {
        problem(problems, `${at}.name`, 'keterangan wajib diisi', 'the name is required');
      }
      let pairs: readonly number[];
      if (x?.hours === undefined) {
        pairs = standardDayWeekday === undefined ? [] : weekly[standardDayWeekday];
        if (pairs.length === 0) {
          problem(
            problems,
            `${at}.hours`,
            'isi jam kerja: kalender tidak punya hari kerja standar',
            'give the hours: the calendar has no standard working day',
          );
        }
      } else {
        pairs = checkIntervals(x.hours, `${at}.hours`, problems);
      }
      if (day !== undefined && !extra.has(day)) extra.set(day, pairs);
    });
  }

  if (problems.length > 0 || !zone) return undefined;
  const hasWorkingTime = standardDayWeekday !== undefined || [...extra.values()].some((p) => p.length > 0);
  return {
    zone,
    weekly,
    holidays,
    extra,
    standardDayMinutes,
    standardDayWeekday,
    hasWorkingTime,
    days: new Map(),
  };
}

/** Every problem in a calendar (empty when it is valid), for admin forms. */
export function validateCalendar(calendar: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  compileInto(calendar, problems);
  return problems;
}

export function compile(calendar: OfficeCalendar): CompiledCalendar {
  const known = typeof calendar === 'object' && calendar !== null ? compiled.get(calendar) : undefined;
  if (known) return known;
  const problems: CalendarProblem[] = [];
  const result = compileInto(calendar, problems);
  if (!result) {
    throw new CalendarError(
      'invalid-calendar',
      'Kalender kantor tidak valid',
      'The office calendar is not valid',
      problems,
    );
  }
  compiled.set(calendar, result);
  return result;
}

export function requireWorkingTime(cal: CompiledCalendar): void {
  if (!cal.hasWorkingTime) {
    throw new CalendarError(
      'no-working-time',
      'Kalender kantor tidak memiliki jam kerja sama sekali',
      'The office calendar has no working hours at all',
    );
  }
}

/**
 * The instant of a local interval boundary. Unlike `zonedTimeToUtc`, a boundary inside a
 * DST gap maps to the end of the gap (the first existing time after it), which keeps a
 * day's boundaries in order.
 */
function boundary(zone: Zone, zd: ZoneDay, wall: number): number {
  const x = instantOn(zone, zd, wall);
  if (zd.offset === zd.offset || wallOf(zone, zd, x) === wall) return x;
  // In a gap. `instantOn` shifted the time forward by the gap, so the transition lies in
  // (x - gap, x]; find it by bisection (a handful of Intl calls, only on DST days).
  const after = offsetAt(zone, x);
  const before = zd.day * DAY_MS + wall - x;
  let lo = x - Math.max(0, after - before);
  let hi = x;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function calendarDay(cal: CompiledCalendar, day: number): CalendarDay {
  const known = cal.days.get(day);
  if (known) return known;
  if (cal.days.size >= MAX_CACHED_DAYS) cal.days.clear();
  const zd = zoneDay(cal.zone, day);
  const local = cal.extra.get(day) ?? (cal.holidays.has(day) ? EMPTY : cal.weekly[isoWeekday(day)]);
  const spans: number[] = [];
  let total = 0;
  for (let i = 0; i < local.length; i += 2) {
    const s = boundary(cal.zone, zd, local[i] * MINUTE_MS);
    const e = boundary(cal.zone, zd, local[i + 1] * MINUTE_MS);
    if (e <= s) continue;
    const last = spans.length - 1;
    if (last > 0 && s <= spans[last]) {
      total += Math.max(0, e - spans[last]);
      spans[last] = Math.max(spans[last], e);
    } else {
      spans.push(s, e);
      total += e - s;
    }
  }
  const cd: CalendarDay = { day, zd, startMs: zd.startMs, endMs: zd.endMs, spans, total };
  cal.days.set(day, cd);
  return cd;
}

/** The calendar day containing instant `ms`. */
export function calendarDayAt(cal: CompiledCalendar, ms: number): CalendarDay {
  let day = Math.floor((ms + cal.zone.hint) / DAY_MS);
  let cd = calendarDay(cal, day);
  while (ms < cd.startMs) cd = calendarDay(cal, --day);
  while (ms >= cd.endMs) cd = calendarDay(cal, ++day);
  return cd;
}

/** Whether `date` (`YYYY-MM-DD`) has any working time in the calendar. */
export function isWorkingDay(date: string, calendar: OfficeCalendar): boolean {
  return calendarDay(compile(calendar), parseDate(date)).total > 0;
}

/**
 * Working minutes of the calendar's standard day: the daily length shared by most weekdays
 * (ties: the earliest weekday). 510 (8 h 30 min) for the default schedule.
 */
export function standardDayMinutes(calendar: OfficeCalendar): number {
  const cal = compile(calendar);
  if (cal.standardDayWeekday === undefined) {
    throw new CalendarError(
      'no-working-time',
      'Kalender kantor tidak memiliki hari kerja standar (tidak ada jam kerja mingguan)',
      'The office calendar has no standard working day (no weekly working hours)',
    );
  }
  return cal.standardDayMinutes;
}
