import { defaultOfficeCalendar, standardDayMinutes } from './calendar';
import { MINUTE_MS } from './civil';
import { CalendarError } from './errors';
import type { OfficeCalendar } from './types';

const DEFAULT_CALENDAR = defaultOfficeCalendar();

/**
 * A working-time span for countdowns: "1 hari 2 jam 5 menit" / "1 day 2 h 5 min".
 * A displayed day is the calendar's standard working day (8 h 30 min by default), so it
 * reads like the SOP's "1 hari". Rounds up to whole minutes, so a countdown shows
 * "0 menit" only once the time is up; negative (overdue) spans get a leading "-".
 */
export function formatWorkingDuration(
  ms: number,
  lang: 'id' | 'en',
  calendar: OfficeCalendar = DEFAULT_CALENDAR,
): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new CalendarError(
      'invalid-duration',
      `Durasi tidak valid: ${String(ms)}`,
      `Invalid duration: ${String(ms)}`,
    );
  }
  const dayMinutes = standardDayMinutes(calendar);
  let minutes = Math.ceil(Math.abs(ms) / MINUTE_MS);
  const days = Math.floor(minutes / dayMinutes);
  minutes -= days * dayMinutes;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts: string[] = [];
  if (lang === 'id') {
    if (days > 0) parts.push(`${days} hari`);
    if (hours > 0) parts.push(`${hours} jam`);
    if (minutes > 0 || parts.length === 0) parts.push(`${minutes} menit`);
  } else {
    if (days > 0) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
    if (hours > 0) parts.push(`${hours} h`);
    if (minutes > 0 || parts.length === 0) parts.push(`${minutes} min`);
  }
  return (ms < 0 && (days > 0 || hours > 0 || minutes > 0) ? '-' : '') + parts.join(' ');
}
