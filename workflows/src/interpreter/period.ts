import type { CompiledSchedule } from '@tatalaman/sop-language/runtime';
import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';

export interface Period {
  from: string;
  to: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The period a recurring run reports on: the one that just ended when the
 * schedule fired (a run on 1 March covers February; on 1 July, the first
 * semester). Dates are local to the schedule's time zone; `to` is exclusive.
 */
export function periodFor(schedule: CompiledSchedule, firedAt: number): Period {
  const [y, m, d] = localDate(firedAt, schedule.timeZone).split('-').map(Number) as [number, number, number];
  const start = (year: number, month: number, day = 1) =>
    new Date(zonedTimeToUtc(`${year}-${pad(month)}-${pad(day)}`, '00:00', schedule.timeZone)).toISOString();
  switch (schedule.every) {
    case 'week': {
      const today = Date.UTC(y, m - 1, d);
      const weekday = ((new Date(today).getUTCDay() + 6) % 7) + 1;
      const monday = new Date(today - (weekday - 1) * 86_400_000);
      const prev = new Date(monday.getTime() - 7 * 86_400_000);
      const ymd = (x: Date) => [x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate()] as const;
      return {
        from: start(...ymd(prev)),
        to: start(...ymd(monday)),
        label: `${prev.getUTCFullYear()}-W${pad(isoWeek(prev))}`,
      };
    }
    case 'month': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: start(py, pm), to: start(y, m), label: `${py}-${pad(pm)}` };
    }
    case 'semester': {
      // The half-year that ended before the month the run fired in.
      const [sy, half] = m <= 6 ? [y - 1, 2] : [y, 1];
      return {
        from: start(sy, half === 1 ? 1 : 7),
        to: half === 1 ? start(sy, 7) : start(sy + 1, 1),
        label: `${sy}-S${half}`,
      };
    }
    case 'year':
      return { from: start(y - 1, 1), to: start(y, 1), label: String(y - 1) };
  }
}

function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** For schedules on the last day of the month: Temporal fires on days 28–31 and the run checks the date. */
export function isLastDayOfMonth(at: number, timeZone: string): boolean {
  const today = localDate(at, timeZone);
  const tomorrow = localDate(at + 86_400_000, timeZone);
  return today.slice(0, 7) !== tomorrow.slice(0, 7);
}
