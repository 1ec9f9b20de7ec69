// Pure core: no Node modules, no npm packages, no clock, no randomness, no I/O, so the
// Temporal workflow sandbox can import it. Holiday data lives in @tatalaman/holidays.
export type {
  ClockTime,
  Duration,
  DurationUnit,
  ExtraWorkingDay,
  Holiday,
  HolidayKind,
  IsoWeekday,
  LocalDate,
  OfficeCalendar,
  WorkingInterval,
  WorkingTimeOptions,
} from './types';
export { CalendarError, type CalendarErrorCode, type CalendarProblem } from './errors';
export {
  DEFAULT_WORKING_HOURS,
  INDONESIAN_TIME_ZONES,
  defaultOfficeCalendar,
  isWorkingDay,
  standardDayMinutes,
  validateCalendar,
} from './calendar';
export {
  MAX_SPAN_DAYS,
  WORKING_DAYS_PER_WEEK,
  addWorkingTime,
  durationToMinutes,
  isWorkingInstant,
  nextWorkingInstant,
  subtractWorkingTime,
  workingMillisBetween,
} from './arithmetic';
export { formatWorkingDuration } from './format';
export { localDate, zonedTimeToUtc } from './zone';
export { MIN_YEAR, MAX_YEAR } from './civil';
