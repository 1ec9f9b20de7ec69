import { z } from 'zod';
import { defineEvent, id } from './define';

/**
 * The audit trail: every change a person or API key makes, with old and new
 * values. Each service writes it to its outbox in the same transaction as the
 * change (see @tatalaman/audit); the gateway keeps the append-only log office
 * admins read. The actor and office are the envelope's.
 */
export const changeRecorded = defineEvent('audit', 'change-recorded', {
  description: 'A person or API key changed something; field by field, old and new values.',
  schema: z.object({
    /** The service that owns the entity. */
    service: z.string().min(1).max(64),
    entity: z.string().min(1).max(64),
    entityId: id,
    action: z.string().min(1).max(64),
    changes: z.array(z.object({ field: z.string().min(1).max(200), old: z.unknown(), new: z.unknown() })),
    /** The HTTP request that caused it, for following one request through every service. */
    requestId: z.string().max(200).optional(),
  }),
});

export const auditEvents = [changeRecorded] as const;

export type ChangeRecorded = z.output<typeof changeRecorded.schema>;
