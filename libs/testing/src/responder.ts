import {
  commandSubjectFor,
  isCommandErrorReply,
  type CommandErrorReply,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
} from '@tatalaman/contracts';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

export interface ServedCall<K extends CommandName> {
  request: CommandRequest<K>;
  idempotencyKey?: string;
  correlationId?: string;
}

export interface ServedCommand<K extends CommandName> {
  calls: ServedCall<K>[];
  stop(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Answers one command of the contracts in a test, in the wire format of the
 * services (Nest's NATS transport), standing at the contract boundary of a
 * service the test does not run. Throw a `CommandErrorReply` to answer with an
 * error. Every call is recorded, so the test can assert what was sent.
 */
export function serveCommand<K extends CommandName>(
  nc: NatsConnection,
  name: K,
  handler: (
    request: CommandRequest<K>,
    call: ServedCall<K>,
  ) => Promise<CommandResponse<K>> | CommandResponse<K>,
): ServedCommand<K> {
  const calls: ServedCall<K>[] = [];
  const sub = nc.subscribe(commandSubjectFor(name), {
    callback: (_err, msg) => {
      void (async () => {
        const packet = JSON.parse(decoder.decode(msg.data)) as { id?: string; data: CommandRequest<K> };
        const headers: MsgHdrs | undefined = msg.headers;
        const call: ServedCall<K> = {
          request: packet.data,
          idempotencyKey: headers?.get('Idempotency-Key') || undefined,
          correlationId: headers?.get('Correlation-Id') || undefined,
        };
        calls.push(call);
        let reply: object;
        try {
          reply = { id: packet.id, response: await handler(packet.data, call), isDisposed: true };
        } catch (error) {
          const err: CommandErrorReply = isCommandErrorReply(error)
            ? error
            : { error: { status: 500, code: 'internal', message: { id: String(error), en: String(error) } } };
          reply = { id: packet.id, err, isDisposed: true };
        }
        msg.respond(encoder.encode(JSON.stringify(reply)));
      })();
    },
  });
  return { calls, stop: () => sub.unsubscribe() };
}
