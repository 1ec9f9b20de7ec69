// Time standards ("Mutu Baku: Waktu") and durations, as office staff write them:
// "60 menit", "1 hari", "1-3 jam", "1–3 minggu", "15 minutes", "2 hari kalender",
// "1,5 jam". Months and years are refused: their length varies, so a time
// standard in months could not be checked the same way in every office.
import { M } from './messages';
import type { Duration, DurationUnit, LocalizedText, TimeStandard } from './types';

export interface TimeError {
  code: string;
  message: LocalizedText;
}

export type TimeResult<T> = { ok: true; value: T } | { ok: false; error: TimeError };

const UNIT_WORDS: Record<string, DurationUnit> = {
  menit: 'minute',
  mnt: 'minute',
  minute: 'minute',
  minutes: 'minute',
  min: 'minute',
  mins: 'minute',
  jam: 'hour',
  hour: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  h: 'hour',
  hari: 'day',
  day: 'day',
  days: 'day',
  d: 'day',
  minggu: 'week',
  pekan: 'week',
  week: 'week',
  weeks: 'week',
  wk: 'week',
};

const UNSUPPORTED_WORDS: Record<string, 'month' | 'year' | 'second'> = {
  bulan: 'month',
  bln: 'month',
  month: 'month',
  months: 'month',
  tahun: 'year',
  thn: 'year',
  year: 'year',
  years: 'year',
  detik: 'second',
  second: 'second',
  seconds: 'second',
  sec: 'second',
  secs: 'second',
};

const CALENDAR_WORDS = new Set(['kalender', 'calendar']);
const WORKING_WORDS = new Set(['kerja', 'working', 'work', 'business']);

/** Nominal minutes per unit, used only to order and bound values. */
export const NOMINAL_MINUTES: Record<DurationUnit, number> = { minute: 1, hour: 60, day: 1440, week: 10080 };
const MAX_NOMINAL_MINUTES = 366 * 1440;
const MAX_AMOUNT = 9999;

type Token = { t: 'num'; v: number; raw: string } | { t: 'word'; v: string } | { t: 'sep' };

function tokenize(text: string): Token[] | null {
  const s = text
    .toLowerCase()
    .replace(/[()]/g, ' ')
    .replace(/\bs\.?\s?d\.?(?=\s|\d|$)/g, ' - ')
    .replace(/\bs\/d\b/g, ' - ')
    .replace(/\b(sampai|hingga|to|until)\b/g, ' - ')
    .replace(/[–—]/g, '-');
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:[.,]\d+)?)|([a-z]+)|(-))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push({ t: 'num', v: Number(m[1].replace(',', '.')), raw: m[1] });
    else if (m[2] !== undefined) tokens.push({ t: 'word', v: m[2] });
    else tokens.push({ t: 'sep' });
    i = re.lastIndex;
  }
  return tokens;
}

interface Side {
  amount: number;
  unit?: DurationUnit;
  calendar?: boolean;
}

type SideResult = { ok: true; side: Side; next: number } | { ok: false; error: TimeError };

function readSide(tokens: Token[], start: number, original: string): SideResult {
  const num = tokens[start];
  if (!num || num.t !== 'num') return { ok: false, error: M.timeUnparseable(original) };
  const side: Side = { amount: num.v };
  let i = start + 1;
  for (; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.t !== 'word') break;
    const w = tok.v;
    if (UNIT_WORDS[w]) {
      if (side.unit) return { ok: false, error: M.timeUnparseable(original) };
      side.unit = UNIT_WORDS[w];
    } else if (UNSUPPORTED_WORDS[w]) {
      return { ok: false, error: M.timeUnsupportedUnit(original, UNSUPPORTED_WORDS[w]!) };
    } else if (CALENDAR_WORDS.has(w) || WORKING_WORDS.has(w)) {
      const cal = CALENDAR_WORDS.has(w);
      if (side.calendar !== undefined && side.calendar !== cal) {
        return { ok: false, error: M.timeUnparseable(original) };
      }
      side.calendar = cal;
    } else {
      return { ok: false, error: M.timeUnparseable(original) };
    }
  }
  return { ok: true, side, next: i };
}

