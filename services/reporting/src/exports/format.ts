import { dateTitle, MONTH_NAMES } from '../recaps/periods';
import { type Cell, type CellKind, type DocColumn } from './document';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `YYYY-MM-DD HH:MM` of an instant in a zone. */
export function localDateTime(isoInstant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(isoInstant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** "2 jam 5 menit", "45 menit", "0 menit" for working milliseconds. */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h.toLocaleString('id-ID')} jam ${m} menit`;
  if (h) return `${h.toLocaleString('id-ID')} jam`;
  return `${m} menit`;
}

/** A value as people read it (PDF): Indonesian numbers, "87,5%", "2 jam 5 menit", "5 Januari 2026". */
export function displayCell(kind: CellKind, value: Cell, timeZone: string): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string' && kind !== 'datetime' && kind !== 'date') return value;
  switch (kind) {
    case 'int':
      return Number(value).toLocaleString('id-ID');
    case 'ratio':
      return `${round1(Number(value) * 100).toLocaleString('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    case 'ms':
      return durationText(Number(value));
    case 'minutes':
      return durationText(Number(value) * 60_000);
    case 'datetime': {
      const [d, t] = localDateTime(String(value), timeZone).split(' ');
      const [y, mo, da] = d!.split('-').map(Number) as [number, number, number];
      return `${da} ${MONTH_NAMES[mo - 1]!.slice(0, 3)} ${y} ${t!.replace(':', '.')}`;
    }
    case 'date':
      return dateTitle(String(value));
    default:
      return String(value);
  }
}

/**
 * A value for a spreadsheet or CSV: numbers stay numbers (shares as percentages,
 * durations in minutes, both to one decimal), instants in local time.
 */
export function dataCell(kind: CellKind, value: Cell, timeZone: string): string | number {
  if (value === null) return '';
  switch (kind) {
    case 'int':
      return typeof value === 'number' ? value : value;
    case 'ratio':
      return typeof value === 'number' ? round1(value * 100) : value;
    case 'ms':
      return typeof value === 'number' ? round1(value / 60_000) : value;
    case 'minutes':
      return typeof value === 'number' ? round1(value) : value;
    case 'datetime':
      return localDateTime(String(value), timeZone);
    default:
      return value;
  }
}

/** Column heading with its unit for data formats: "Kepatuhan (%)", "Waktu tunggu (menit)". */
export function dataLabel(column: Pick<DocColumn, 'label' | 'kind'>): string {
  if (column.kind === 'ratio') return `${column.label} (%)`;
  if (column.kind === 'ms' || column.kind === 'minutes') return `${column.label} (menit)`;
  return column.label;
}
