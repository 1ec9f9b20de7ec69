import { z } from 'zod';
import { defineEvent, id } from './define';

/**
 * Offices, users, memberships, role bindings, delegations and API keys; emitted by the
 * gateway (which owns identity). The envelope's office is the office concerned;
 * platform-wide changes (platform admins) use the `platform` office token. Every change
 * also has an `audit.change-recorded` event with the old and new values.
 */

/** The three Indonesian time zones: WIB, WITA, WIT. */
const timeZone = z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
/** A local calendar date in the office's time zone, inclusive. */
const localDate = z.iso.date();
/** Role key from the SOP vocabulary, e.g. kabag, sekretaris, web-admin. */
const roleCode = z.string().min(1).max(64);

export const officeCreated = defineEvent('identity', 'office-created', {
  description: 'An office was onboarded. The envelope office is the new office itself.',
  schema: z.object({ name: z.string().min(1).max(300), timeZone, kind: z.string().min(1).max(64) }),
});

export const officeUpdated = defineEvent('identity', 'office-updated', {
  description:
    "An office's name, kind, time zone or working calendar (hours, holiday overrides, extra working days) changed.",
  schema: z.object({
    changedFields: z.array(z.string().min(1)).min(1),
    name: z.string().min(1).max(300).optional(),
    timeZone: timeZone.optional(),
    /** Set when the working calendar (zone, hours, holiday overrides, extra working days) changed: its new version. */
    calendarVersion: z.number().int().positive().optional(),
  }),
});

export const userCreated = defineEvent('identity', 'user-created', {
  description: 'A user account was created in an office.',
  schema: z.object({
    userId: id,
    displayName: z.string().min(1).max(300),
    email: z.string().max(320).optional(),
  }),
});

export const userUpdated = defineEvent('identity', 'user-updated', {
  description: "A user's profile, password or platform-admin flag changed (never the values of secrets).",
  schema: z.object({ userId: id, changedFields: z.array(z.string().min(1)).min(1) }),
});

export const userDeactivated = defineEvent('identity', 'user-deactivated', {
  description: 'A user may no longer sign in; open tasks return to role inboxes.',
  schema: z.object({ userId: id, reason: z.string().max(2000).optional() }),
});

export const membershipGranted = defineEvent('identity', 'membership-granted', {
  description: 'A user became a member of the office (or their office-admin flag changed).',
  schema: z.object({ userId: id, officeAdmin: z.boolean() }),
});

export const membershipRevoked = defineEvent('identity', 'membership-revoked', {
  description: 'A user left the office: their role bindings and delegations there ended with it.',
  schema: z.object({ userId: id }),
});

const roleBinding = {
  bindingId: id,
  userId: id,
  role: roleCode,
};

export const roleBindingGranted = defineEvent('identity', 'role-binding-granted', {
  description: 'A person was bound to a role in an office, from a date and optionally until a date.',
  schema: z.object({ ...roleBinding, validFrom: localDate, validTo: localDate.optional() }),
});

export const roleBindingRevoked = defineEvent('identity', 'role-binding-revoked', {
  description: 'A role binding ended before its time (revoked, or the person left the office).',
  schema: z.object({ ...roleBinding }),
});

const delegation = {
  delegationId: id,
  fromUserId: id,
  toUserId: id,
  /** Absent: all roles the delegating person holds. */
  role: roleCode.optional(),
};

export const delegationGranted = defineEvent('identity', 'delegation-granted', {
  description:
    'While someone is away, another member acts in their roles (one or all), on their behalf, between two dates.',
  schema: z.object({ ...delegation, validFrom: localDate, validTo: localDate, reason: z.string().max(2000) }),
});

export const delegationRevoked = defineEvent('identity', 'delegation-revoked', {
  description: 'A delegation ended before its end date.',
  schema: z.object({ ...delegation }),
});

export const apiKeyCreated = defineEvent('identity', 'api-key-created', {
  description: 'An API key for an agency system was issued (its secret never travels).',
  schema: z.object({ apiKeyId: id, name: z.string().min(1).max(200), scopes: z.array(z.string().min(1)) }),
});

export const apiKeyRevoked = defineEvent('identity', 'api-key-revoked', {
  description: 'An API key was revoked; requests with it are refused from now on.',
  schema: z.object({ apiKeyId: id }),
});

export const identityEvents = [
  officeCreated,
  officeUpdated,
  userCreated,
  userUpdated,
  userDeactivated,
  membershipGranted,
  membershipRevoked,
  roleBindingGranted,
  roleBindingRevoked,
  delegationGranted,
  delegationRevoked,
  apiKeyCreated,
  apiKeyRevoked,
] as const;

// Payload types, named for readability at call sites.
export type OfficeCreated = z.output<typeof officeCreated.schema>;
export type OfficeUpdated = z.output<typeof officeUpdated.schema>;
export type UserCreated = z.output<typeof userCreated.schema>;
export type UserUpdated = z.output<typeof userUpdated.schema>;
export type UserDeactivated = z.output<typeof userDeactivated.schema>;
export type MembershipGranted = z.output<typeof membershipGranted.schema>;
export type MembershipRevoked = z.output<typeof membershipRevoked.schema>;
export type RoleBindingGranted = z.output<typeof roleBindingGranted.schema>;
export type RoleBindingRevoked = z.output<typeof roleBindingRevoked.schema>;
export type DelegationGranted = z.output<typeof delegationGranted.schema>;
export type DelegationRevoked = z.output<typeof delegationRevoked.schema>;
export type ApiKeyCreated = z.output<typeof apiKeyCreated.schema>;
export type ApiKeyRevoked = z.output<typeof apiKeyRevoked.schema>;