function checkAmount(amount: number, unit: DurationUnit, original: string): TimeError | null {
  if (!(amount > 0)) return M.timeZero(original);
  if (amount > MAX_AMOUNT || amount * NOMINAL_MINUTES[unit] > MAX_NOMINAL_MINUTES)
    return M.timeTooLong(original);
  return null;
}

interface Parsed {
  min: Duration;
  max: Duration;
  calendar: boolean | undefined;
}

function parseText(text: string, allowRange: boolean): TimeResult<Parsed> {
  const original = text.trim();
  if (original === '') return { ok: false, error: M.timeUnparseable(text) };
  const tokens = tokenize(original);
  if (!tokens || tokens.length === 0) return { ok: false, error: M.timeUnparseable(original) };
  const a = readSide(tokens, 0, original);
  if (!a.ok) return a;
  let b: Side | undefined;
  let i = a.next;
  if (tokens[i]?.t === 'sep') {
    if (!allowRange) return { ok: false, error: M.durationNoRange(original) };
    const r = readSide(tokens, i + 1, original);
    if (!r.ok) return r;
    b = r.side;
    i = r.next;
  }
  if (i !== tokens.length) return { ok: false, error: M.timeUnparseable(original) };
  const cals = [a.side.calendar, b?.calendar].filter((c): c is boolean => c !== undefined);
  if (cals.length === 2 && cals[0] !== cals[1]) return { ok: false, error: M.timeUnparseable(original) };
  const calendar = cals[0];
  if (!b) {
    if (!a.side.unit) return { ok: false, error: M.timeMissingUnit(original) };
    const err = checkAmount(a.side.amount, a.side.unit, original);
    if (err) return { ok: false, error: err };
    const d = { amount: a.side.amount, unit: a.side.unit };
    return { ok: true, value: { min: d, max: d, calendar } };
  }
  const ua = a.side.unit ?? b.unit;
  const ub = b.unit ?? a.side.unit;
  if (!ua || !ub) return { ok: false, error: M.timeMissingUnit(original) };
  if (ua !== ub) return { ok: false, error: M.timeMixedUnits(original) };
  for (const amount of [a.side.amount, b.amount]) {
    const err = checkAmount(amount, ua, original);
    if (err) return { ok: false, error: err };
  }
  if (a.side.amount > b.amount)
    return { ok: false, error: M.timeRangeOrder(original, a.side.amount, b.amount) };
  return {
    ok: true,
    value: { min: { amount: a.side.amount, unit: ua }, max: { amount: b.amount, unit: ub }, calendar },
  };
}

/** A single duration such as "30 menit" or "1 hari" (extension steps, reminders). */
export function parseDuration(
  text: string,
): TimeResult<{ duration: Duration; calendar: boolean | undefined }> {
  const r = parseText(text, false);
  if (!r.ok) return r;
  return { ok: true, value: { duration: r.value.min, calendar: r.value.calendar } };
}

/** The object form of a time standard. */
export interface TimeStandardObject {
  min: string | number;
  max?: string | number;
  unit?: string;
  calendar?: boolean;
}

function unitFromWord(word: string | undefined): DurationUnit | undefined {
  if (word === undefined) return undefined;
  return UNIT_WORDS[word.trim().toLowerCase()];
}

/**
 * Parses a time standard written as text or as `{ min, max, unit, calendar }`.
 * `lang` only chooses the language of the canonical text made for the object form.
 */
