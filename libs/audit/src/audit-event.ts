import { makeEvent, type Actor, type TypedEvent } from '@tatalaman/contracts';
import { diffFields, type DiffOptions } from './diff';

export interface AuditInput extends DiffOptions {
  office: string;
  actor: Actor;
  service: string;
  entity: string;
  entityId: string;
  /** create, update, delete, or a domain verb (submit, claim, revoke…). */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string;
  correlationId?: string;
}

/**
 * The audit event of one change. Add it to the outbox in the same transaction
 * as the change itself, so the trail can neither miss a change nor record one
 * that was rolled back:
 *
 *   await outbox.add(manager, [domainEvent, auditEvent({ office, actor, ..., before, after })]);
 */
export function auditEvent(input: AuditInput): TypedEvent<'audit.change-recorded'> {
  return makeEvent('audit.change-recorded', {
    office: input.office,
    actor: input.actor,
    correlationId: input.correlationId ?? input.requestId,
    data: {
      service: input.service,
      entity: input.entity,
      entityId: input.entityId,
      action: input.action,
      changes: diffFields(input.before ?? null, input.after ?? null, input),
      requestId: input.requestId,
    },
  });
}
