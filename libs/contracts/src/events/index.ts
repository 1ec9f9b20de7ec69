import { type z } from 'zod';
import { approvalsEvents } from './approvals';
import { auditEvents } from './audit';
import { contentEvents } from './content';
import { type EventDefinition, registerEvents } from './define';
import { identityEvents } from './identity';
import { publishingEvents } from './publishing';
import { registryEvents } from './registry';
import { runsEvents } from './runs';

/** Every event type the platform knows, keyed by `<domain>.<name>`. */
export const eventRegistry = registerEvents(
  ...contentEvents,
  ...runsEvents,
  ...approvalsEvents,
  ...publishingEvents,
  ...registryEvents,
  ...identityEvents,
  ...auditEvents,
);

type Registry = typeof eventRegistry;

/** `'content.item-submitted' | 'runs.step-opened' | …` */
export type EventType = keyof Registry & string;

type PayloadMap = { [K in EventType]: z.output<Registry[K]['schema']> };

/** Event type → payload type. Producers and consumers are type-checked against it. */
// An interface (not an alias) so it reads as the contract and shows by name in editors.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventTypes extends PayloadMap {}

export const EVENT_TYPES = Object.keys(eventRegistry) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventRegistry, value);
}

export function eventDefinition<K extends EventType>(type: K): Registry[K] & EventDefinition {
  return eventRegistry[type] as Registry[K] & EventDefinition;
}

export { defineEvent, registerEvents, type EventDefinition } from './define';
export * from './content';
export * from './runs';
export * from './approvals';
export * from './publishing';
export * from './registry';
export * from './identity';
export * from './audit';