export function parseTimeStandard(
  input: string | TimeStandardObject,
  lang: 'id' | 'en' = 'id',
): TimeResult<TimeStandard> {
  if (typeof input === 'string') {
    const r = parseText(input, true);
    if (!r.ok) return r;
    return {
      ok: true,
      value: {
        target: r.value.min,
        limit: r.value.max,
        calendar: r.value.calendar ?? false,
        text: input.trim(),
      },
    };
  }
  const side = (v: string | number, which: 'min' | 'max'): TimeResult<{ d: Duration; cal?: boolean }> => {
    if (typeof v === 'number') {
      const unit = unitFromWord(input.unit);
      if (!unit) {
        if (input.unit && UNSUPPORTED_WORDS[input.unit.trim().toLowerCase()]) {
          return {
            ok: false,
            error: M.timeUnsupportedUnit(input.unit, UNSUPPORTED_WORDS[input.unit.trim().toLowerCase()]!),
          };
        }
        return { ok: false, error: M.timeObjectUnit(which, input.unit) };
      }
      const err = checkAmount(v, unit, `${v} ${input.unit}`);
      if (err) return { ok: false, error: err };
      return { ok: true, value: { d: { amount: v, unit } } };
    }
    const text = input.unit !== undefined && /^\s*\d+(?:[.,]\d+)?\s*$/.test(v) ? `${v} ${input.unit}` : v;
    const r = parseDuration(text);
    if (!r.ok) return r;
    return { ok: true, value: { d: r.value.duration, cal: r.value.calendar } };
  };
  const a = side(input.min, 'min');
  if (!a.ok) return a;
  const b = input.max === undefined ? a : side(input.max, 'max');
  if (!b.ok) return b;
  const min = a.value.d;
  const max = b.value.d;
  const shown = `${input.min}${input.max === undefined ? '' : `–${input.max}`}${input.unit ? ` ${input.unit}` : ''}`;
  if (min.unit !== max.unit) {
    return { ok: false, error: M.timeMixedUnits(shown) };
  }
  if (min.amount > max.amount) {
    return { ok: false, error: M.timeRangeOrder(shown, min.amount, max.amount) };
  }
  const stated = [a.value.cal, b.value.cal, input.calendar].filter((c): c is boolean => c !== undefined);
  if (stated.some((c) => c !== stated[0])) {
    return { ok: false, error: M.timeUnparseable(shown) };
  }
  const calendar = stated[0] ?? false;
  const value: TimeStandard = { target: min, limit: max, calendar, text: '' };
  value.text = formatTimeStandard(value, lang);
  return { ok: true, value };
}

const UNIT_NAMES: Record<DurationUnit, { id: string; en: [string, string] }> = {
  minute: { id: 'menit', en: ['minute', 'minutes'] },
  hour: { id: 'jam', en: ['hour', 'hours'] },
  day: { id: 'hari', en: ['day', 'days'] },
  week: { id: 'minggu', en: ['week', 'weeks'] },
};

function formatAmount(n: number, lang: 'id' | 'en'): string {
  const s = String(Math.round(n * 1000) / 1000);
  return lang === 'id' ? s.replace('.', ',') : s;
}

/** "1,5 jam" / "1.5 hours"; calendar time is marked ("2 hari kalender" / "2 calendar days"). */
export function formatDuration(d: Duration, lang: 'id' | 'en', calendar = false): string {
  const n = formatAmount(d.amount, lang);
  if (lang === 'id') return `${n} ${UNIT_NAMES[d.unit].id}${calendar ? ' kalender' : ''}`;
  const word = UNIT_NAMES[d.unit].en[d.amount === 1 ? 0 : 1];
  return `${n} ${calendar ? 'calendar ' : ''}${word}`;
}

/** "60 menit", "1–3 jam", "2 hari kalender"; English: "1–3 hours". */
export function formatTimeStandard(ts: Omit<TimeStandard, 'text'>, lang: 'id' | 'en'): string {
  if (ts.target.amount === ts.limit.amount && ts.target.unit === ts.limit.unit) {
    return formatDuration(ts.limit, lang, ts.calendar);
  }
  const a = formatAmount(ts.target.amount, lang);
  const b = formatDuration(ts.limit, lang, ts.calendar);
  return `${a}–${b}`;
}

/** Nominal length in minutes (calendar reading), for ordering and sanity checks only. */
export function nominalMinutes(d: Duration): number {
  return d.amount * NOMINAL_MINUTES[d.unit];
}
