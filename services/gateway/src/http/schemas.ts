import { actorShape, OFFICE_SLUG } from '@tatalaman/contracts';
import { z } from 'zod';
import { bilingual } from './validation-messages';

/**
 * The registry of named API schemas. A zod schema registered here is the single source
 * of truth for one body: requests are validated with it, responses are filtered through
 * it, and the OpenAPI document lists it under `components/schemas/<name>` (JSON Schema
 * 2020-12 from `z.toJSONSchema`). Register every body and response schema:
 *
 *   export const CreateUserBody = apiSchema('CreateUserBody', z.object({ … }), 'A new user');
 *   export type CreateUserBody = z.infer<typeof CreateUserBody>;
 */
export const apiRegistry = z.registry<{ id: string; description?: string }>();

const byName = new Map<string, z.ZodType>();
const nameOf = new Map<z.ZodType, string>();

export function apiSchema<S extends z.ZodType>(name: string, schema: S, description?: string): S {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`API schema name ${name} must be PascalCase.`);
  const existing = byName.get(name);
  if (existing && existing !== schema) throw new Error(`API schema ${name} is registered twice.`);
  apiRegistry.add(schema, description ? { id: name, description } : { id: name });
  byName.set(name, schema);
  nameOf.set(schema, name);
  return schema;
}

/** Fields of a command request the edge fills in from the request in hand (ServiceCommands). */
const EDGE_FILLED = {
  office: true,
  actor: true,
  roles: true,
  officeAdmin: true,
  idempotencyKey: true,
} as const;

/**
 * The JSON body of an endpoint, derived from the contract of the command it sends: the
 * command's request without the caller envelope (and without `omit`, fields that come from
 * the path), registered under `name`. The limits stay where the contract writes them.
 */
export function bodyFromCommand<
  S extends z.ZodObject,
  O extends Partial<Record<keyof S['shape'] & string, true>> = Record<never, true>,
>(name: string, definition: { request: S }, options: { omit?: O; description?: string } = {}) {
  const omit = { ...EDGE_FILLED, ...options.omit } as Record<string, true>;
  const keys = Object.fromEntries(
    Object.keys(definition.request.shape)
      .filter((k) => omit[k])
      .map((k) => [k, true]),
  );
  const body = definition.request.omit(keys as never) as z.ZodObject<
    Omit<S['shape'], keyof typeof EDGE_FILLED | keyof O>
  >;
  return apiSchema(name, body, options.description);
}

/** The registered name of a schema (endpoints may only use registered bodies). */
export function schemaName(schema: z.ZodType): string | undefined {
  return nameOf.get(schema);
}

// Shared field shapes, so the same thing is written the same way in every body.

/** A UUID, as every id the gateway makes. */
export const uuid = z.uuid();
export const officeCode = z
  .string()
  .regex(
    OFFICE_SLUG,
    bilingual(
      'Kode kantor hanya huruf kecil, angka dan tanda hubung (maks. 63)',
      'An office code uses lower-case letters, digits and hyphens (at most 63)',
    ),
  );
/** An SOP role code: the `roles[].code` of the office's definitions. */
export const roleCode = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    bilingual(
      'Kode peran hanya huruf kecil, angka dan tanda hubung',
      'A role code uses lower-case letters, digits and hyphens',
    ),
  );
/**
 * A revision or version number: Postgres keeps them as `integer`, so anything above
 * 2,147,483,647 is a 400 here, not a database error behind the edge.
 */
export const serialNumber = z.number().int().min(1).max(2_147_483_647);
/** The same in a path or query parameter (text to number). */
export const serialParam = z.coerce.number().int().min(1).max(2_147_483_647);
export const localDate = z.iso.date();
export const dateTime = z.iso.datetime({ offset: true });
export const email = z
  .email(bilingual('Alamat email tidak valid', 'Not a valid email address'))
  .max(320)
  .transform((e) => e.trim().toLowerCase());
export const personName = z.string().trim().min(1).max(200);

export const ActorView = apiSchema(
  'Actor',
  actorShape,
  'Who did something: a person, an API key, or the platform itself.',
);

export const FieldErrorView = apiSchema(
  'FieldError',
  z.object({
    pointer: z.string().optional().describe('JSON Pointer (RFC 6901) into the request body, as `#/a/0/b`.'),
    parameter: z.string().optional().describe('Name of the query or path parameter.'),
    code: z.string().optional().describe('Diagnostic code, for an uploaded document (an SOP definition).'),
    path: z.string().optional().describe('Where in an uploaded document, e.g. `flows.item.steps[3].time`.'),
    line: z.number().int().optional().describe('1-based line in an uploaded document.'),
    column: z.number().int().optional().describe('1-based column in an uploaded document.'),
    message: z.string(),
  }),
  'One invalid field of a request, or one diagnostic of an uploaded document.',
);

export const ProblemView = apiSchema(
  'Problem',
  z
    .looseObject({
      type: z.string().describe('`https://tatalaman.id/problems/<code>`'),
      title: z.string().describe('Short summary of the problem type, in the language of Accept-Language.'),
      status: z.number().int(),
      detail: z.string().optional().describe('What happened this time, in the language of Accept-Language.'),
      instance: z
        .string()
        .optional()
        .describe('The request id (also in the X-Request-Id header and the logs).'),
      code: z.string().describe('Stable, kebab-case problem code (the last part of `type`).'),
      errors: z.array(FieldErrorView).optional(),
      warnings: z
        .array(FieldErrorView)
        .optional()
        .describe('Diagnostics that did not cause the refusal (the warnings of an SOP definition).'),
    })
    .describe('RFC 9457 problem details.'),
  'RFC 9457 problem details; messages in Bahasa Indonesia (default) or English (Accept-Language: en).',
);
