import { type ActorRole, type ApprovalsCaller } from '@tatalaman/contracts';

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
