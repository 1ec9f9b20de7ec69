import { type NatsContext } from '@nestjs/microservices';
import { commandMeta } from '@tatalaman/messaging';

export function correlationOf(ctx: NatsContext): string | undefined {
  return commandMeta(ctx).correlationId;
}
