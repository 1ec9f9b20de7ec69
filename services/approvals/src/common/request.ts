import { type NatsContext } from '@nestjs/microservices';
import { commandMeta } from '@tatalaman/messaging';
import { type z } from 'zod';
import { idempotencyKeyShape } from './caller';
import { fail } from './failures';

/** Checks a request against its schema (a failure is a 400 with the issues). */
export function parse<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  return schema.parse(request);
}

/** The request's idempotency key: the body's field, else the `Idempotency-Key` header. */
export function idempotencyKeyOf(request: { idempotencyKey?: unknown }, ctx: NatsContext): string {
  const key = request?.idempotencyKey ?? commandMeta(ctx).idempotencyKey;
  const parsed = idempotencyKeyShape.safeParse(key);
  if (!parsed.success) throw fail.keyMissing();
  return parsed.data;
}

export function correlationOf(ctx: NatsContext): string | undefined {
  return commandMeta(ctx).correlationId;
}
