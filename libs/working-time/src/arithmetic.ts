// Working-time arithmetic. Everything walks whole local days (cached spans), never minutes,
// and every walk is bounded by MAX_SPAN_DAYS.
import {
  type CalendarDay,
  type CompiledCalendar,
  calendarDay,
  calendarDayAt,
  compile,
  requireWorkingTime,
  standardDayMinutes,
} from './calendar';
import { DAY_MS, HOUR_MS, MINUTE_MS, checkInstant } from './civil';
import { CalendarError } from './errors';
import type { Duration, OfficeCalendar, WorkingTimeOptions } from './types';
import { type Zone, instantOn, wallOf, zoneDay, zoneDayAt } from './zone';

/** Longest span (local days) any computation scans: about ten years. */
export const MAX_SPAN_DAYS = 3660;

/** Working days in a week, whatever the calendar: "1 minggu" is read as 5 working days. */
export const WORKING_DAYS_PER_WEEK = 5;

const UNITS = new Set(['minute', 'hour', 'day', 'week']);

function checkDuration(duration: Duration): void {
  const ok =
    typeof duration === 'object' &&
    duration !== null &&
    UNITS.has(duration.unit) &&
    typeof duration.amount === 'number' &&
    Number.isFinite(duration.amount) &&
    duration.amount >= 0;
  if (!ok) {
    const shown = JSON.stringify(duration) ?? String(duration);
    throw new CalendarError(
      'invalid-duration',
      `Durasi tidak valid: ${shown} (jumlah harus angka ≥ 0, satuan minute/hour/day/week)`,
      `Invalid duration: ${shown} (amount must be a number ≥ 0, unit minute/hour/day/week)`,
    );
  }
  const days =
    duration.unit === 'minute'
      ? duration.amount / 1440
      : duration.unit === 'hour'
        ? duration.amount / 24
        : duration.unit === 'day'
          ? duration.amount
          : duration.amount * 7;
  if (days > MAX_SPAN_DAYS) throw tooLong();
}

function tooLong(): CalendarError {
  return new CalendarError(
    'span-too-long',
    `Rentang waktu melebihi batas ${MAX_SPAN_DAYS} hari (±10 tahun), atau kalender tidak punya cukup jam kerja dalam rentang itu`,
    `The span exceeds the limit of ${MAX_SPAN_DAYS} days (~10 years), or the calendar has too little working time within it`,
  );
}

interface Position {
  ms: number;
  cd: CalendarDay;
}

/**
 * Moves forward over `amount` working ms. Interval ends count as working positions, so a
 * deadline can be 16:00 sharp and a zero amount inside [start, end] stays put.
 */
function walkForward(cal: CompiledCalendar, fromMs: number, amount: number): Position {
  let cd = calendarDayAt(cal, fromMs);
  // An interval ending at 24:00 ends exactly where this day starts.
  if (fromMs === cd.startMs) cd = calendarDay(cal, cd.day - 1);
  const limit = cd.day + MAX_SPAN_DAYS;
  let remaining = amount;
  for (;;) {
    const s = cd.spans;
    for (let i = 0; i < s.length; i += 2) {
      const end = s[i + 1];
      if (end < fromMs) continue;
      const start = s[i] > fromMs ? s[i] : fromMs;
      const avail = end - start;
      if (remaining <= avail) return { ms: start + remaining, cd };
      remaining -= avail;
    }
    if (cd.day >= limit) throw tooLong();
    cd = calendarDay(cal, cd.day + 1);
  }
}

/** Mirror of `walkForward`: interval starts count as working positions. */
function walkBackward(cal: CompiledCalendar, fromMs: number, amount: number): Position {
  let cd = calendarDayAt(cal, fromMs);
  const limit = cd.day - MAX_SPAN_DAYS;
  let remaining = amount;
  for (;;) {
    const s = cd.spans;
    for (let i = s.length - 2; i >= 0; i -= 2) {
      const start = s[i];
      if (start > fromMs) continue;
      const end = s[i + 1] < fromMs ? s[i + 1] : fromMs;
      const avail = end - start;
      if (remaining <= avail) return { ms: end - remaining, cd };
      remaining -= avail;
    }
    if (cd.day <= limit) throw tooLong();
    cd = calendarDay(cal, cd.day - 1);
  }
}

