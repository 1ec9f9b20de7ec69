import { type Deserializer, type IncomingRequest, type Serializer } from '@nestjs/microservices';
import { commandErrorReply, COMMON_ERRORS, isCommandErrorReply } from '@tatalaman/contracts';
import { type Msg, type MsgHdrs } from '@nats-io/transport-node';
import { titledFailure } from './errors';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The packet Nest's NATS transport sends back: one reply per request for our commands. */
export interface ResponsePacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/** Nest's own message when a subject has no handler. */
const NO_HANDLER = 'There is no matching message handler defined in the remote service.';

/** Any error that is not already our error reply becomes one, so callers see one shape. */
export function toErrorReply(err: unknown) {
  if (isCommandErrorReply(err)) return err;
  if (err === NO_HANDLER) {
    return commandErrorReply(501, 'no-handler', {
      id: 'Layanan tujuan tidak menangani perintah ini.',
      en: 'The remote service does not handle this command.',
    });
  }
  return titledFailure(COMMON_ERRORS.internal).reply;
}

/**
 * Serializer for the responses of a service's command handlers: JSON, and
 * every `err` normalised to `{ error: { status, code, message, detail? } }`
 * (an Error object would serialise as `{}`).
 */
export class CommandReplySerializer implements Serializer<
  ResponsePacket,
  { data: Uint8Array; headers?: MsgHdrs }
> {
  serialize(packet: ResponsePacket): { data: Uint8Array } {
    const out: ResponsePacket = { ...packet };
    if ('err' in packet && packet.err !== undefined) out.err = toErrorReply(packet.err);
    return { data: encoder.encode(JSON.stringify(out)) };
  }
}

/**
 * Deserializer for incoming command requests: `{ pattern, data, id }` in JSON.
 * Nest's NATS server hands it the whole message (since Nest 12), not only its body.
 */
export class CommandRequestDeserializer implements Deserializer<Msg, IncomingRequest> {
  deserialize(msg: Msg, options?: { channel?: string }): IncomingRequest {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(msg.data));
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && ('pattern' in parsed || 'data' in parsed)) {
      return parsed as IncomingRequest;
    }
    // Not one of ours (e.g. a bare `nats req`): hand the body to the handler as data, no reply id.
    return { pattern: options?.channel ?? '', data: parsed, id: undefined as unknown as string };
  }
}

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson(data: Uint8Array): unknown {
  return JSON.parse(decoder.decode(data));
}
