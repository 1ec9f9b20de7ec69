import type { OfficeView } from '@tatalaman/contracts';
import type { CalendarUpdate, OfficeCalendar, RunOffice } from '@tatalaman/workflows';

/** The office as a run's input: its calendar, with the calendar's version and how far its holidays reach. */
export function runOffice(view: OfficeView): RunOffice {
  return {
    code: view.code,
    name: view.name,
    calendar: view.calendar as unknown as OfficeCalendar,
    calendarVersion: view.calendarVersion,
    calendarUntil: view.calendarUntil,
  };
}

/** The office's calendar as the `calendar` Update of a running run carries it. */
export function calendarUpdateOf(view: OfficeView): CalendarUpdate {
  return {
    calendar: view.calendar as unknown as OfficeCalendar,
    version: view.calendarVersion,
    until: view.calendarUntil,
  };
}
