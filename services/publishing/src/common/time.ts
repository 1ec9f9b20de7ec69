import { PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';

const MONTHS = [
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
];

const LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** WIB, WITA or WIT for Indonesia's zones; the IANA name otherwise. */
export function zoneLabel(timeZone: string): string {
  return LABELS[timeZone] ?? timeZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number };
}

const pad = (n: number) => String(n).padStart(2, '0');
const ms = (at: Date | string | number) => (at instanceof Date ? at.getTime() : new Date(at).getTime());

/** `14 Februari 2026` in the office's zone. */
export function formatDate(at: Date | string | number, timeZone: string): string {
  const p = partsIn(ms(at), timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** `14 Februari 2026, 08.00 WITA`. */
export function formatDateTime(at: Date | string | number, timeZone: string): string {
  const p = partsIn(ms(at), timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${pad(p.hour)}.${pad(p.minute)} ${zoneLabel(timeZone)}`;
}

/** A calendar date `YYYY-MM-DD` (no zone) as `14 Februari 2026`. */
export function formatCalendarDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** `YYYY-MM-DDTHH:mm` of an instant in a zone. */
export function localDateTime(at: Date | string | number, timeZone: string): string {
  const p = partsIn(ms(at), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The office's local date of an instant. */
export function localDay(at: number, timeZone: string): string {
  return localDate(at, timeZone);
}

/**
 * A publication time: `YYYY-MM-DDTHH:mm` (seconds allowed) is wall time in the office's zone;
 * an ISO instant with `Z` or an offset is taken as is.
 */
export function parsePublishAt(text: string, timeZone: string): Date {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?$/.exec(text.trim());
  let at: number;
  try {
    at = local
      ? zonedTimeToUtc(local[1]!, local[2]!, timeZone) + Number(local[3] ?? 0) * 1000
      : /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())
        ? Date.parse(text.trim())
        : NaN;
  } catch {
    at = NaN;
  }
  if (!Number.isFinite(at)) {
    throw commandFailure(PUBLISHING_ERRORS['invalid-publish-at'], {
      message: {
        id: `Waktu terbit tidak valid: gunakan YYYY-MM-DDTHH:mm (waktu ${zoneLabel(timeZone)}) atau waktu ISO dengan zona.`,
        en: `Not a valid publication time: use YYYY-MM-DDTHH:mm (${zoneLabel(timeZone)} local time) or an ISO time with an offset.`,
      },
    });
  }
  return new Date(at);
}
