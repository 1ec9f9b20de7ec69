// The OpenAPI 3.1 document of the gateway: every route Nest serves, its parameters and
// bodies from the command contracts, and its problems from the services' error catalogues.
import { type INestApplicationContext, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { OFFICE_SLUG } from '@tatalaman/contracts';
import { z } from 'zod';
import {
  apiControllerOf,
  type ApiControllerSpec,
  type ApiTag,
  endpointOf,
  type EndpointSpec,
  MUTATING_METHODS,
  type ProducesSpec,
} from '../http/endpoint';
import { API_KEY_SCOPES, isPermission, type Permission, PERMISSIONS } from '../http/permissions';
import { PROBLEMS } from '../http/problems';
import { apiRegistry, schemaName } from '../http/schemas';
import { TAGS } from '../http/tags';

/** One API route as Nest will serve it. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/api/v1/offices/{office}/users/{userId}`. */
  path: string;
  controller: ApiControllerSpec;
  spec: EndpointSpec;
  /** `Class.method`, for error messages. */
  handler: string;
}

type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

function joinPath(...parts: string[]): string {
  return (
    '/' +
    parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')
  );
}

/**
 * Every route of every `@ApiController`/`@OfficeController` in the application, from
 * Nest's own routing metadata (so the list is what the router serves). Works on an app
 * created with `preview: true` (nothing instantiated, no database needed).
 */
export function collectApiRoutes(app: INestApplicationContext): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || seen.has(type)) continue;
      seen.add(type);
      const controller = apiControllerOf(type);
      if (!controller) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '')[0] ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (typeof fn !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (method === undefined || sub === undefined) continue;
        const handler = `${type.name}.${name}`;
        const spec = endpointOf(fn);
        if (!spec) throw new Error(`${handler} is an API route without @Endpoint().`);
        const verb = RequestMethod[method]?.toLowerCase();
        if (verb !== 'get' && verb !== 'post' && verb !== 'put' && verb !== 'patch' && verb !== 'delete') {
          throw new Error(`${handler}: ${RequestMethod[method]} is not an API method.`);
        }
        for (const p of ([] as string[]).concat(sub)) {
          routes.push({
            method: verb,
            path: joinPath(base, p).replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
            controller,
            spec,
            handler,
          });
        }
      }
    }
  }
  return routes.sort((a, b) =>
    a.path === b.path ? order(a.method) - order(b.method) : a.path < b.path ? -1 : 1,
  );
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];
const order = (m: string) => METHOD_ORDER.indexOf(m);

/** Components generated from the zod registry: JSON Schema 2020-12, as OpenAPI 3.1 takes it. */
function componentSchemas(): Record<string, JsonSchema> {
  // Input mode: bodies are described as clients send them (fields with defaults optional);
  // response schemas have no defaults or transforms, so both modes agree on them.
  const { schemas } = z.toJSONSchema(apiRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
    out[name] = rest;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as JsonSchema;
  if ('$defs' in rest) throw new Error('Parameters must be plain values, not registered API schemas.');
  return rest;
}

function ref(schema: z.ZodType, what: string, route: ApiRoute): JsonSchema {
  const name = schemaName(schema);
  if (!name) throw new Error(`${route.handler}: its ${what} schema is not registered with apiSchema().`);
  return { $ref: `#/components/schemas/${name}` };
}

function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

function parametersOf(route: ApiRoute): Json[] {
  const params: Json[] = [];
  const pathNames = [...route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);
  const shape = route.spec.params?.shape ?? {};
  for (const name of pathNames) {
    if (name === 'office') {
      params.push({ $ref: '#/components/parameters/Office' });
      continue;
    }
    const schema = (shape as Record<string, z.ZodType>)[name];
    params.push({
      name,
      in: 'path',
      required: true,
      schema: schema ? inlineSchema(schema) : { type: 'string' },
    });
  }
  for (const [name, schema] of Object.entries((route.spec.query?.shape ?? {}) as Record<string, z.ZodType>)) {
    const json = inlineSchema(schema);
    const { description, ...rest } = json;
    params.push({
      name,
      in: 'query',
      required: !isOptional(schema),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    });
  }
  if (needsIdempotencyKey(route)) params.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return params;
}

export function needsIdempotencyKey(route: Pick<ApiRoute, 'method' | 'spec'>): boolean {
  return MUTATING_METHODS.has(route.method.toUpperCase()) && route.spec.idempotency !== 'exempt';
}

const STANDARD_RESPONSES: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is not valid (`invalid-request` with `errors`, `invalid-json`, `idempotency-key-required`).',
  },
  401: { name: 'Unauthorized', description: 'No valid access token or API key (`unauthenticated`).' },
  403: { name: 'Forbidden', description: 'Signed in, but not allowed (`forbidden`).' },
  404: { name: 'NotFound', description: 'No such resource, or not visible to the caller (`not-found`).' },
  409: {
    name: 'Conflict',
    description: 'Conflicts with the current state, or the same Idempotency-Key is still being processed.',
  },
  413: { name: 'PayloadTooLarge', description: 'The JSON body is larger than 1 MB (`payload-too-large`).' },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The body is not `application/json` (`unsupported-media-type`).',
  },
  422: {
    name: 'UnprocessableContent',
    description: 'Well-formed but not acceptable, or an Idempotency-Key reused for a different request.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'A rate limit was exceeded; retry after `Retry-After` seconds (`rate-limited`).',
  },
  500: {
    name: 'InternalError',
    description: 'The server failed (`internal`); the `instance` request id finds it in the logs.',
  },
};

