import type { Schemas } from '@tatalaman/api-client';
import { defaultOfficeCalendar, type OfficeCalendar } from '@tatalaman/working-time';
import { api, call } from './client';

const cache = new Map<string, Promise<OfficeCalendar>>();

/** The working-time calendar the runtime counts an office's deadlines in. */
export function toWorkingCalendar(c: Schemas['OfficeCalendar']): OfficeCalendar {
  return {
    timeZone: c.timeZone,
    workingHours: c.workingHours as unknown as OfficeCalendar['workingHours'],
    holidays: c.holidays.map((h) => ({
      date: h.date,
      name: h.name,
      kind: h.kind,
    })) as OfficeCalendar['holidays'],
    extraWorkingDays: c.extraWorkingDays as unknown as OfficeCalendar['extraWorkingDays'],
  };
}

/**
 * The office's calendar for countdowns, once per office and page. Without it (an API
 * error) the platform's default hours in WIB, so My tasks still shows its countdowns.
 */
export function officeCalendar(office: string, timeZone = 'Asia/Jakarta'): Promise<OfficeCalendar> {
  let c = cache.get(office);
  if (!c) {
    c = call(api().GET('/api/v1/offices/{office}/calendar', { params: { path: { office } } }))
      .then(toWorkingCalendar)
      .catch(() => defaultOfficeCalendar(timeZone));
    cache.set(office, c);
  }
  return c;
}

export function forgetCalendar(office: string): void {
  cache.delete(office);
}
