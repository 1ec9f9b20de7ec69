// Holiday data for office calendars. Depends on date-holidays, so it must stay out of the
// Temporal workflow bundle: services build calendars with it, workflows receive them.
export { nationalHolidays, type NationalHolidayOptions } from './national';
export { mergeHolidays, type HolidayOverride } from './merge';
export { HolidaysError } from './errors';