function problemStatuses(route: ApiRoute): Map<number, string[]> {
  const statuses = new Map<number, string[]>();
  const add = (status: number, code?: string) => {
    const list = statuses.get(status) ?? [];
    if (code && !list.includes(code)) list.push(code);
    statuses.set(status, list);
  };
  const { spec } = route;
  const mutating = needsIdempotencyKey(route);
  if (spec.body || spec.query || mutating) add(400);
  if (spec.requires !== 'public') add(401);
  if (spec.requires !== 'public' && spec.requires !== 'signed-in') add(403);
  if (route.path.includes('{')) add(404);
  if (mutating) {
    add(409, 'idempotency-in-progress');
    add(422, 'idempotency-key-reused');
  }
  if (spec.body || spec.rawBody) {
    add(413);
    add(415);
  }
  for (const code of spec.problems ?? []) add(PROBLEMS[code].status, code);
  for (const command of spec.commands ?? []) for (const e of command.errors) add(e.status, e.code);
  add(429);
  add(500);
  return statuses;
}

function requestBodyOf(route: ApiRoute): Json {
  const { body, rawBody } = route.spec;
  const content: Json = {};
  if (body) content['application/json'] = { schema: ref(body, 'body', route) };
  for (const mediaType of rawBody?.mediaTypes ?? []) {
    // OpenAPI 3.1: bytes are a media type without a schema; text is a string.
    content[mediaType] = rawBody!.mode === 'text' ? { schema: { type: 'string' } } : {};
  }
  return {
    required: true,
    ...(rawBody ? { description: `${rawBody.description} At most ${rawBody.maxBytes} bytes.` } : {}),
    content,
  };
}

