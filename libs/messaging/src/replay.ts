import { type AnyEvent, parseEvent } from '@tatalaman/contracts';
import { type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

export interface ReplayedEvent {
  event: AnyEvent;
  /** Stream sequence: store the last one applied to resume from `seq + 1`. */
  seq: number;
  subject: string;
}

export interface ReplayOptions {
  /** Start at this stream sequence (1 = the beginning)… */
  startSeq?: number;
  /** …or at the first event stored at or after this time. */
  startTime?: Date;
  /** Only subjects matching this filter (one filter: NATS 2.9). */
  filterSubject?: string;
  /** Messages per pull (default 256). */
  batchSize?: number;
  /** Called for messages that are not valid events (they are skipped). Default: ignore. */
  onInvalid?: (info: { seq: number; subject: string; error: Error }) => void;
}

/**
 * Reads a stream from a sequence or a time up to its end as it was when the
 * replay started, through an ephemeral ordered consumer (no acks, no server
 * state left behind). For projections that rebuild from the streams:
 *
 *   for await (const { event, seq } of replayFrom(js, jsm, 'TL_CONTENT', { startSeq: 1 })) …
 */
export async function* replayFrom(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  options: ReplayOptions,
): AsyncGenerator<ReplayedEvent> {
  if (options.startSeq === undefined && options.startTime === undefined) {
    throw new Error('replayFrom needs startSeq or startTime.');
  }
  const info = await jsm.streams.info(stream);
  const last = info.state.last_seq;
  if (info.state.messages === 0 || (options.startSeq !== undefined && options.startSeq > last)) return;

  const consumer = await js.consumers.get(stream, {
    ...(options.startTime
      ? { opt_start_time: options.startTime.toISOString() }
      : { opt_start_seq: Math.max(1, options.startSeq!) }),
    ...(options.filterSubject ? { filter_subjects: options.filterSubject } : {}),
  });
  const batch = options.batchSize ?? 256;
  try {
    for (;;) {
      const messages = await consumer.fetch({ max_messages: batch, expires: 1000 });
      let received = 0;
      let done = false;
      for await (const m of messages) {
        received++;
        if (m.seq > last) {
          done = true;
          break;
        }
        try {
          yield {
            event: parseEvent(JSON.parse(Buffer.from(m.data).toString('utf8'))),
            seq: m.seq,
            subject: m.subject,
          };
        } catch (e) {
          options.onInvalid?.({ seq: m.seq, subject: m.subject, error: e as Error });
        }
        if (m.seq >= last || m.info.pending === 0) {
          done = true;
          break;
        }
      }
      if (done || received === 0) return;
    }
  } finally {
    // The ordered consumer is ephemeral; deleting it now spares the server its inactivity timeout.
    await consumer.delete().catch(() => undefined);
  }
}
