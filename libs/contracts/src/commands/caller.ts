import { z } from 'zod';
import { OFFICE_SLUG } from '../naming';

/**
 * The caller envelope every command shares, written once: who asks, in which office, with
 * which roles, and (mutations) under which idempotency key. The gateway fills it from the
 * request in hand (`ServiceCommands`); services parse it with the rest of the request.
 */

export const officeSlug = z.string().regex(OFFICE_SLUG);

export const actorShape = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});

/** An SOP role code of the office's definitions, e.g. `kabag-hth`. */
export const roleCode = z.string().min(1).max(64);

/** A role the actor holds now; `onBehalfOf`: held as a delegate of that absent person. */
export const effectiveRoleShape = z.object({ role: roleCode, onBehalfOf: actorShape.optional() });

/**
 * The HTTP `Idempotency-Key` (1–255 printable ASCII at the edge) plus, when one HTTP request
 * sends several mutating commands to one service, `:<suffix>` (at most 64 characters): so a
 * key the edge accepted is never refused inside.
 */
export const IDEMPOTENCY_KEY_MAX = 255 + 1 + 64;
export const idempotencyKeyShape = z.string().min(1).max(IDEMPOTENCY_KEY_MAX);

/** Fields of every request: the office it is scoped to and who asks. */
export const callerFields = {
  office: officeSlug,
  actor: actorShape,
  /** The actor's effective SOP roles in the office (none for API keys and the system). */
  roles: z.array(effectiveRoleShape).max(500).optional(),
  /** The actor administers the office. */
  officeAdmin: z.boolean().optional(),
};

/** Fields of every mutating request. */
export const mutationFields = { ...callerFields, idempotencyKey: idempotencyKeyShape };

/** Fields of a query that only needs to know the office (internal reads, e.g. the runtime's). */
export const officeFields = { office: officeSlug };

/** Paging of list queries: an opaque cursor from the previous page. */
export const pageFields = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(1000).optional(),
};

export type CallerEnvelope = z.infer<z.ZodObject<typeof callerFields>>;
export type MutationEnvelope = z.infer<z.ZodObject<typeof mutationFields>>;

/** The role codes of a caller, each once. */
export function roleCodesOf(caller: { roles?: readonly { role: string }[] }): string[] {
  return [...new Set((caller.roles ?? []).map((r) => r.role))];
}
