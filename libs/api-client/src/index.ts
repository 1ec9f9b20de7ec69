import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './generated/schema';

export type { components, operations, paths };

/** The typed client: `client.GET('/api/v1/me')`, `client.POST('/api/v1/offices', { body, params })`. */
export type ApiClient = Client<paths>;
/** Every named schema of the API: `Schemas['Member']`, `Schemas['Problem']`… */
export type Schemas = components['schemas'];
/** RFC 9457 problem details, the body of every error answer. */
export type Problem = components['schemas']['Problem'];

export interface ApiClientOptions {
  /**
   * An access token or an API key (`tlk_…`), sent as `Authorization: Bearer …`; or a
   * function returning the current one (e.g. a session that refreshes its token).
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Language of the messages in problems: `id` (default) or `en`. */
  language?: 'id' | 'en';
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A client of the Tata Laman API, typed from the OpenAPI document the gateway builds
 * from its code (`src/generated/schema.d.ts`):
 *
 *   const api = createApiClient('http://localhost:3000', { token, language: 'en' });
 *   const { data, error } = await api.GET('/api/v1/offices/{office}/users', {
 *     params: { path: { office: 'kpu-prov-jateng' } },
 *   });
 *
 * Mutating calls take an `Idempotency-Key` header (the type says so): use
 * `idempotencyKey()` once per operation and the same key when retrying it.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const edge: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      if (!request.headers.has('accept-language'))
        request.headers.set('accept-language', options.language ?? 'id');
      return request;
    },
  };
  client.use(edge);
  return client;
}

/** A fresh Idempotency-Key: one per operation; reuse it only to retry that same operation. */
export function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** Whether an error body is an RFC 9457 problem of the API. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && typeof v.status === 'number' && typeof v.code === 'string';
}
