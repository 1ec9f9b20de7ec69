// Time-zone arithmetic on top of Intl.DateTimeFormat (available in Temporal's workflow
// sandbox), correct for any IANA zone including DST ones. Intl calls are slow compared
// to the arithmetic, so each zone caches one record per local day it has seen.
import {
  DAY_MS,
  checkInstant,
  daysFromCivil,
  formatDayNumber,
  parseDate,
  parseTime,
  MINUTE_MS,
} from './civil';
import { CalendarError } from './errors';

/** One local day in one zone. */
export interface ZoneDay {
  readonly day: number;
  /** First instant of the local day (local midnight, or the first existing time after it). */
  readonly startMs: number;
  /** First instant of the next local day. */
  readonly endMs: number;
  /** UTC offset valid for the whole day, or NaN when it changes during the day (DST). */
  readonly offset: number;
}

export interface Zone {
  readonly timeZone: string;
  readonly format: Intl.DateTimeFormat;
  readonly days: Map<number, ZoneDay>;
  /** Last offset seen: a first guess for which local day an instant is on. */
  hint: number;
}

// Results never depend on cache contents, so sharing caches between workflows keeps them
// deterministic; the caps only bound memory.
const MAX_CACHED_DAYS = 50_000;
const zones = new Map<string, Zone>();

export function getZone(timeZone: string): Zone {
  const known = zones.get(timeZone);
  if (known) return known;
  let format: Intl.DateTimeFormat;
  try {
    if (typeof timeZone !== 'string' || timeZone.trim() === '') throw new RangeError('empty');
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new CalendarError(
      'invalid-time-zone',
      `Zona waktu tidak dikenal: ${JSON.stringify(timeZone)} (gunakan nama IANA, mis. Asia/Jakarta)`,
      `Unknown time zone: ${JSON.stringify(timeZone)} (use an IANA name, e.g. Asia/Jakarta)`,
    );
  }
  const zone: Zone = { timeZone, format, days: new Map(), hint: 0 };
  zone.hint = offsetAt(zone, 0);
  zones.set(timeZone, zone);
  return zone;
}

// en-US with these options prints "11/17/2026, 10:00:00"; `format` is several times faster
// than `formatToParts`, which stays as the fallback should an engine print otherwise.
const FORMATTED = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** UTC offset (ms, local minus UTC) in force at instant `ms`. */
export function offsetAt(zone: Zone, ms: number): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  const m = FORMATTED.exec(zone.format.format(ms));
  if (m) {
    mo = Number(m[1]);
    d = Number(m[2]);
    y = Number(m[3]);
    h = Number(m[4]);
    mi = Number(m[5]);
    s = Number(m[6]);
  } else {
    for (const p of zone.format.formatToParts(ms)) {
      if (p.type === 'year') y = Number(p.value);
      else if (p.type === 'month') mo = Number(p.value);
      else if (p.type === 'day') d = Number(p.value);
      else if (p.type === 'hour') h = Number(p.value);
      else if (p.type === 'minute') mi = Number(p.value);
      else if (p.type === 'second') s = Number(p.value);
    }
  }
  // Some engines print midnight as 24 even with h23.
  const wall = daysFromCivil(y, mo, d) * DAY_MS + (h % 24) * 3_600_000 + mi * MINUTE_MS + s * 1000;
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant of a local wall time (`wall` = local date-time written as if it were UTC).
 * Ambiguous times (DST fall-back) take the earlier instant; skipped times (spring-forward
 * gap) are pushed forward by the gap, like Temporal's `disambiguation: 'compatible'`.
 */
export function wallToInstant(zone: Zone, wall: number): number {
  // Real zones never change offset twice within two days, so the offsets a day before
  // and a day after bracket every transition that could affect `wall`.
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const early = wall - before;
  const earlyOk = offsetAt(zone, early) === before;
  if (before === after && earlyOk) return early;
  const late = wall - after;
  const lateOk = offsetAt(zone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (earlyOk) return early;
  if (lateOk) return late;
  return wall - before;
}

export function zoneDay(zone: Zone, day: number): ZoneDay {
  const known = zone.days.get(day);
  if (known) return known;
  if (zone.days.size >= MAX_CACHED_DAYS) zone.days.clear();
  const prev = zone.days.get(day - 1);
  let zd: ZoneDay | undefined;
  // Fast path, one Intl call: the previous day had one offset up to this midnight, and
  // the offset still holds at the end of this day, so (one transition a day at most)
  // this day has it throughout.
  if (prev && prev.offset === prev.offset && offsetAt(zone, prev.endMs + DAY_MS - 1) === prev.offset) {
    zd = { day, startMs: prev.endMs, endMs: prev.endMs + DAY_MS, offset: prev.offset };
  } else {
    // Neighbouring days share a midnight: reuse it when cached.
    const startMs = prev?.endMs ?? wallToInstant(zone, day * DAY_MS);
    const endMs = zone.days.get(day + 1)?.startMs ?? wallToInstant(zone, (day + 1) * DAY_MS);
    const first = offsetAt(zone, startMs);
    const last = offsetAt(zone, endMs - 1);
    const offset = first === last && endMs - startMs === DAY_MS ? first : NaN;
    zd = { day, startMs, endMs, offset };
  }
  zone.days.set(day, zd);
  if (zd.offset === zd.offset) zone.hint = zd.offset;
  return zd;
}

/** The local day containing instant `ms`. */
export function zoneDayAt(zone: Zone, ms: number): ZoneDay {
  let day = Math.floor((ms + zone.hint) / DAY_MS);
  let zd = zoneDay(zone, day);
  while (ms < zd.startMs) zd = zoneDay(zone, --day);
  while (ms >= zd.endMs) zd = zoneDay(zone, ++day);
  return zd;
}

/** Local wall time of `ms` on day `zd`, in ms since that day's midnight (may be 24:00). */
export function wallOf(zone: Zone, zd: ZoneDay, ms: number): number {
  const offset = zd.offset === zd.offset ? zd.offset : offsetAt(zone, ms);
  return ms + offset - zd.day * DAY_MS;
}

/** The instant of local wall time `wall` (ms since midnight, 0–24 h) on day `zd`. */
export function instantOn(zone: Zone, zd: ZoneDay, wall: number): number {
  if (zd.offset === zd.offset) return zd.day * DAY_MS + wall - zd.offset;
  return wallToInstant(zone, zd.day * DAY_MS + wall);
}

/** Local calendar date (`YYYY-MM-DD`) of instant `ms` in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  checkInstant(ms, 'ms');
  const zone = getZone(timeZone);
  return formatDayNumber(zoneDayAt(zone, ms).day);
}

/**
 * The instant of local date and time in `timeZone`. `24:00` means the next midnight.
 * A time skipped by DST moves forward by the gap; a repeated one takes the earlier instant.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
  const day = parseDate(date);
  const minutes = parseTime(time);
  const zone = getZone(timeZone);
  return instantOn(zone, zoneDay(zone, day), minutes * MINUTE_MS);
}
