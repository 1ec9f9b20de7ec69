import Holidays from 'date-holidays';
import type { Holiday } from '@tatalaman/working-time';
import { HolidaysError } from './errors';

export interface NationalHolidayOptions {
  /** ISO 3166 country code; date-holidays knows about 200 countries. Default `ID`. */
  country?: string;
  /** Language of the names. Default `id` (Bahasa Indonesia). */
  language?: 'id' | 'en';
}

// date-holidays' Indonesian names, corrected where they are wrong or odd. Keyed by the
// package's rule so the fix follows the holiday, whatever its date.
const INDONESIAN_NAME_FIXES: Readonly<Record<string, string>> = {
  // The package calls Isra Mikraj "Maulid Nabi Muhammad", the name of 12 Rabiulawal.
  '27 Rajab': 'Isra Mikraj Nabi Muhammad',
  '01-01': 'Tahun Baru Masehi',
};

let holidaysByKey = new Map<string, Holidays>();

function holidaysFor(country: string, language: string): Holidays {
  const key = `${country}/${language}`;
  let h = holidaysByKey.get(key);
  if (!h) {
    h = new Holidays(country, { languages: [language], types: ['public'] });
    if (holidaysByKey.size > 50) holidaysByKey = new Map();
    holidaysByKey.set(key, h);
  }
  return h;
}

/**
 * Public holidays of `year` as office-calendar entries (kind `national`), sorted by date,
 * with names in Bahasa Indonesia by default. Lunar holidays are as date-holidays computes
 * them; the government's yearly SKB may shift them and adds cuti bersama, which no package
 * knows: apply those with `mergeHolidays`.
 */
export function nationalHolidays(year: number, options: NationalHolidayOptions = {}): Holiday[] {
  const country = (options.country ?? 'ID').toUpperCase();
  const language = options.language ?? 'id';
  if (!Number.isInteger(year) || year < 1900 || year > 2199) {
    throw new HolidaysError(
      `Tahun tidak valid: ${String(year)} (1900–2199)`,
      `Invalid year: ${String(year)} (1900–2199)`,
    );
  }
  if (!Object.hasOwn(new Holidays().getCountries(), country)) {
    throw new HolidaysError(
      `Negara tidak dikenal oleh date-holidays: ${JSON.stringify(country)}`,
      `Country not known to date-holidays: ${JSON.stringify(country)}`,
    );
  }
  const fixes = country === 'ID' && language === 'id' ? INDONESIAN_NAME_FIXES : {};
  const seen = new Set<string>();
  const out: Holiday[] = [];
  for (const h of holidaysFor(country, language).getHolidays(year, language)) {
    if (h.type !== 'public') continue;
    // `date` is the local date ("2026-03-20 00:00:00 -0600" for a holiday that starts
    // at the previous sunset); the office observes the whole calendar day.
    const date = h.date.slice(0, 10);
    const name = fixes[h.rule] ?? h.name;
    if (seen.has(`${date}|${name}`)) continue;
    seen.add(`${date}|${name}`);
    out.push({ date, name, kind: 'national' });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name)));
}
