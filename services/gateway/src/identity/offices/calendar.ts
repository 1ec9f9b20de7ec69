import type { OfficeCalendarView } from '@tatalaman/contracts';
import { type HolidayOverride, HolidaysError, mergeHolidays, nationalHolidays } from '@tatalaman/holidays';
import {
  type ExtraWorkingDay,
  type Holiday,
  localDate,
  type OfficeCalendar,
  validateCalendar,
} from '@tatalaman/working-time';
import type { FieldError } from '../../http/problems';
import { Problem } from '../../http/problems';
import type { WorkingHours } from './office.entity';

export interface CalendarSettings {
  timeZone: string;
  workingHours: WorkingHours;
  holidayOverrides: readonly HolidayOverride[];
  extraWorkingDays: readonly ExtraWorkingDay[];
}

/**
 * The office's holidays in some years: the national holidays of those years
 * (`date-holidays`) with the office's overrides applied once over the whole span, so an
 * override near New Year moves across the year boundary like any other.
 */
export function officeHolidays(settings: CalendarSettings, years: readonly number[]): Holiday[] {
  const sorted = [...new Set(years)].sort();
  const base = sorted.flatMap((y) => nationalHolidays(y));
  const merged = mergeHolidays(base, settings.holidayOverrides);
  const first = `${sorted[0]}-01-01`;
  const last = `${sorted[sorted.length - 1]}-12-31`;
  return merged.filter((h) => h.date >= first && h.date <= last);
}

/** A working-time calendar of the office for some years, as the workflows and reporting use it. */
export function officeCalendar(settings: CalendarSettings, years: readonly number[]): OfficeCalendar {
  return {
    timeZone: settings.timeZone,
    workingHours: {
      1: settings.workingHours['1'],
      2: settings.workingHours['2'],
      3: settings.workingHours['3'],
      4: settings.workingHours['4'],
      5: settings.workingHours['5'],
      6: settings.workingHours['6'],
      7: settings.workingHours['7'],
    },
    holidays: officeHolidays(settings, years),
    extraWorkingDays: [...settings.extraWorkingDays],
  };
}

/** The local year of an instant in the office's zone. */
export function localYear(settings: Pick<CalendarSettings, 'timeZone'>, now = new Date()): number {
  return Number(localDate(now.getTime(), settings.timeZone).slice(0, 4));
}

/**
 * The office's calendar for the year before, the year and the year after `year` (default:
 * the office's local year now), and the last day its holidays cover. Runs ask for a newer
 * copy a year before that day (see workflows/src/interpreter/timing.ts), so they never
 * count past it.
 */
export function calendarAround(
  settings: CalendarSettings,
  year = localYear(settings),
): { calendar: OfficeCalendarView; until: string } {
  const calendar = officeCalendar(settings, [year - 1, year, year + 1]);
  return { calendar: calendarView(settings, calendar), until: `${year + 1}-12-31` };
}

function calendarView(settings: CalendarSettings, calendar: OfficeCalendar): OfficeCalendarView {
  return {
    timeZone: calendar.timeZone,
    workingHours: settings.workingHours,
    holidays: calendar.holidays.map((h) => ({ date: h.date, name: h.name, kind: h.kind })),
    extraWorkingDays: (calendar.extraWorkingDays ?? []).map((d) => ({
      date: d.date,
      name: d.name,
      ...(d.hours ? { hours: d.hours.map((h) => ({ start: h.start, end: h.end })) } : {}),
    })),
  };
}

/** `workingHours.1[0].start` → `#/workingHours/1/0/start`. */
function pointerOfPath(path: string): string {
  return (
    '#/' +
    path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean)
      .join('/')
  );
}

/**
 * Checks calendar settings the way the runtime will use them: the overrides apply, and
 * the resulting calendar of the years around `now` is valid (hours that do not overlap,
 * end after start, some working time). A 422 problem with one error per finding otherwise.
 */
export function checkCalendar(settings: CalendarSettings, now = new Date()): void {
  let calendar: OfficeCalendar;
  try {
    const year = Number(localDate(now.getTime(), settings.timeZone).slice(0, 4));
    calendar = officeCalendar(settings, [year - 1, year, year + 1]);
  } catch (e) {
    if (e instanceof HolidaysError) {
      throw new Problem('invalid-calendar', {
        detail: { id: e.messageId, en: e.messageEn },
        errors: e.problems.map((p) => ({
          pointer: pointerOfPath(p.path.replace(/^overrides/, 'holidayOverrides')),
          message: { id: p.id, en: p.en },
        })),
      });
    }
    throw e;
  }
  const problems = validateCalendar(calendar);
  if (problems.length === 0) {
    const hasHours = Object.values(settings.workingHours).some((list) => list.length > 0);
    if (hasHours || settings.extraWorkingDays.length > 0) return;
    throw new Problem('invalid-calendar', {
      detail: {
        id: 'Kalender tidak punya jam kerja sama sekali.',
        en: 'The calendar has no working time at all.',
      },
      errors: [{ pointer: '#/workingHours', message: { id: 'Isi jam kerja', en: 'Give working hours' } }],
    });
  }
  const errors: FieldError[] = problems.map((p) => ({
    pointer: pointerOfPath(p.path),
    message: { id: p.id, en: p.en },
  }));
  throw new Problem('invalid-calendar', { errors });
}
