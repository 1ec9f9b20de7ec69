import { z } from 'zod';
import { effectiveRoleShape, officeSlug, roleCode } from './caller';
import { defineCommand, registerCommands, type ContractsOf } from './define';
import { defineErrors } from './errors';

/** Queries the gateway's identity module serves to other services. Owned by the gateway. */

export const GATEWAY_ERRORS = defineErrors('gateway', {
  'office-not-found': { status: 404, title: { id: 'Kantor tidak ditemukan', en: 'Office not found' } },
  'calendar-version-not-found': {
    status: 404,
    title: {
      id: 'Versi kalender kantor tidak ditemukan',
      en: 'The office never had that calendar version',
    },
  },
});

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hours = z.object({ start: z.string(), end: z.string() });

export const OfficeCalendarView = z.object({
  timeZone: z.string(),
  workingHours: z.record(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(hours)),
  holidays: z.array(
    z.object({ date: localDate, name: z.string(), kind: z.enum(['national', 'cuti-bersama', 'office']) }),
  ),
  extraWorkingDays: z
    .array(z.object({ date: localDate, name: z.string(), hours: z.array(hours).optional() }))
    .optional(),
});
export type OfficeCalendarView = z.output<typeof OfficeCalendarView>;

export const OfficeView = z.object({
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** kpu-provinsi, kpu-kabupaten, kpu-kota or other. */
  kind: z.string().optional(),
  /**
   * A valid `OfficeCalendar` of @tatalaman/working-time: holidays of last year, this year
   * and next year (or of the years around `year` when the request names one).
   */
  calendar: OfficeCalendarView,
  /**
   * The calendar's version: it grows with every change of zone, hours, holiday overrides or
   * extra working days. Always set by the gateway (optional for callers' test doubles).
   */
  calendarVersion: z.number().int().optional(),
  /** Last local day (`YYYY-12-31`) the calendar's holidays cover. Always set by the gateway. */
  calendarUntil: localDate.optional(),
});
export type OfficeView = z.output<typeof OfficeView>;

export const RoleHolderView = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  /** Set when the user holds the role as a delegate of someone who is away. */
  onBehalfOf: z.object({ userId: z.string(), name: z.string() }).optional(),
});
export type RoleHolderView = z.output<typeof RoleHolderView>;

/**
 * A role the acting person holds in the office at the moment of the request, as the gateway
 * resolved it (valid role bindings plus active delegations): `role` is the SOP role code;
 * `onBehalfOf`, when held as a delegate, the absent role holder the actor acts for (pass it as
 * `onBehalfOf` of `worker.run.decide` so the run records both people). The gateway puts the
 * list in the `roles` field of the commands it sends for a person; API keys hold no SOP roles.
 */
export type EffectiveRole = z.output<typeof effectiveRoleShape>;

export const gatewayOfficeGet = defineCommand('gateway.office.get', {
  description:
    'An office with its working calendar (holidays of the years around now, or around `year`). With ' +
    '`calendarVersion`, that earlier version of the calendar.',
  request: z.object({
    office: officeSlug,
    calendarVersion: z.number().int().min(1).max(1_000_000).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
  }),
  response: OfficeView,
  // Answers `office-not-found` and `calendar-version-not-found` (GATEWAY_ERRORS); only services
  // send it, so no HTTP operation documents them.
});

export const gatewayRoleHoldersList = defineCommand('gateway.role-holders.list', {
  description: 'Who holds these roles in the office now (role bindings valid today and active delegations).',
  request: z.object({ office: officeSlug, roles: z.array(roleCode).max(500) }),
  response: z.object({ holders: z.array(RoleHolderView) }),
  // Answers `office-not-found`; only services send it.
});

export const GATEWAY_COMMAND_DEFINITIONS = registerCommands(gatewayOfficeGet, gatewayRoleHoldersList);

export type GatewayCommands = ContractsOf<typeof GATEWAY_COMMAND_DEFINITIONS>;
