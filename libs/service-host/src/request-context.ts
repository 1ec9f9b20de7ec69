import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
  office?: string;
  actor?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request context, so every log line inside it carries the request id. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Accepts a caller's id when it looks like one (so ids follow a request across services), else makes one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(header) ? header : randomUUID();
}