function overlap(spans: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const s = spans[i] > from ? spans[i] : from;
    const e = spans[i + 1] < to ? spans[i + 1] : to;
    if (e > s) sum += e - s;
  }
  return sum;
}

function between(cal: CompiledCalendar, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  const a = calendarDayAt(cal, fromMs);
  if (toMs <= a.endMs) return overlap(a.spans, fromMs, toMs);
  const b = calendarDayAt(cal, toMs);
  if (b.day - a.day > MAX_SPAN_DAYS) throw tooLong();
  let sum = overlap(a.spans, fromMs, a.endMs) + overlap(b.spans, b.startMs, toMs);
  for (let d = a.day + 1; d < b.day; d++) sum += calendarDay(cal, d).total;
  return sum;
}

function workingDayAfter(cal: CompiledCalendar, cd: CalendarDay, step: 1 | -1, limit: number): CalendarDay {
  let d = cd.day;
  for (;;) {
    d += step;
    if (step > 0 ? d > limit : d < limit) throw tooLong();
    const next = calendarDay(cal, d);
    if (next.total > 0) return next;
  }
}

/** Clamps `x` into the day's working spans; a time in a break becomes the end before it. */
function clampInto(cd: CalendarDay, x: number): number {
  const s = cd.spans;
  if (x <= s[0]) return s[0];
  for (let i = 0; i < s.length; i += 2) {
    if (x <= s[i + 1]) return x >= s[i] ? x : s[i - 1];
  }
  return s[s.length - 1];
}

/** Same local clock time on the day `cd`, clamped into its working hours. */
function sameClockTime(cal: CompiledCalendar, cd: CalendarDay, wall: number): number {
  return clampInto(cd, instantOn(cal.zone, cd.zd, wall));
}

function addDays(cal: CompiledCalendar, startMs: number, days: number, sign: 1 | -1): number {
  const whole = Math.floor(days);
  const fraction = days - whole;
  // Outside working time, counting starts at the next working position (or, backwards,
  // the previous one); its clock time is the one carried to the target day.
  const p = sign > 0 ? walkForward(cal, startMs, 0) : walkBackward(cal, startMs, 0);
  const wall = wallOf(cal.zone, p.cd.zd, p.ms);
  const limit = p.cd.day + sign * MAX_SPAN_DAYS;
  let target = p.cd;
  let base = p.ms;
  if (whole > 0) {
    for (let n = 0; n < whole; n++) target = workingDayAfter(cal, target, sign, limit);
    base = sameClockTime(cal, target, wall);
  }
  if (fraction === 0) return base;
  // A fraction of a day is that fraction of the working time up to the next whole-day
  // deadline, which keeps results monotonic however uneven the days are.
  const next = sameClockTime(cal, workingDayAfter(cal, target, sign, limit), wall);
  if (sign > 0) return walkForward(cal, base, Math.round(fraction * between(cal, base, next))).ms;
  return walkBackward(cal, base, Math.round(fraction * between(cal, next, base))).ms;
}

function shiftCalendarTime(zone: Zone, ms: number, duration: Duration, sign: 1 | -1): number {
  let result: number;
  if (duration.unit === 'minute' || duration.unit === 'hour') {
    result = ms + sign * Math.round(duration.amount * (duration.unit === 'minute' ? MINUTE_MS : HOUR_MS));
  } else {
    const days = duration.unit === 'week' ? duration.amount * 7 : duration.amount;
    const whole = Math.floor(days);
    const zd = zoneDayAt(zone, ms);
    const wall = wallOf(zone, zd, ms);
    result =
      instantOn(zone, zoneDay(zone, zd.day + sign * whole), wall) +
      sign * Math.round((days - whole) * DAY_MS);
  }
  checkInstant(result, 'result');
  return result;
}

