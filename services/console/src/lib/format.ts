import { formatWorkingDuration, type OfficeCalendar } from '@tatalaman/working-time';
import { currentLanguage, locale } from '../i18n';

const ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function zoneLabel(timeZone: string): string {
  return ZONES[timeZone] ?? timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'datetime' | 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${locale()}|${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), {
      timeZone,
      ...(kind !== 'time' ? { day: 'numeric', month: 'short', year: 'numeric' } : {}),
      ...(kind !== 'date' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "22 Nov 2026 12.42 WIB" in the office's zone. */
export function dateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return `${formatter('datetime', timeZone).format(new Date(iso))} ${zoneLabel(timeZone)}`;
}

export function dateOnly(iso: string | null | undefined, timeZone = 'Asia/Jakarta'): string {
  if (!iso) return '—';
  // A calendar date (YYYY-MM-DD) is already local: format it at noon UTC so no zone shifts it.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return formatter('date', /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timeZone).format(d);
}

/** Working time as "1 hari 2 jam 5 menit" / "1 day 2 h 5 min" (the office's standard day). */
export function workingDuration(ms: number, calendar?: OfficeCalendar): string {
  return formatWorkingDuration(ms, currentLanguage(), calendar);
}

export function fileSize(bytes: number): string {
  const n = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${n.format(bytes / 1024)} KB`;
  return `${n.format(bytes / 1024 / 1024)} MB`;
}

export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function number(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A local date `YYYY-MM-DD` in a zone. */
export function localDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

/** `YYYY-MM` of an instant in a zone. */
export function localMonth(ms: number, timeZone: string): string {
  return localDay(ms, timeZone).slice(0, 7);
}

/** Shifts a `YYYY-MM` by whole months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + delta;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
