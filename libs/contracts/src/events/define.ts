import { z } from 'zod';
import { type Domain } from '../naming';

/**
 * One event type: `<domain>.<name>`, its current version and the payload schema.
 * The schema gives producers compile-time types and consumers a runtime check.
 *
 * Evolving a payload: adding an optional field keeps the version; removing or
 * changing the meaning of a field bumps it (consumers then switch on `version`).
 */
export interface EventDefinition<
  D extends Domain = Domain,
  N extends string = string,
  S extends z.ZodType = z.ZodType,
> {
  readonly type: `${D}.${N}`;
  readonly domain: D;
  readonly name: N;
  readonly version: number;
  readonly schema: S;
  readonly description: string;
}

export function defineEvent<D extends Domain, N extends string, S extends z.ZodType>(
  domain: D,
  name: N,
  spec: { version?: number; description: string; schema: S },
): EventDefinition<D, N, S> {
  return {
    type: `${domain}.${name}`,
    domain,
    name,
    version: spec.version ?? 1,
    schema: spec.schema,
    description: spec.description,
  };
}

type RegistryOf<Defs extends readonly EventDefinition[]> = {
  [E in Defs[number] as E['type']]: E;
};

/** Turns a list of definitions into a map keyed by event type, refusing duplicates. */
export function registerEvents<const Defs extends readonly EventDefinition[]>(
  ...defs: Defs
): RegistryOf<Defs> {
  const out: Record<string, EventDefinition> = {};
  for (const d of defs) {
    if (out[d.type]) throw new Error(`Event type ${d.type} is defined twice.`);
    out[d.type] = d;
  }
  return out as RegistryOf<Defs>;
}

// Shared field shapes, so the same thing is validated the same way everywhere.
export const id = z.string().min(1).max(200);
export const isoDateTime = z.iso.datetime({ offset: true });
export const language = z.enum(['id', 'en']);
/** An ISO 8601 duration such as P2D or PT4H: how time standards are written in SOPs. */
export const isoDuration = z.iso.duration();
