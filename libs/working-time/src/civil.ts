// Proleptic Gregorian date arithmetic on "day numbers" (days since 1970-01-01), done by
// hand so the core needs no Date object (Temporal's sandbox replaces Date) and stays fast.
import { CalendarError } from './errors';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Supported local dates and instants: years 1900–2199, wide enough and keeps Intl well-behaved. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
export const MIN_MS = daysFromCivil(MIN_YEAR, 1, 2) * DAY_MS;
export const MAX_MS = daysFromCivil(MAX_YEAR, 12, 31) * DAY_MS;

/** Day number of a civil date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date `[year, month, day]` of a day number. */
export function civilFromDays(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** ISO weekday of a day number; 1970-01-01 was a Thursday. */
export function isoWeekday(dayNumber: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return (((((dayNumber + 3) % 7) + 7) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function formatDayNumber(dayNumber: number): string {
  const [y, m, d] = civilFromDays(dayNumber);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Day number of `YYYY-MM-DD`, or undefined when malformed, nonexistent or out of range. */
export function tryParseDate(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const n = daysFromCivil(y, mo, d);
  // 2026-02-30 would silently become March 2nd; reject it instead.
  const [y2, mo2, d2] = civilFromDays(n);
  return y2 === y && mo2 === mo && d2 === d ? n : undefined;
}

/** Minutes since local midnight of `HH:MM` (0–1439, or 1440 for `24:00` if allowed). */
export function tryParseTime(text: unknown, allow24: boolean): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allow24 && h === 24 && min === 0) return 1440;
  if (h > 23 || min > 59) return undefined;
  return h * 60 + min;
}

export function parseDate(text: string): number {
  const n = tryParseDate(text);
  if (n === undefined) {
    throw new CalendarError(
      'invalid-date',
      `Tanggal tidak valid: ${JSON.stringify(text)} (format YYYY-MM-DD, tahun ${MIN_YEAR}–${MAX_YEAR})`,
      `Invalid date: ${JSON.stringify(text)} (format YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR})`,
    );
  }
  return n;
}

export function parseTime(text: string): number {
  const n = tryParseTime(text, true);
  if (n === undefined) {
    throw new CalendarError(
      'invalid-date',
      `Jam tidak valid: ${JSON.stringify(text)} (format HH:MM)`,
      `Invalid time: ${JSON.stringify(text)} (format HH:MM)`,
    );
  }
  return n;
}

export function checkInstant(ms: number, what: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw new CalendarError(
      'invalid-instant',
      `${what} bukan waktu yang valid (milidetik epoch, tahun ${MIN_YEAR}–${MAX_YEAR}): ${String(ms)}`,
      `${what} is not a valid instant (epoch milliseconds, years ${MIN_YEAR}–${MAX_YEAR}): ${String(ms)}`,
    );
  }
}
