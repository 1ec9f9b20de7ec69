import { z } from 'zod';
import { type Service, SERVICES } from '../naming';
import { findUnsafeText } from '../text-safety';
import { COMMON_ERRORS, type CataloguedError } from './errors';

/**
 * One command or query between services, written once: its request and response schemas and
 * the errors it can answer with. The service parses requests with it (the messaging library's
 * `@HandleCommand` does), the gateway derives its request bodies and views from it, and the
 * OpenAPI document lists its errors. The shape of a command is written nowhere else.
 */
export interface CommandDefinition<
  N extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  readonly name: N;
  readonly service: Service;
  readonly description: string;
  readonly request: Req;
  readonly response: Res;
  /** The service's own errors this command can answer with (the common ones always apply). */
  readonly errors: readonly CataloguedError[];
  /** Parses a request as the receiving service sees it: text safety first, then the schema. */
  parse(raw: unknown): z.output<Req>;
}

export function defineCommand<
  const N extends `${Service}.${string}`,
  Req extends z.ZodType,
  Res extends z.ZodType,
>(
  name: N,
  spec: { description: string; request: Req; response: Res; errors?: readonly CataloguedError[] },
): CommandDefinition<N, Req, Res> {
  const service = name.slice(0, name.indexOf('.'));
  if (!(SERVICES as readonly string[]).includes(service)) {
    throw new Error(`Command ${name} must start with a known service (${SERVICES.join(', ')}).`);
  }
  const errors = spec.errors ?? [];
  for (const e of errors) {
    if (e.catalogue !== service && e.catalogue !== 'common') {
      throw new Error(
        `Command ${name} lists ${e.code} of ${e.catalogue}; a command lists its own service's errors.`,
      );
    }
  }
  return {
    name,
    service: service as Service,
    description: spec.description,
    request: spec.request,
    response: spec.response,
    errors,
    parse(raw: unknown) {
      const unsafe = findUnsafeText(raw);
      if (unsafe) {
        throw new z.ZodError([
          {
            code: 'custom',
            path: unsafe.path.map((p) => (typeof p === 'number' ? p : String(p))),
            message: `text-${unsafe.reason}`,
            input: undefined,
          },
        ]);
      }
      return spec.request.parse(raw);
    },
  };
}

/** The TypeScript contract of a set of definitions, as `CommandContracts` composes it. */
export type ContractsOf<Defs extends Record<string, CommandDefinition>> = {
  [D in Defs[keyof Defs] as D['name']]: {
    /** What a caller sends. */
    request: z.input<D['request']>;
    /** What the handler receives, parsed. */
    parsed: z.output<D['request']>;
    response: z.output<D['response']>;
  };
};

/** Turns definitions into a map keyed by command name, refusing duplicates. */
export function registerCommands<const Defs extends readonly CommandDefinition[]>(
  ...defs: Defs
): { [D in Defs[number] as D['name']]: D } {
  const out: Record<string, CommandDefinition> = {};
  for (const d of defs) {
    if (out[d.name]) throw new Error(`Command ${d.name} is defined twice.`);
    out[d.name] = d;
  }
  return out as { [D in Defs[number] as D['name']]: D };
}

/** Every code a command can answer with: its own errors and the common ones. */
export function errorsOf(definition: CommandDefinition): CataloguedError[] {
  return [...definition.errors, ...Object.values(COMMON_ERRORS)];
}
