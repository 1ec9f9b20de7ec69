import type { Actor } from '../envelope';

/** Queries the gateway's identity module serves to other services. Owned by the gateway. */

export interface OfficeCalendarView {
  timeZone: string;
  workingHours: Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', { start: string; end: string }[]>;
  holidays: { date: string; name: string; kind: 'national' | 'cuti-bersama' | 'office' }[];
  extraWorkingDays?: { date: string; name: string; hours?: { start: string; end: string }[] }[];
}

export interface OfficeView {
  code: string;
  name: string;
  timeZone: string;
  /** kpu-provinsi, kpu-kabupaten, kpu-kota or other. */
  kind?: string;
  /**
   * A valid `OfficeCalendar` of @tatalaman/working-time: holidays of last year, this year
   * and next year (or of the years around `year` when the request names one).
   */
  calendar: OfficeCalendarView;
  /**
   * The calendar's version: it grows with every change of zone, hours, holiday overrides or
   * extra working days. Always set by the gateway (optional for callers' test doubles).
   */
  calendarVersion?: number;
  /** Last local day (`YYYY-12-31`) the calendar's holidays cover. Always set by the gateway. */
  calendarUntil?: string;
}

export interface RoleHolderView {
  userId: string;
  name: string;
  email: string;
  role: string;
  /** Set when the user holds the role as a delegate of someone who is away. */
  onBehalfOf?: { userId: string; name: string };
}

/**
 * A role the acting person holds in the office at the moment of the request, as the
 * gateway resolved it (valid role bindings plus active delegations). The gateway puts
 * the list in the `roles` field of the commands it sends for a person; API keys hold
 * no SOP roles.
 */
export interface EffectiveRole {
  /** The SOP role code (`roles[].code` of the office's definitions), e.g. `kabag-hth`. */
  role: string;
  /**
   * Set when held as a delegate: the absent role holder the actor acts for. Pass it as
   * `onBehalfOf` of `worker.run.decide` so the run records both people.
   */
  onBehalfOf?: Actor;
}

export interface GatewayCommands {
  /**
   * An office with its working calendar (holidays of the years around now, or around
   * `year`). With `calendarVersion`, that earlier version of the calendar (404
   * `calendar-version-not-found` when the office never had it). 404 `office-not-found`.
   */
  'gateway.office.get': {
    request: { office: string; calendarVersion?: number; year?: number };
    response: OfficeView;
  };
  /** Who holds these roles in the office now (role bindings valid today and active delegations). */
  'gateway.role-holders.list': {
    request: { office: string; roles: string[] };
    response: { holders: RoleHolderView[] };
  };
}
