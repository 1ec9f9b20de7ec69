import { type EventEnvelope, parseEvent, subjectOf, wellFormedJson } from '@tatalaman/contracts';
import { qualified, schemaOf } from '@tatalaman/persistence';
import { type EntityManager } from 'typeorm';

/** NOTIFY channel the relay of a schema listens on. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/** NATS refuses messages above the server's max_payload (1 MiB by default); leave room for headers. */
export const MAX_EVENT_BYTES = 1_000_000;

export class OutboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxError';
  }
}

/**
 * Writes events into the service's `outbox` table inside the caller's
 * transaction, so the business change and its events commit or roll back
 * together. The relay publishes them after commit (NOTIFY wakes it; it also
 * polls).
 */
export class OutboxWriter {
  async add(manager: EntityManager, events: EventEnvelope | readonly EventEnvelope[]): Promise<void> {
    const list = Array.isArray(events) ? (events as readonly EventEnvelope[]) : [events as EventEnvelope];
    if (!list.length) return;
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the event would commit on its own: exactly what the outbox prevents.
      throw new OutboxError(
        'OutboxWriter.add() needs the EntityManager of a transaction (dataSource.transaction(manager => …)).',
      );
    }
    const params: unknown[] = [];
    const values: string[] = [];
    for (const envelope of list) {
      // Validate what gets stored: a bad event must fail the producer, not every consumer.
      const event = parseEvent(envelope);
      // jsonb refuses `\u0000` and a lone surrogate: whatever text an event carries (a
      // remote system's error message, say) must not make the change it records fail.
      const payload = wellFormedJson(event);
      if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
        throw new OutboxError(
          `Event ${event.type} ${event.id} is ${Buffer.byteLength(payload)} bytes; the limit is ${MAX_EVENT_BYTES}. ` +
            'Put large content in the object store and reference it.',
        );
      }
      const n = params.length;
      values.push(`($${n + 1}::uuid, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb)`);
      params.push(event.id, subjectOf(event), event.type, event.office, payload);
    }
    params.push(outboxChannel(schemaOf(manager)));
    // One round trip: the data-modifying CTE runs even though the SELECT does not read it.
    // The notification is delivered at commit, and never if the transaction rolls back.
    await manager.query(
      `WITH ins AS (
         INSERT INTO ${qualified(manager, 'outbox')} ("id", "subject", "type", "office", "payload")
         VALUES ${values.join(', ')}
       )
       SELECT pg_notify($${params.length}, '')`,
      params,
    );
  }
}
