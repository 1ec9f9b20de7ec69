import { type NatsContext } from '@nestjs/microservices';
import { IDEMPOTENCY_KEY_MAX } from '@tatalaman/contracts';
import { commandMeta } from '@tatalaman/messaging';
import { fail } from './failures';

/**
 * The request's idempotency key: the body's field, else the `Idempotency-Key` header.
 * Requests are parsed with their contracts (libs/contracts/src/commands/reporting) before
 * their handlers run; only the header needs checking here.
 */
export function idempotencyKeyOf(request: { idempotencyKey?: unknown }, ctx: NatsContext): string {
  const key = request?.idempotencyKey ?? commandMeta(ctx).idempotencyKey;
  if (typeof key !== 'string' || !key || key.length > IDEMPOTENCY_KEY_MAX) throw fail.keyMissing();
  return key;
}
