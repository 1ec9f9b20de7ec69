/**
 * A time standard from an SOP step ("30 menit", "1,5 jam", "1 hari").
 * Structurally identical to the SOP language library's `Duration`; keep it that way.
 */
export type Duration = { amount: number; unit: 'minute' | 'hour' | 'day' | 'week' };

export type DurationUnit = Duration['unit'];

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local wall-clock time `HH:MM` (00:00–23:59; `24:00` is allowed as an interval end). */
export type ClockTime = string;

/** Local calendar date `YYYY-MM-DD`. */
export type LocalDate = string;

/** A working interval on one day, local time, start inclusive and end exclusive. */
export interface WorkingInterval {
  start: ClockTime;
  end: ClockTime;
}

export type HolidayKind = 'national' | 'cuti-bersama' | 'office';

export interface Holiday {
  date: LocalDate;
  name: string;
  kind: HolidayKind;
}

/**
 * A date with its own working hours: a Saturday declared a working day during an
 * election stage, or a normal day with shorter hours (Ramadan). Wins over holidays
 * and over the weekly schedule.
 */
export interface ExtraWorkingDay {
  date: LocalDate;
  name: string;
  /** Omitted: the calendar's standard working day (see `standardWorkingDay`). */
  hours?: readonly WorkingInterval[];
}

/**
 * An office's calendar. Treated as an immutable value: compiled data is cached per
 * object, so after an edit pass a new object rather than mutating this one.
 */
export interface OfficeCalendar {
  /** IANA zone, e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT). */
  timeZone: string;
  /** Per ISO weekday; an empty list means not a working day. Several intervals model breaks. */
  workingHours: Record<IsoWeekday, readonly WorkingInterval[]>;
  holidays: readonly Holiday[];
  extraWorkingDays?: readonly ExtraWorkingDay[];
}

export interface WorkingTimeOptions {
  /** Count plain elapsed time instead of working time (see docs/working-time.md). */
  calendarTime?: boolean;
}
