import { CalendarError, type OfficeCalendar, type WorkingInterval, zonedTimeToUtc } from '../src';

export const WIB = 'Asia/Jakarta';
export const WITA = 'Asia/Makassar';
export const WIT = 'Asia/Jayapura';

/** Epoch ms of a local date and time: `at('2026-11-20 15:50', WIB)`. */
export function at(dateTime: string, timeZone: string): number {
  const [date, time] = dateTime.split(' ');
  return zonedTimeToUtc(date, time, timeZone);
}

/** Local `YYYY-MM-DD HH:MM` of an instant in a fixed-offset Indonesian zone (independent of the lib). */
export function show(ms: number, timeZone: string): string {
  const hours = { [WIB]: 7, [WITA]: 8, [WIT]: 9 }[timeZone];
  if (hours === undefined) throw new Error(`show() only knows Indonesian zones, not ${timeZone}`);
  const iso = new Date(ms + hours * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${iso.slice(16, 23) === ':00.000' ? '' : iso.slice(16, 23)}`;
}

const day = (start: string, end: string): WorkingInterval[] => [{ start, end }];

/** Mon–Fri 07:30–16:00: the schedule the SOP examples were written against. */
export function monFriCalendar(timeZone: string, holidays: OfficeCalendar['holidays'] = []): OfficeCalendar {
  const h = day('07:30', '16:00');
  return { timeZone, workingHours: { 1: h, 2: h, 3: h, 4: h, 5: h, 6: [], 7: [] }, holidays };
}

/** The civil-service schedule with its breaks taken out. */
export function lunchCalendar(timeZone: string): OfficeCalendar {
  const monThu = [
    { start: '07:30', end: '12:00' },
    { start: '13:00', end: '16:00' },
  ];
  const fri = [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '16:30' },
  ];
  return {
    timeZone,
    workingHours: { 1: monThu, 2: monThu, 3: monThu, 4: monThu, 5: fri, 6: [], 7: [] },
    holidays: [],
  };
}

export function calendarError(fn: () => unknown): CalendarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarError) return e;
    throw e;
  }
  throw new Error('expected a CalendarError, nothing was thrown');
}
