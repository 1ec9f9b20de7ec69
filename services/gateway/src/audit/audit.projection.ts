import { Injectable } from '@nestjs/common';
import type { EventOf } from '@tatalaman/contracts';
import type { EventContext, EventHandler } from '@tatalaman/messaging';
import { table } from '../db';

/**
 * Appends every `audit.change-recorded` event of every service (the gateway's own
 * included, through its outbox) to the audit log. The inbox makes redeliveries no-ops;
 * the primary key (the event id) makes a replay of the stream one too.
 */
@Injectable()
export class AuditProjection implements EventHandler<'audit.change-recorded'> {
  async handle(event: EventOf<'audit.change-recorded'>, { manager }: EventContext): Promise<void> {
    const actor = event.actor ?? { kind: 'system' as const, id: event.data.service };
    await manager.query(
      `INSERT INTO ${table('audit_log')}
         (id, office, occurred_at, actor_kind, actor_id, actor_name, service, entity, entity_id, action, changes,
          request_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING`,
      [
        event.id,
        event.office,
        event.occurredAt,
        actor.kind,
        actor.id,
        actor.name ?? null,
        event.data.service,
        event.data.entity,
        event.data.entityId,
        event.data.action,
        JSON.stringify(event.data.changes),
        event.data.requestId ?? null,
        event.correlationId ?? null,
      ],
    );
  }
}
