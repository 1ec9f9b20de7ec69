import { z } from 'zod';
import { eventDefinition, type EventType, type EventTypes, isEventType } from './events';
import { assertOfficeSlug, type Domain, eventSubject, OFFICE_SLUG } from './naming';

/** Who caused an event. */
export interface Actor {
  kind: 'user' | 'api-key' | 'system';
  id: string;
  name?: string;
}

/** What travels on JetStream: metadata around one typed payload. */
export interface EventEnvelope<T = unknown> {
  /** UUID; also the JetStream `Nats-Msg-Id` and the consumers' de-duplication key. */
  id: string;
  /** `<domain>.<name>` */
  type: string;
  version: number;
  /** Tenant (office slug). */
  office: string;
  /** ISO 8601 with offset. */
  occurredAt: string;
  actor?: Actor;
  /** The id of the first event (or request) of a chain. */
  correlationId?: string;
  /** The id of the event (or command) that directly caused this one. */
  causationId?: string;
  data: T;
}

/** An envelope whose `type` is known, so `data` is typed. */
export type TypedEvent<K extends EventType> = EventEnvelope<EventTypes[K]> & { type: K };

/** Union of the typed envelopes of some event types: a `switch (event.type)` narrows `data`. */
export type EventOf<K extends EventType> = { [P in K]: TypedEvent<P> }[K];

/** Union of every typed envelope. */
export type AnyEvent = EventOf<EventType>;

export class EventContractError extends Error {
  constructor(
    message: string,
    readonly issues: unknown = undefined,
  ) {
    super(message);
    this.name = 'EventContractError';
  }
}

const actorSchema = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1).max(200),
  name: z.string().max(300).optional(),
});

/** Structure of any envelope, whatever its type (the payload is checked separately). */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+\.[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().positive(),
  office: z.string().regex(OFFICE_SLUG),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: actorSchema.optional(),
  correlationId: z.string().min(1).max(200).optional(),
  causationId: z.string().min(1).max(200).optional(),
  data: z.unknown(),
});

export interface MakeEventInit<K extends EventType> {
  office: string;
  data: EventTypes[K];
  actor?: Actor;
  correlationId?: string;
  causationId?: string;
  /** Defaults to a new UUID. Pass one only to re-create the same event deterministically. */
  id?: string;
  occurredAt?: Date | string;
}

/**
 * Builds an envelope for a registered event type, checking the payload against
 * its schema: a producer bug fails in the producer's transaction, not in every
 * consumer.
 */
export function makeEvent<K extends EventType>(type: K, init: MakeEventInit<K>): TypedEvent<K> {
  const def = eventDefinition(type);
  if (!def) throw new EventContractError(`Unknown event type ${JSON.stringify(type)}.`);
  assertOfficeSlug(init.office);
  const parsed = def.schema.safeParse(init.data);
  if (!parsed.success) {
    throw new EventContractError(`Invalid payload for ${type}: ${parsed.error.message}`, parsed.error.issues);
  }
  const occurredAt =
    init.occurredAt instanceof Date
      ? init.occurredAt.toISOString()
      : (init.occurredAt ?? new Date().toISOString());
  const envelope: TypedEvent<K> = {
    id: init.id ?? globalThis.crypto.randomUUID(),
    type,
    version: def.version,
    office: init.office,
    occurredAt,
    data: parsed.data as EventTypes[K],
  };
  if (init.actor) envelope.actor = init.actor;
  if (init.correlationId) envelope.correlationId = init.correlationId;
  if (init.causationId) envelope.causationId = init.causationId;
  const checked = envelopeSchema.safeParse(envelope);
  if (!checked.success)
    throw new EventContractError(`Invalid envelope: ${checked.error.message}`, checked.error.issues);
  return envelope;
}

/** Correlation fields for an event caused by `parent`. */
export function causedBy(parent: Pick<EventEnvelope, 'id' | 'correlationId'>): {
  correlationId: string;
  causationId: string;
} {
  return { correlationId: parent.correlationId ?? parent.id, causationId: parent.id };
}

/** Domain and name of an event type. */
export function splitEventType(type: string): { domain: Domain; name: string } {
  if (!isEventType(type)) throw new EventContractError(`Unknown event type ${JSON.stringify(type)}.`);
  const def = eventDefinition(type);
  return { domain: def.domain, name: def.name };
}

/** The subject an envelope is published on. */
export function subjectOf(envelope: Pick<EventEnvelope, 'type' | 'office'>, prefix?: string): string {
  const { domain, name } = splitEventType(envelope.type);
  return prefix === undefined
    ? eventSubject(envelope.office, domain, name)
    : eventSubject(envelope.office, domain, name, prefix);
}

/**
 * Checks an incoming envelope and its payload against the registry. Consumers
 * call it on every message; what fails can never succeed on retry, so it is a
 * dead letter at once.
 */
export function parseEvent(raw: unknown): AnyEvent {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success)
    throw new EventContractError(`Not an event envelope: ${env.error.message}`, env.error.issues);
  const type = env.data.type;
  if (!isEventType(type)) throw new EventContractError(`Unknown event type ${JSON.stringify(type)}.`);
  const def = eventDefinition(type);
  const data = def.schema.safeParse(env.data.data);
  if (!data.success) {
    throw new EventContractError(`Invalid payload for ${type}: ${data.error.message}`, data.error.issues);
  }
  return { ...env.data, data: data.data } as AnyEvent;
}
