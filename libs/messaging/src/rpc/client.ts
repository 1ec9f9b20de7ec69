import { randomUUID } from 'node:crypto';
import {
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  commandSubjectFor,
  COMMON_ERRORS,
} from '@tatalaman/contracts';
import {
  headers as natsHeaders,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/transport-node';
import { decodeJson, encodeJson, type ResponsePacket, toErrorReply } from './codec';
import { RemoteError, titledFailure } from './errors';

export interface SendOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Sent as the `Idempotency-Key` header: the handler uses it to recognise a retried command. */
  idempotencyKey?: string;
  /** Sent as `Correlation-Id`; ends up in the events the command causes. */
  correlationId?: string;
}

/**
 * Typed request/reply over NATS to services served by `@nestjs/microservices`
 * (same wire format as Nest's NATS client), on the service's own connection:
 *
 *   const item = await commands.send('content.item.get', { office, itemId });
 *
 * Error replies, timeouts and "nobody serves this" all become `RemoteError`.
 */
export class CommandClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaults: { timeoutMs?: number } = {},
  ) {}

  async send<K extends CommandName>(
    name: K,
    request: CommandRequest<K>,
    options: SendOptions = {},
  ): Promise<CommandResponse<K>> {
    const subject = commandSubjectFor(name);
    const h = natsHeaders();
    if (options.idempotencyKey) h.set('Idempotency-Key', options.idempotencyKey);
    if (options.correlationId) h.set('Correlation-Id', options.correlationId);
    const timeout = options.timeoutMs ?? this.defaults.timeoutMs ?? 5000;
    let packet: ResponsePacket;
    try {
      const msg = await this.nc.request(
        subject,
        encodeJson({ pattern: subject, data: request, id: randomUUID() }),
        {
          timeout,
          headers: h,
        },
      );
      packet = decodeJson(msg.data) as ResponsePacket;
    } catch (e) {
      throw new RemoteError(name, transportFailure(e, timeout));
    }
    if (packet.err !== undefined && packet.err !== null)
      throw new RemoteError(name, toErrorReply(packet.err));
    return packet.response as CommandResponse<K>;
  }
}

function transportFailure(e: unknown, timeout: number) {
  const noResponders = e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders());
  if (noResponders) return titledFailure(COMMON_ERRORS.unavailable).reply;
  if (e instanceof TimeoutError) return titledFailure(COMMON_ERRORS.timeout, { timeoutMs: timeout }).reply;
  return titledFailure(COMMON_ERRORS.transport, { reason: (e as Error)?.message ?? String(e) }).reply;
}