function producedResponse(produces: ProducesSpec): Json {
  const content: Json = {};
  for (const mediaType of produces.mediaTypes) {
    content[mediaType] =
      mediaType.startsWith('text/') || mediaType.endsWith('+xml') ? { schema: { type: 'string' } } : {};
  }
  return {
    description: produces.description,
    ...(produces.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(produces.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    content,
  };
}

function operationOf(route: ApiRoute): Json {
  const { spec } = route;
  const requires = spec.requires;
  const who =
    requires === 'public'
      ? 'No authentication.'
      : requires === 'signed-in'
        ? 'Any signed-in person or API key.'
        : requires === 'user'
          ? 'Signed-in people only (not API keys).'
          : requires === 'platform-admin'
            ? 'Platform admins only.'
            : `Requires the \`${requires}\` permission in the office (${PERMISSIONS[requires as Permission].description.en}); without access to the office: 404.`;
  const apiKeys = requires === 'signed-in' || (isPermission(requires) && API_KEY_SCOPES.includes(requires));
  const security =
    requires === 'public' ? [] : apiKeys ? [{ accessToken: [] }, { apiKey: [] }] : [{ accessToken: [] }];
  const successStatus = spec.status ?? (route.method === 'post' ? 201 : 200);
  const responses: Json = {};
  responses[String(successStatus)] = spec.produces
    ? producedResponse(spec.produces)
    : spec.response
      ? {
          description: spec.summary,
          content: { 'application/json': { schema: ref(spec.response, 'response', route) } },
        }
      : { description: `${spec.summary}: done, no content.` };
  for (const [status, codes] of [...problemStatuses(route)].sort(([a], [b]) => a - b)) {
    const standard = STANDARD_RESPONSES[status];
    // The standard responses already describe the idempotency problems.
    const specific = codes.filter((c) => !c.startsWith('idempotency'));
    if (spec.rawBody && (status === 413 || status === 415)) {
      // Uploads have their own limit and media types, not the JSON ones.
      const what =
        status === 413
          ? `The body is larger than ${spec.rawBody.maxBytes} bytes, or the file is larger than its kind allows.`
          : 'The media type of the body is not one this operation takes.';
      responses[String(status)] = {
        description: `${what} Codes: ${[status === 413 ? 'payload-too-large' : 'unsupported-media-type', ...specific].map((c) => `\`${c}\``).join(', ')}.`,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    } else if (standard && specific.length === 0) {
      responses[String(status)] = { $ref: `#/components/responses/${standard.name}` };
    } else {
      responses[String(status)] = {
        description: `${standard?.description ?? 'Problem'} Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
  const parameters = parametersOf(route);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: [spec.description, who].filter(Boolean).join('\n\n'),
    tags: [route.controller.tag.name],
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body || spec.rawBody ? { requestBody: requestBodyOf(route) } : {}),
    responses,
    'x-requires': requires,
  };
}

const INFO_DESCRIPTION = `The HTTP API of Tata Laman, the platform Indonesian public offices run their website SOPs on.

- **Authentication**: \`Authorization: Bearer <token>\` with an access token from \`POST /api/v1/auth/login\`
  (short-lived; renew with \`POST /api/v1/auth/refresh\`), or an API key (\`tlk_…\`) of an agency system.
- **Offices**: office data lives under \`/api/v1/offices/{office}/…\`. Without access to an office the answer is
  404, whether it exists or not.
- **Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\`, messages in Bahasa Indonesia
  (default) or English (\`Accept-Language: en\`), and \`instance\` = the request id (also in \`X-Request-Id\`).
- **Idempotency**: every POST, PUT, PATCH and DELETE (except sign-in/out) needs an \`Idempotency-Key\` header
  (a fresh UUID per operation). A retry with the same key and body gets the first answer
  (\`Idempotent-Replayed: true\`) and changes nothing; the same key with another body is a 422; while the first is
  running, a 409. Answers are kept 24 hours.
- **Limits**: JSON bodies up to 1 MB; uploads have routes of their own (files up to 200 MB, streamed; SOP
  definitions as text up to 1 MB); requests per minute per person, per API key and (unauthenticated) per IP;
  sign-in attempts per IP and per account. Exceeding one answers 429 with \`Retry-After\`.`;

export interface OpenApiOptions {
  /** The server the document names; default the local development address. */
  serverUrl?: string;
}

/** The OpenAPI 3.1 document of the API, built from the routes' @Endpoint metadata and the zod registry. */
export function buildOpenApiDocument(app: INestApplicationContext, options: OpenApiOptions = {}): Json {
  const routes = collectApiRoutes(app);
  const ids = new Map<string, string>();
  const paths: Record<string, Record<string, Json>> = {};
  const usedTags = new Map<string, ApiTag>();
  for (const route of routes) {
    const other = ids.get(route.spec.operationId);
    if (other)
      throw new Error(`operationId ${route.spec.operationId} is used by ${other} and ${route.handler}.`);
    ids.set(route.spec.operationId, route.handler);
    if (route.controller.scope === 'office' && !isPermission(route.spec.requires)) {
      throw new Error(`${route.handler}: an office-scoped endpoint must require a permission.`);
    }
    if (needsIdempotencyKey(route) && route.spec.requires === 'public') {
      throw new Error(`${route.handler}: a public mutating endpoint must be idempotency-exempt.`);
    }
    (paths[route.path] ??= {})[route.method] = operationOf(route);
    usedTags.set(route.controller.tag.name, route.controller.tag);
  }
  const tagOrder = Object.values(TAGS).map((t) => t.name);
  const tags = [...usedTags.values()].sort((a, b) => {
    const ia = tagOrder.indexOf(a.name);
    const ib = tagOrder.indexOf(b.name);
    return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib) || a.name.localeCompare(b.name);
  });
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const responses: Record<string, Json> = {};
  for (const { name, description } of Object.values(STANDARD_RESPONSES)) {
    responses[name] = { description, content: problem };
  }
  responses.TooManyRequests = {
    ...responses.TooManyRequests,
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tata Laman API',
      version: '1.0.0',
      summary: 'Offices, identity, SOP content and runs of the Tata Laman platform.',
      description: INFO_DESCRIPTION,
      contact: { name: 'Tata Laman', url: 'https://tatalaman.id', email: 'admin@tatalaman.id' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl ?? 'http://localhost:3000', description: 'The gateway' }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(),
      parameters: {
        Office: {
          name: 'office',
          in: 'path',
          required: true,
          description: 'The office code (slug), e.g. `kpu-prov-jateng`.',
          schema: { type: 'string', pattern: OFFICE_SLUG.source },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            'A unique key per operation (a fresh UUID). Retrying with the same key and body replays the first answer.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      responses,
      securitySchemes: {
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token of a signed-in person (POST /api/v1/auth/login).',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tlk_…',
          description: "An agency system's API key; it acts in its own office within its scopes.",
        },
      },
    },
  };
}
