import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';

export const MONTH_NAMES = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A reporting period in an office's own calendar: whole local months. */
export interface Period {
  kind: 'month' | 'semester';
  /** `2026-01` or `2026-S1`. */
  code: string;
  /** Local months `YYYY-MM`, in order. */
  months: string[];
  /** First and last local day, `YYYY-MM-DD` (inclusive). */
  firstDay: string;
  lastDay: string;
  /** Bahasa Indonesia: "Januari 2026", "Semester I 2026 (Januari–Juni)". */
  title: string;
}

export class PeriodError extends Error {
  constructor(readonly value: string) {
    super(`Not a period: ${JSON.stringify(value)} (use YYYY-MM or YYYY-S1/YYYY-S2).`);
    this.name = 'PeriodError';
  }
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthTitle(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** Short label for charts: "Jan 2026". */
export function monthShort(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]!.slice(0, 3)} ${y}`;
}

/** "5 Januari 2026" for a local date. */
export function dateTitle(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

export function parseMonth(value: string): Period {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (!m) throw new PeriodError(value);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2199) throw new PeriodError(value);
  return {
    kind: 'month',
    code: value,
    months: [value],
    firstDay: `${value}-01`,
    lastDay: `${value}-${pad(daysIn(year, month))}`,
    title: monthTitle(value),
  };
}

export function parseSemester(value: string): Period {
  const m = /^(\d{4})-S([12])$/.exec(value);
  if (!m) throw new PeriodError(value);
  const year = Number(m[1]);
  if (year < 1900 || year > 2199) throw new PeriodError(value);
  const half = Number(m[2]);
  const first = half === 1 ? 1 : 7;
  const months = Array.from({ length: 6 }, (_, i) => `${year}-${pad(first + i)}`);
  return {
    kind: 'semester',
    code: value,
    months,
    firstDay: `${months[0]}-01`,
    lastDay: `${months[5]}-${pad(daysIn(year, first + 5))}`,
    title: `Semester ${half === 1 ? 'I' : 'II'} ${year} (${MONTH_NAMES[first - 1]}–${MONTH_NAMES[first + 4]})`,
  };
}

/** `YYYY-MM` or `YYYY-S1`/`YYYY-S2`. */
export function parsePeriod(value: string): Period {
  return /S/.test(value) ? parseSemester(value) : parseMonth(value);
}

/** Months from `from` to `to` inclusive (at most `max`). */
export function monthRange(from: string, to: string, max = 120): string[] {
  parseMonth(from);
  parseMonth(to);
  if (from > to) throw new PeriodError(`${from}..${to}`);
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const code = `${y}-${pad(m)}`;
    out.push(code);
    if (code === to) return out;
    if (out.length >= max) throw new PeriodError(`${from}..${to}`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

/** Days of a month, `YYYY-MM-DD`. */
export function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: daysIn(y, m) }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** The period as instants in the office's zone: `from` inclusive, `to` exclusive. */
export function periodInstants(period: Period, timeZone: string): { from: string; to: string } {
  const [ly, lm] = period.months[period.months.length - 1]!.split('-').map(Number) as [number, number];
  const next = lm === 12 ? `${ly + 1}-01-01` : `${ly}-${pad(lm + 1)}-01`;
  return {
    from: new Date(zonedTimeToUtc(period.firstDay, '00:00', timeZone)).toISOString(),
    to: new Date(zonedTimeToUtc(next, '00:00', timeZone)).toISOString(),
  };
}

/**
 * The period a recurring run hands over (`{ from, to, label }` from the runtime): its label
 * when it is a month or semester code, else the local months the instants cover.
 */
export function periodFromRun(p: { from: string; to: string; label: string }, timeZone: string): Period {
  try {
    return parsePeriod(p.label);
  } catch {
    const first = localDate(Date.parse(p.from), timeZone).slice(0, 7);
    const last = localDate(Date.parse(p.to) - 1, timeZone).slice(0, 7);
    if (first === last) return parseMonth(first);
    const months = monthRange(first, last, 12);
    const start = parseMonth(months[0]!);
    const end = parseMonth(months[months.length - 1]!);
    return {
      kind: 'semester',
      code: `${first}..${last}`,
      months,
      firstDay: start.firstDay,
      lastDay: end.lastDay,
      title: `${monthTitle(first)} – ${monthTitle(last)}`,
    };
  }
}

/** The month before the one `now` falls in, in the zone. */
export function previousMonth(now: number, timeZone: string): string {
  const [y, m] = localDate(now, timeZone).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}
