import type { Holiday, HolidayKind } from '@tatalaman/working-time';
import { HolidaysError } from './errors';

/**
 * One admin edit to a holiday list, applied in order. Names match case-insensitively,
 * ignoring surrounding spaces.
 */
export type HolidayOverride =
  /** Add a day off (a cuti bersama, an office anniversary). Same date and name: updates the kind. */
  | { action: 'add'; date: string; name: string; kind: HolidayKind }
  /** Remove the entries on `date` (only the one called `name` when given). */
  | { action: 'remove'; date: string; name?: string }
  /**
   * Move the entries on `from` (only `name` when given) to `to`, keeping name and kind; the
   * SKB shifting a holiday. When nothing is on `from` and `name` is given, the holiday is
   * added on `to` (kind `kind`, default `national`): the edit still holds after the package
   * corrects the date itself.
   */
  | { action: 'move'; from: string; to: string; name?: string; kind?: HolidayKind };

const KINDS: ReadonlySet<string> = new Set(['national', 'cuti-bersama', 'office']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: unknown): boolean {
  const m = typeof text === 'string' ? DATE.exec(text) : null;
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function check(overrides: readonly HolidayOverride[]): void {
  const problems: { path: string; id: string; en: string }[] = [];
  const date = (path: string, value: unknown): void => {
    if (!isDate(value))
      problems.push({ path, id: 'tanggal harus YYYY-MM-DD', en: 'date must be YYYY-MM-DD' });
  };
  const name = (path: string, value: unknown, required: boolean): void => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ path, id: 'nama wajib diisi', en: 'the name is required' });
    }
  };
  const kind = (path: string, value: unknown, required: boolean): void => {
    if (value === undefined && !required) return;
    if (!KINDS.has(value as string)) {
      problems.push({
        path,
        id: 'jenis harus national, cuti-bersama atau office',
        en: 'kind must be national, cuti-bersama or office',
      });
    }
  };
  overrides.forEach((o, i) => {
    const at = `overrides[${i}]`;
    switch (o?.action) {
      case 'add':
        date(`${at}.date`, o.date);
        name(`${at}.name`, o.name, true);
        kind(`${at}.kind`, o.kind, true);
        break;
      case 'remove':
        date(`${at}.date`, o.date);
        name(`${at}.name`, o.name, false);
        break;
      case 'move':
        date(`${at}.from`, o.from);
        date(`${at}.to`, o.to);
        name(`${at}.name`, o.name, false);
        kind(`${at}.kind`, o.kind, false);
        break;
      default:
        problems.push({
          path: `${at}.action`,
          id: 'aksi harus add, remove atau move',
          en: 'action must be add, remove or move',
        });
    }
  });
  if (problems.length > 0) {
    throw new HolidaysError(
      'Perubahan hari libur tidak valid',
      'The holiday changes are not valid',
      problems,
    );
  }
}

/**
 * Applies an office's edits to a holiday list (typically `nationalHolidays(year)`) and
 * returns a new list, sorted by date then name, without duplicate date+name entries.
 * Edits that match nothing are no-ops, so they survive package updates.
 */
export function mergeHolidays(base: readonly Holiday[], overrides: readonly HolidayOverride[]): Holiday[] {
  check(overrides);
  let list: Holiday[] = base.map((h) => ({ ...h }));
  const upsert = (h: Holiday): void => {
    const existing = list.find((x) => x.date === h.date && sameName(x.name, h.name));
    if (existing) existing.kind = h.kind;
    else list.push(h);
  };
  for (const o of overrides) {
    if (o.action === 'add') {
      upsert({ date: o.date, name: o.name.trim(), kind: o.kind });
    } else if (o.action === 'remove') {
      list = list.filter((h) => !(h.date === o.date && (o.name === undefined || sameName(h.name, o.name))));
    } else {
      const moving = list.filter(
        (h) => h.date === o.from && (o.name === undefined || sameName(h.name, o.name)),
      );
      list = list.filter((h) => !moving.includes(h));
      if (moving.length === 0 && o.name !== undefined) {
        upsert({ date: o.to, name: o.name.trim(), kind: o.kind ?? 'national' });
      }
      for (const h of moving) upsert({ ...h, date: o.to });
    }
  }
  const seen = new Set<string>();
  return list
    .filter((h) => {
      const key = `${h.date}|${h.name.trim().toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name)));
}
