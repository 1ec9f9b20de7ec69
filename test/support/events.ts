import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type AnyEvent, type Domain, domainStreamName, eventFilterSubject } from '@tatalaman/contracts';
import { connectNats, replayFrom } from '@tatalaman/messaging';
import { platformInfo } from './platform-info';

/**
 * Every event of one domain the platform's stream holds for an office, read
 * straight from JetStream: the raw record tests count against what the
 * services made of it.
 */
export async function streamEvents(domain: Domain, office?: string): Promise<AnyEvent[]> {
  const info = platformInfo();
  const nc = await connectNats({ url: info.natsUrl, name: 'e2e-events' });
  try {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const stream = domainStreamName(domain, info.natsPrefix);
    const events: AnyEvent[] = [];
    const replay = replayFrom(js, jsm, stream, {
      startSeq: 1,
      filterSubject: eventFilterSubject({ domain, ...(office ? { office } : {}) }, info.natsPrefix),
    });
    for await (const { event } of replay) events.push(event);
    return events;
  } finally {
    await nc.drain();
  }
}

/** The durable consumers of the platform's streams that still have work: undelivered or unacknowledged messages. */
export async function consumerBacklog(
  domains: readonly Domain[],
): Promise<{ stream: string; consumer: string; pending: number; ackPending: number }[]> {
  const info = platformInfo();
  const nc = await connectNats({ url: info.natsUrl, name: 'e2e-consumers' });
  try {
    const jsm = await jetstreamManager(nc);
    const out: { stream: string; consumer: string; pending: number; ackPending: number }[] = [];
    for (const domain of domains) {
      const stream = domainStreamName(domain, info.natsPrefix);
      const consumers = await jsm.consumers
        .list(stream)
        .next()
        .catch(() => []);
      for (const c of consumers) {
        if (!c.config.durable_name) continue;
        out.push({ stream, consumer: c.name, pending: c.num_pending, ackPending: c.num_ack_pending });
      }
    }
    return out;
  } finally {
    await nc.drain();
  }
}
