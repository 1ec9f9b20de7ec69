import { type ActorRole, type ApprovalsCaller, OFFICE_SLUG } from '@tatalaman/contracts';
import { z } from 'zod';

/**
 * Request validation. The gateway resolves who the caller is; approvals only
 * checks the shape and trusts the content (it is not reachable from outside).
 */
export const actorSchema = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});

const roleSchema = z.object({
  role: z.string().min(1).max(64),
  onBehalfOf: actorSchema.optional(),
});

export const callerShape = {
  office: z.string().regex(OFFICE_SLUG),
  actor: actorSchema,
  roles: z.array(roleSchema).max(500),
  officeAdmin: z.boolean().optional(),
};

export const pageShape = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(1000).optional(),
};

export const idempotencyKeyShape = z.string().min(1).max(200);

export const uuidSchema = z.uuid();

export const callerSchema = z.object(callerShape);

export function roleNames(caller: Pick<ApprovalsCaller, 'roles'>): string[] {
  return [...new Set(caller.roles.map((r) => r.role))];
}

/** The caller's roles that give access to a task with these roles. */
export function matchingRoles(
  taskRoles: readonly string[],
  caller: Pick<ApprovalsCaller, 'roles'>,
): ActorRole[] {
  return caller.roles.filter((r) => taskRoles.includes(r.role));
}

/**
 * The role a decision is taken in: the one asked for, else one the caller holds
 * in their own right, else one held as a delegate (sent with `onBehalfOf`).
 */
export function pickRole(
  taskRoles: readonly string[],
  caller: Pick<ApprovalsCaller, 'roles'>,
  wanted?: string,
): ActorRole | undefined {
  const candidates = matchingRoles(taskRoles, caller).filter((r) => !wanted || r.role === wanted);
  return candidates.find((r) => !r.onBehalfOf) ?? candidates[0];
}
