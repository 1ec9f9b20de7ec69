import { z } from 'zod';
import { ActorView, apiSchema, dateTime } from '../http/schemas';

export const AuditEntryView = apiSchema(
  'AuditEntry',
  z.object({
    id: z.string().describe('The audit event id.'),
    occurredAt: dateTime,
    recordedAt: dateTime,
    actor: ActorView,
    service: z.string().describe('The service that owns the entity.'),
    entity: z.string(),
    entityId: z.string(),
    action: z.string().describe('create, update, revoke, submit…'),
    changes: z.array(
      z.object({
        field: z.string(),
        old: z.unknown().describe('null when the record did not exist; "***" for secrets.'),
        new: z.unknown().describe('null when the record no longer exists; "***" for secrets.'),
      }),
    ),
    requestId: z.string().nullable(),
    correlationId: z.string().nullable(),
  }),
  'One change by a person or API key, with old and new values.',
);

export const AuditPage = apiSchema(
  'AuditPage',
  z.object({
    entries: z.array(AuditEntryView).describe('Newest first.'),
    nextCursor: z.string().optional().describe('Pass as `cursor` for the next (older) page.'),
  }),
  'A page of the audit log.',
);

export const AuditQuery = z.object({
  entity: z.string().max(64).optional().describe('e.g. user, role-binding, content-item'),
  entityId: z.string().max(200).optional(),
  actor: z.string().max(200).optional().describe('Actor id (a user id or API key id).'),
  action: z.string().max(64).optional(),
  service: z.string().max(64).optional(),
  from: dateTime.optional().describe('Changes at or after this instant.'),
  to: dateTime.optional().describe('Changes before this instant.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,19}$/)
    .optional()
    .describe('From `nextCursor` of the previous page.'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
