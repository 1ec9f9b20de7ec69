import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type Actor,
  type EventType,
  type EventTypes,
  makeEvent,
  type TypedEvent,
} from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import type { EntityManager } from 'typeorm';
import { currentEdge } from '../http/context';

export interface Change {
  office: string;
  actor: Actor;
  entity: 'office' | 'user' | 'membership' | 'role-binding' | 'delegation' | 'api-key';
  entityId: string;
  /** create, update, revoke, deactivate… */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Fields whose values never leave the gateway (hashes): recorded as changed, shown as ***. */
  redact?: readonly string[];
  /** The identity events of the change. */
  events?: readonly TypedEvent<EventType>[];
}

/**
 * Writes what a change means for the rest of the platform into the outbox of the
 * change's own transaction: its identity events and the audit event with old and new
 * values. Both commit with the change or not at all.
 */
@Injectable()
export class ChangeRecorder {
  constructor(private readonly outbox: OutboxWriter) {}

  /** An identity event correlated with the request in hand (if any). */
  event<K extends EventType>(type: K, office: string, actor: Actor, data: EventTypes[K]): TypedEvent<K> {
    const requestId = currentEdge()?.requestId;
    return makeEvent(type, { office, actor, data, ...(requestId ? { correlationId: requestId } : {}) });
  }

  async record(manager: EntityManager, change: Change): Promise<void> {
    const requestId = currentEdge()?.requestId || undefined;
    const audit = auditEvent({
      office: change.office,
      actor: change.actor,
      service: 'gateway',
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      before: change.before ?? null,
      after: change.after ?? null,
      redact: change.redact,
      ignore: ['updatedAt', 'createdAt'],
      requestId,
    });
    const events: TypedEvent<EventType>[] = [...(change.events ?? [])];
    // An update that changed nothing is not a change.
    if (audit.data.changes.length > 0 || change.action !== 'update') events.push(audit);
    if (events.length) await this.outbox.add(manager, events);
  }
}
