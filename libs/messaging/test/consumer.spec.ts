import { randomUUID } from 'node:crypto';
import { type AnyEvent, domainStreamName, type EventType, makeEvent, subjectOf } from '@tatalaman/contracts';
import {
  EventConsumer,
  type EventConsumerOptions,
  type EventContext,
  OutboxRelay,
  OutboxWriter,
} from '../src';
import { currentContext } from '@tatalaman/service-host';
import { counterOf, type Harness, harness, quiet, waitFor, widgetEvent } from './helpers';

describe('EventConsumer', () => {
  let h: Harness;
  const consumers: EventConsumer[] = [];
  const stream = () => domainStreamName('content');

  beforeAll(async () => {
    h = await harness('consumer', ['content', 'runs']);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Publishes an envelope straight to JetStream, as the relay does. */
  async function publish(event: AnyEvent, msgId = event.id) {
    return h.js.publish(subjectOf(event), Buffer.from(JSON.stringify(event)), { msgID: msgId });
  }

  function consumer(
    durable: string,
    handler: (e: AnyEvent, ctx: EventContext) => Promise<void>,
    extra: Partial<EventConsumerOptions> = {},
  ) {
    const c = new EventConsumer<EventType>({
      nc: h.nc,
      js: h.js,
      jsm: h.jsm,
      dataSource: h.ds,
      durable,
      domain: 'content',
      handler,
      // Earlier tests left events in the stream: start each durable at the end.
      deliverPolicy: 'new',
      logger: quiet,
      ...extra,
    });
    consumers.push(c);
    return c;
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await h.ds.query(sql, params))[0].n);

  it('applies an event once even when the stream holds it twice', async () => {
    const calls: string[] = [];
    const c = consumer('svc-once', async (e, { manager }) => {
      calls.push(e.id);
      await manager.query('INSERT INTO svc.applied (event_id, office, n) VALUES ($1, $2, 0)', [
        e.id,
        e.office,
      ]);
    });
    await c.start();
    const e = widgetEvent('kpu-jabar', 1);
    await publish(e);
    // Past JetStream's duplicate window a retry lands as a second message: same event id.
    await publish(e, randomUUID());
    await waitFor(() => c.stats.handled + c.stats.duplicates === 2, 10_000, 'both deliveries');
    expect(calls).toEqual([e.id]);
    expect(c.stats).toMatchObject({ handled: 1, duplicates: 1 });
    expect(await count('SELECT count(*) AS n FROM svc.applied WHERE event_id = $1', [e.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM svc.inbox WHERE consumer = 'svc-once'`)).toBe(1);
  });

  it('recognises a redelivery after ack_wait ran out', async () => {
    let calls = 0;
    const c = consumer(
      'svc-slow',
      async (e, { manager }) => {
        calls++;
        await manager.query('INSERT INTO svc.applied (event_id, office, n) VALUES ($1, $2, 0)', [
          e.id,
          e.office,
        ]);
        // Longer than ack_wait: JetStream redelivers while this is still running.
        if (calls === 1) await new Promise((r) => setTimeout(r, 1800));
      },
      { ackWaitMs: 1000, types: ['content.item-created'] },
    );
    await c.start();
    const e = makeEvent('content.item-created', {
      office: 'kpu-dki',
      data: { itemId: 'i1', kind: 'news', title: 'Rapat pleno', language: 'id', revisionId: 'r1' },
    });
    await publish(e);
    await waitFor(() => c.stats.duplicates >= 1, 15_000, 'the redelivery');
    expect(calls).toBe(1);
    expect(await count('SELECT count(*) AS n FROM svc.applied WHERE event_id = $1', [e.id])).toBe(1);
  });

  it('retries a failing handler with delays, rolls its writes back, then succeeds once', async () => {
    const deliveries: number[] = [];
    const c = consumer(
      'svc-flaky',
      async (e, { manager, deliveryCount }) => {
        deliveries.push(deliveryCount);
        await manager.query('INSERT INTO svc.applied (event_id, office, n) VALUES ($1, $2, $3)', [
          e.id,
          e.office,
          deliveryCount,
        ]);
        if (deliveryCount < 3) throw new Error('database of a partner is down');
      },
      { retryDelaysMs: [200, 400] },
    );
    await c.start();
    const e = widgetEvent('kpu-banten', 7);
    const started = Date.now();
    await publish(e);
    await waitFor(() => c.stats.handled === 1, 10_000, 'success on the third delivery');
    expect(deliveries).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(c.stats.retried).toBe(2);
    // The failed attempts' writes were rolled back with their transaction.
    expect(await h.ds.query('SELECT n FROM svc.applied WHERE event_id = $1', [e.id])).toEqual([{ n: 3 }]);
    expect(await count(`SELECT count(*) AS n FROM svc.dead_letters WHERE consumer = 'svc-flaky'`)).toBe(0);
  });

  it('handles and logs an event with the id of the request that started its chain', async () => {
    const seen: (string | undefined)[] = [];
    const logged: (string | undefined)[] = [];
    const c = consumer(
      'svc-context',
      async (_e, { deliveryCount }) => {
        seen.push(currentContext()?.requestId);
        if (deliveryCount < 2) throw new Error('first try fails');
      },
      {
        retryDelaysMs: [100],
        logger: { ...quiet, warn: () => logged.push(currentContext()?.requestId) },
      },
    );
    await c.start();
    const e = { ...widgetEvent('kpu-banten', 8), correlationId: 'req-from-gateway-0001' };
    await publish(e);
    await waitFor(() => c.stats.handled === 1, 10_000, 'the second delivery');
    expect(seen).toEqual(['req-from-gateway-0001', 'req-from-gateway-0001']);
    expect(logged).toEqual(['req-from-gateway-0001']);
  });

  it('dead-letters an event after its maximum deliveries and acknowledges it', async () => {
    let calls = 0;
    const c = consumer(
      'svc-doomed',
      async () => {
        calls++;
        throw new Error('cannot apply this');
      },
      { maxDeliver: 3, retryDelaysMs: [100] },
    );
    await c.start();
    const e = widgetEvent('kpu-jateng', 1);
    const ack = await publish(e);
    await waitFor(() => c.stats.deadLettered === 1, 10_000, 'dead letter');
    expect(calls).toBe(3);
    const [dl] = await h.ds.query(`SELECT * FROM svc.dead_letters WHERE consumer = 'svc-doomed'`);
    expect(dl).toMatchObject({
      stream: stream(),
      subject: `${h.prefix}.evt.kpu-jateng.content.item-updated`,
      event_id: e.id,
      type: 'content.item-updated',
      office: 'kpu-jateng',
      deliveries: 3,
      raw: null,
    });
    expect(Number(dl.stream_seq)).toBe(ack.seq);
    expect(dl.payload.id).toBe(e.id);
    expect(dl.error).toContain('cannot apply this');
    // Acknowledged: nothing pending for this consumer any more, and nothing applied.
    await waitFor(async () => {
      const info = await h.jsm.consumers.info(stream(), 'svc-doomed');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    expect(await count(`SELECT count(*) AS n FROM svc.inbox WHERE consumer = 'svc-doomed'`)).toBe(0);
  });

  it('dead-letters instead of re-feeding an event whose earlier deliveries never finished', async () => {
    const durable = 'svc-crashloop';
    let calls = 0;
    const c = consumer(
      durable,
      async () => {
        calls++;
      },
      { maxDeliver: 1, ackWaitMs: 500 },
    );
    // Create the durable, then stand in for an instance that took the message and died.
    await c.start();
    await c.stop();
    const e = widgetEvent('kpu-maluku', 1);
    await publish(e);
    const crashed = await h.js.consumers.get(stream(), durable);
    const taken = await crashed.next({ expires: 2000 });
    expect(taken?.info.deliveryCount).toBe(1);
    // Never acknowledged: JetStream redelivers after ack_wait, to the restarted consumer.
    const restarted = consumer(
      durable,
      async () => {
        calls++;
      },
      { maxDeliver: 1, ackWaitMs: 500 },
    );
    await restarted.start();
    await waitFor(() => restarted.stats.deadLettered === 1, 10_000, 'dead letter');
    expect(calls).toBe(0);
    const [dl] = await h.ds.query('SELECT deliveries, error FROM svc.dead_letters WHERE consumer = $1', [
      durable,
    ]);
    expect(dl.deliveries).toBe(2);
    expect(dl.error).toMatch(/not completed within 1 deliveries/);
  });

  it('dead-letters an unreadable message at once', async () => {
    let calls = 0;
    const c = consumer('svc-garbage', async () => {
      calls++;
    });
    await c.start();
    await h.js.publish(`${h.prefix}.evt.kpu-jabar.content.item-updated`, Buffer.from('not json {'));
    await h.js.publish(
      `${h.prefix}.evt.kpu-jabar.content.item-updated`,
      Buffer.from(JSON.stringify({ id: randomUUID(), type: 'content.item-updated', data: {} })),
    );
    await waitFor(() => c.stats.deadLettered === 2, 10_000, 'two dead letters');
    expect(calls).toBe(0);
    const rows = await h.ds.query(
      `SELECT raw, payload, deliveries, error FROM svc.dead_letters WHERE consumer = 'svc-garbage' ORDER BY stream_seq`,
    );
    expect(rows[0]).toMatchObject({ raw: 'not json {', payload: null, deliveries: 1 });
    expect(rows[1].payload.type).toBe('content.item-updated');
    expect(rows[1].error).toMatch(/invalid event/);
  });

  it('delivers only the event types it asked for', async () => {
    const seen: string[] = [];
    const c = consumer(
      'svc-filtered',
      async (e) => {
        seen.push(e.type);
      },
      { types: ['content.item-created', 'content.item-submitted'] },
    );
    await c.start();
    await publish(widgetEvent('kpu-jabar', 1));
    await publish(
      makeEvent('content.item-submitted', {
        office: 'kpu-jabar',
        data: { itemId: 'i', revisionId: 'r', definitionKey: 'publikasi-berita' },
      }),
    );
    await publish(
      makeEvent('content.item-created', {
        office: 'kpu-jabar',
        data: { itemId: 'i', kind: 'news', title: 't', language: 'id', revisionId: 'r' },
      }),
    );
    await waitFor(() => seen.length === 2, 10_000, 'two matching events');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['content.item-submitted', 'content.item-created']);
  });

  it('refuses event types of another domain', () => {
    expect(() =>
      consumer('svc-wrong', async () => undefined, { types: ['runs.run-started' as 'content.item-created'] }),
    ).toThrow(/not in domain content/);
  });

  it('sees each office’s events in the order they were written, through outbox and relay', async () => {
    const writer = new OutboxWriter();
    const relay = new OutboxRelay({
      dataSource: h.ds,
      js: h.js,
      batchSize: 40,
      pollIntervalMs: 100,
      logger: quiet,
    });
    const relay2 = new OutboxRelay({
      dataSource: h.ds,
      js: h.js,
      batchSize: 40,
      pollIntervalMs: 100,
      logger: quiet,
    });
    const seen = new Map<string, number[]>();
    const c = consumer(
      'svc-order',
      async (e) => {
        seen.set(e.office, [...(seen.get(e.office) ?? []), counterOf(e as never)]);
      },
      { types: ['content.item-updated'] },
    );
    await c.start();
    await relay.start();
    await relay2.start();
    try {
      const offices = ['kpu-aceh', 'kpu-papua', 'kpu-bali'];
      await Promise.all(
        offices.map(async (office) => {
          for (let n = 0; n < 100; n += 5) {
            await h.ds.transaction((m) =>
              writer.add(
                m,
                [0, 1, 2, 3, 4].map((i) => widgetEvent(office, n + i)),
              ),
            );
          }
        }),
      );
      await waitFor(() => offices.every((o) => seen.get(o)?.length === 100), 20_000, 'all events consumed');
      for (const o of offices) expect(seen.get(o)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    } finally {
      await relay.stop();
      await relay2.stop();
    }
  });

  it('stops cleanly and resumes where the durable left off', async () => {
    const seen: number[] = [];
    const make = () =>
      consumer(
        'svc-resume',
        async (e) => {
          seen.push(counterOf(e as never));
        },
        { types: ['content.item-updated'] },
      );
    const first = make();
    await first.start();
    await publish(widgetEvent('kpu-ntb', 1));
    await waitFor(() => seen.length === 1);
    await first.stop();
    await publish(widgetEvent('kpu-ntb', 2));
    await publish(widgetEvent('kpu-ntb', 3));
    const second = make();
    await second.start();
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([1, 2, 3]);
  });
});
