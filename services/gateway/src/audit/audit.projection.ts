import { Injectable } from '@nestjs/common';
import type { EventOf } from '@tatalaman/contracts';
import type { EventContext, EventHandler } from '@tatalaman/messaging';
import { insertAuditEntry } from './audit.queries';

/**
 * Appends every `audit.change-recorded` event of every service (the gateway's own
 * included, through its outbox) to the audit log. The inbox makes redeliveries no-ops;
 * the primary key (the event id) makes a replay of the stream one too.
 */
@Injectable()
export class AuditProjection implements EventHandler<'audit.change-recorded'> {
  async handle(event: EventOf<'audit.change-recorded'>, { manager }: EventContext): Promise<void> {
    await insertAuditEntry(manager, event);
  }
}