function shift(
  startMs: number,
  duration: Duration,
  calendar: OfficeCalendar,
  sign: 1 | -1,
  opts?: WorkingTimeOptions,
) {
  checkInstant(startMs, sign > 0 ? 'startMs' : 'deadlineMs');
  checkDuration(duration);
  const cal = compile(calendar);
  if (opts?.calendarTime) return shiftCalendarTime(cal.zone, startMs, duration, sign);
  requireWorkingTime(cal);
  switch (duration.unit) {
    case 'minute':
    case 'hour': {
      const amount = Math.round(duration.amount * (duration.unit === 'minute' ? MINUTE_MS : HOUR_MS));
      return sign > 0 ? walkForward(cal, startMs, amount).ms : walkBackward(cal, startMs, amount).ms;
    }
    case 'day':
      return addDays(cal, startMs, duration.amount, sign);
    case 'week':
      return addDays(cal, startMs, duration.amount * WORKING_DAYS_PER_WEEK, sign);
  }
}

/**
 * The deadline `duration` of working time after `startMs`. Minutes and hours count working
 * minutes; N days is the same local clock time on the N-th following working day; a week
 * is 5 working days. See docs/working-time.md for the exact rules.
 */
export function addWorkingTime(
  startMs: number,
  duration: Duration,
  calendar: OfficeCalendar,
  opts?: WorkingTimeOptions,
): number {
  return shift(startMs, duration, calendar, 1, opts);
}

/** The instant `duration` of working time before `deadlineMs` (reminders). */
export function subtractWorkingTime(
  deadlineMs: number,
  duration: Duration,
  calendar: OfficeCalendar,
  opts?: WorkingTimeOptions,
): number {
  return shift(deadlineMs, duration, calendar, -1, opts);
}

/** Working ms in [fromMs, toMs); 0 when `toMs` ≤ `fromMs`. O(local days spanned). */
export function workingMillisBetween(fromMs: number, toMs: number, calendar: OfficeCalendar): number {
  checkInstant(fromMs, 'fromMs');
  checkInstant(toMs, 'toMs');
  return between(compile(calendar), fromMs, toMs);
}

/** Whether the office is working at `ms` (interval start inclusive, end exclusive). */
export function isWorkingInstant(ms: number, calendar: OfficeCalendar): boolean {
  checkInstant(ms, 'ms');
  const s = calendarDayAt(compile(calendar), ms).spans;
  for (let i = 0; i < s.length; i += 2) if (ms >= s[i] && ms < s[i + 1]) return true;
  return false;
}

/** `ms` itself when it is working time, else the start of the next working interval. */
export function nextWorkingInstant(ms: number, calendar: OfficeCalendar): number {
  checkInstant(ms, 'ms');
  const cal = compile(calendar);
  requireWorkingTime(cal);
  let cd = calendarDayAt(cal, ms);
  const limit = cd.day + MAX_SPAN_DAYS;
  for (;;) {
    const s = cd.spans;
    for (let i = 0; i < s.length; i += 2) if (ms < s[i + 1]) return s[i] > ms ? s[i] : ms;
    if (cd.day >= limit) throw tooLong();
    cd = calendarDay(cal, cd.day + 1);
  }
}

/**
 * Working minutes a duration stands for, for reports: minutes and hours directly, a day as
 * the calendar's standard day (`standardDayMinutes`), a week as 5 of them. With
 * `calendarTime`, plain minutes (a day = 1440, a week = 10080).
 */
export function durationToMinutes(
  duration: Duration,
  calendar: OfficeCalendar,
  opts?: WorkingTimeOptions,
): number {
  checkDuration(duration);
  const { amount, unit } = duration;
  if (unit === 'minute') return amount;
  if (unit === 'hour') return amount * 60;
  const days = unit === 'week' ? amount * (opts?.calendarTime ? 7 : WORKING_DAYS_PER_WEEK) : amount;
  if (opts?.calendarTime) {
    compile(calendar);
    return days * 1440;
  }
  return days * standardDayMinutes(calendar);
}
