import { domainStreamName, eventFilterSubject, natsPrefix, subjectOf } from '@tatalaman/contracts';
import { isolatedNatsPrefix } from '@tatalaman/testing';
import { EventConsumer, ensureStreams, replayFrom } from '../src';
import { counterOf, deleteStreams, type Harness, harness, quiet, waitFor, widgetEvent } from './helpers';

describe('replayFrom and prefix isolation', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await harness('replay');
    for (let n = 0; n < 30; n++) {
      const e = widgetEvent(n % 3 ? 'kpu-jabar' : 'kpu-dki', n);
      await h.js.publish(subjectOf(e), Buffer.from(JSON.stringify(e)), { msgID: e.id });
      if (n === 19) await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const collect = async (it: AsyncIterable<{ event: unknown; seq: number }>) => {
    const out: { n: number; seq: number }[] = [];
    for await (const r of it) out.push({ n: counterOf(r.event as never), seq: r.seq });
    return out;
  };

  it('replays a stream from the beginning, in order, and ends when caught up', async () => {
    const all = await collect(replayFrom(h.js, h.jsm, domainStreamName('content'), { startSeq: 1 }));
    expect(all.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('resumes from a sequence', async () => {
    const tail = await collect(replayFrom(h.js, h.jsm, domainStreamName('content'), { startSeq: 26 }));
    expect(tail.map((r) => r.n)).toEqual([25, 26, 27, 28, 29]);
    expect(await collect(replayFrom(h.js, h.jsm, domainStreamName('content'), { startSeq: 31 }))).toEqual([]);
  });

  it('starts from a time', async () => {
    const msg = await h.jsm.streams.getMessage(domainStreamName('content'), { seq: 21 });
    const fromTime = await collect(
      replayFrom(h.js, h.jsm, domainStreamName('content'), { startTime: msg!.time }),
    );
    expect(fromTime[0]!.n).toBe(20);
    expect(fromTime.map((r) => r.n)).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
  });

  it('filters by subject', async () => {
    const dki = await collect(
      replayFrom(h.js, h.jsm, domainStreamName('content'), {
        startSeq: 1,
        filterSubject: eventFilterSubject({ domain: 'content', office: 'kpu-dki' }),
      }),
    );
    expect(dki.map((r) => r.n)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('leaves no consumer behind', async () => {
    const info = await h.jsm.streams.info(domainStreamName('content'));
    expect(info.state.consumer_count).toBe(0);
  });

  it('keeps installations with different prefixes apart', async () => {
    const mine = natsPrefix();
    const theirs = isolatedNatsPrefix('theirs');
    process.env.NATS_PREFIX = theirs;
    const seen: string[] = [];
    let consumer: EventConsumer | undefined;
    try {
      await ensureStreams(h.jsm, ['content']);
      consumer = new EventConsumer({
        nc: h.nc,
        js: h.js,
        jsm: h.jsm,
        dataSource: h.ds,
        durable: 'other-install',
        domain: 'content',
        handler: async (e) => {
          seen.push(e.id);
        },
        logger: quiet,
      });
      await consumer.start();
      expect(consumer.stream).toBe(`${theirs.toUpperCase()}_CONTENT`);
      // An event of the other installation arrives; none of this file's 30 do.
      const e = widgetEvent('kpu-jabar', 99);
      await h.js.publish(subjectOf(e), Buffer.from(JSON.stringify(e)), { msgID: e.id });
      await waitFor(() => seen.length === 1, 10_000, 'the other installation’s event');
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([e.id]);
    } finally {
      await consumer?.stop();
      await deleteStreams(h.jsm, theirs);
      process.env.NATS_PREFIX = mine;
    }
    const info = await h.jsm.streams.info(domainStreamName('content'));
    expect(info.state.messages).toBe(30);
  });
});
