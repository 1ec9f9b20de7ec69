import { applyDecorators, Controller, HttpCode, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';
import type { Permission } from './permissions';
import type { CommandDefinition } from '@tatalaman/contracts';
import type { ProblemCode } from './problems';

/** Every route of the API lives under this prefix; a breaking change gets /api/v2. */
export const API_PREFIX = 'api/v1';

export const ENDPOINT_METADATA = 'tatalaman:endpoint';
export const API_CONTROLLER_METADATA = 'tatalaman:api-controller';

/**
 * Who may call an endpoint:
 * - `public`: anyone (login, refresh);
 * - `signed-in`: any user or API key;
 * - `user`: a signed-in person (not an API key);
 * - `platform-admin`: a platform admin;
 * - a `Permission`: on office-scoped routes, a principal with that permission in the
 *   route's office (others: 404 when they have no access to the office, 403 otherwise).
 */
export type Requirement = 'public' | 'signed-in' | 'user' | 'platform-admin' | Permission;

export interface EndpointSpec {
  /** Stable, camelCase; the generated client and the docs use it. */
  operationId: string;
  /** One line, English (the API reference is in English; messages to staff are bilingual). */
  summary: string;
  description?: string;
  /** Who may call it. Office-scoped routes must name a permission. */
  requires: Requirement;
  /** Request body schema (registered with `apiSchema`); validated before the handler runs. */
  body?: z.ZodType;
  /** Query schema: an object whose properties are the query parameters (use z.coerce for numbers). */
  query?: z.ZodObject;
  /** Path parameter schemas other than `:office` (a parameter that does not parse is a 404). */
  params?: z.ZodObject;
  /** Response body schema (registered); the handler's result is parsed through it. Omit for 204. */
  response?: z.ZodType;
  /** Success status: 201 for POST that creates, 204 without a response, 200 otherwise. */
  status?: 200 | 201 | 202 | 204;
  /**
   * Mutating methods require an `Idempotency-Key`; `exempt` only for requests that hand
   * out credentials (login, refresh, logout), whose answers must never be stored.
   */
  idempotency?: 'required' | 'exempt';
  /** The stored answer holds a secret shown once (e.g. a new API key): it is kept encrypted. */
  sensitiveResponse?: boolean;
  /**
   * `sign-in`: sign-in, refresh and sign-out do not count against the per-IP limit of
   * anonymous calls (sign-in has its own limits on failures: auth/sign-in-limits.ts).
   */
  rateLimit?: 'sign-in';
  /**
   * The service commands this endpoint sends: their errors (`defineCommand` … `errors`) are
   * documented as this endpoint's problems, so a service's code cannot be left out.
   */
  commands?: readonly CommandDefinition[];
  /** Problem codes this endpoint answers with besides the standard ones and its commands' (documented). */
  problems?: ProblemCode[];
  /**
   * A request body that is not JSON (uploads): the JSON body parser and its 1 MB limit do
   * not apply to it. May be combined with a JSON `body` (then either is accepted).
   */
  rawBody?: RawBodySpec;
  /**
   * The answer is not JSON (a file, an SVG, an HTML page): the handler returns a Nest
   * `StreamableFile`, passed on as it is (no response schema). Status 200 by default.
   */
  produces?: ProducesSpec;
}

export interface RawBodySpec {
  /**
   * `text`: read whole into a string (at most `maxBytes`) before the handler runs
   * (`@TextOrJsonBody()`); `stream`: left unread, for the handler to stream on (`@Req()`)
   * without holding it in memory.
   */
  mode: 'text' | 'stream';
  /** Accepted `Content-Type`s (without parameters). */
  mediaTypes: readonly string[];
  maxBytes: number;
  /** What the body is, for the document. */
  description: string;
}

export interface ProducesSpec {
  /** Media types of the answer; `*\/*` for a stored file's own type. */
  mediaTypes: readonly string[];
  description: string;
  /** Response headers worth documenting (e.g. `Content-Disposition`). */
  headers?: Record<string, string>;
}

export interface ApiTag {
  name: string;
  description: string;
}

export interface ApiControllerSpec {
  scope: 'platform' | 'office';
  tag: ApiTag;
}

/**
 * Describes one API route: access, schemas, status, idempotency. The edge enforces it
 * (ApiGuard, validation decorators, EdgeInterceptor) and the OpenAPI document is built
 * from it, so the two cannot disagree. Use with a Nest method decorator (`@Get`, `@Post`…).
 */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  const status = spec.status ?? (spec.response ? undefined : spec.produces ? 200 : 204);
  return applyDecorators(
    SetMetadata(ENDPOINT_METADATA, { ...spec, status }),
    ...(status !== undefined ? [HttpCode(status)] : []),
  );
}

/** A controller of platform-level routes: `/api/v1/<path>`. */
export function ApiController(path: string, tag: ApiTag): ClassDecorator {
  return applyDecorators(
    Controller(`${API_PREFIX}/${path}`.replace(/\/+$/, '')),
    SetMetadata(API_CONTROLLER_METADATA, { scope: 'platform', tag } satisfies ApiControllerSpec),
  );
}

/**
 * A controller of office-scoped routes: `/api/v1/offices/:office/<path>`. The ApiGuard
 * resolves the principal's access to `:office` before anything else runs: no access is
 * a 404 (the office's existence is not revealed), a missing permission a 403.
 */
export function OfficeController(path: string, tag: ApiTag): ClassDecorator {
  return applyDecorators(
    Controller(`${API_PREFIX}/offices/:office/${path}`.replace(/\/+$/, '')),
    SetMetadata(API_CONTROLLER_METADATA, { scope: 'office', tag } satisfies ApiControllerSpec),
  );
}

export function endpointOf(handler: object): EndpointSpec | undefined {
  return Reflect.getMetadata(ENDPOINT_METADATA, handler) as EndpointSpec | undefined;
}

export function apiControllerOf(controller: object): ApiControllerSpec | undefined {
  return Reflect.getMetadata(API_CONTROLLER_METADATA, controller) as ApiControllerSpec | undefined;
}

export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
