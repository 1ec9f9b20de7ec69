import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { domainStreamName, makeEvent } from '@tatalaman/contracts';
import { ensureStreams, OutboxError, OutboxRelay, OutboxWriter } from '../src';
import { counterOf, type Harness, harness, quiet, streamMessages, waitFor, widgetEvent } from './helpers';

describe('transactional outbox', () => {
  let h: Harness;
  const writer = new OutboxWriter();
  const stream = () => domainStreamName('content');

  beforeAll(async () => {
    h = await harness('outbox');
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.ds.query('TRUNCATE svc.outbox, svc.widgets');
    await h.jsm.streams.purge(stream());
  });

  const pending = async () =>
    Number((await h.ds.query('SELECT count(*) AS n FROM svc.outbox WHERE published_at IS NULL'))[0].n);

  it('commits the business row and its event together, or neither', async () => {
    const id = randomUUID();
    await h.ds.transaction(async (m) => {
      await m.query('INSERT INTO svc.widgets (id, office, name) VALUES ($1, $2, $3)', [id, 'kpu-jabar', 'w']);
      await writer.add(m, widgetEvent('kpu-jabar', 1));
    });
    await expect(
      h.ds.transaction(async (m) => {
        await m.query('INSERT INTO svc.widgets (id, office, name) VALUES ($1, $2, $3)', [
          randomUUID(),
          'kpu-jabar',
          'x',
        ]);
        await writer.add(m, [widgetEvent('kpu-jabar', 2), widgetEvent('kpu-jabar', 3)]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const widgets = await h.ds.query('SELECT name FROM svc.widgets');
    const events = await h.ds.query('SELECT type, office, subject, payload FROM svc.outbox');
    expect(widgets).toEqual([{ name: 'w' }]);
    expect(events).toHaveLength(1);
    expect(events[0].subject).toBe(`${h.prefix}.evt.kpu-jabar.content.item-updated`);
    expect(counterOf(events[0].payload)).toBe(1);
  });

  it('refuses to write outside a transaction, or a bad or oversized event', async () => {
    await expect(writer.add(h.ds.manager, widgetEvent('kpu-jabar', 1))).rejects.toThrow(OutboxError);
    await expect(
      h.ds.transaction((m) => writer.add(m, { ...widgetEvent('kpu-jabar', 1), office: 'Not A Slug' })),
    ).rejects.toThrow(/office/);
    const huge = makeEvent('content.item-updated', {
      office: 'kpu-jabar',
      data: { itemId: 'i', changedFields: Array.from({ length: 100_000 }, (_, i) => `field-${i}`) },
    });
    await expect(h.ds.transaction((m) => writer.add(m, huge))).rejects.toThrow(/bytes; the limit/);
    expect(await pending()).toBe(0);
  });

  it('stores an event whose text has a NUL or a lone surrogate, as Postgres stores such text', async () => {
    const event = makeEvent('content.item-updated', {
      office: 'kpu-jabar',
      data: { itemId: 'i', changedFields: ['judul\ud800', 'isi\u0000', 'Pemilu 🗳️'] },
    });
    await h.ds.transaction((m) => writer.add(m, event));
    const [row] = await h.ds.query('SELECT payload FROM svc.outbox');
    expect(row.payload.data.changedFields).toEqual(['judul\ufffd', 'isi\ufffd', 'Pemilu 🗳️']);
  });

  it('publishes every row once, with the event id as Nats-Msg-Id, and marks it', async () => {
    const events = Array.from({ length: 50 }, (_, i) => widgetEvent(i % 2 ? 'kpu-jabar' : 'kpu-dki', i));
    await h.ds.transaction((m) => writer.add(m, events));
    const relay = new OutboxRelay({ dataSource: h.ds, js: h.js, listen: false, logger: quiet });
    await relay.flush();
    const msgs = await streamMessages(h.js, h.jsm, stream());
    expect(msgs.map((m) => m.msgId)).toEqual(events.map((e) => e.id));
    expect(msgs.map((m) => m.body.id)).toEqual(events.map((e) => e.id));
    expect(relay.stats).toMatchObject({ published: 50, duplicates: 0, failed: 0 });
    expect(await pending()).toBe(0);
    const rows = await h.ds.query('SELECT attempts, last_error FROM svc.outbox');
    expect(
      rows.every((r: { attempts: number; last_error: null }) => r.attempts === 1 && r.last_error === null),
    ).toBe(true);
  });

  it('publishes exactly once across a crash between publishing and marking', async () => {
    const events = Array.from({ length: 20 }, (_, i) => widgetEvent('kpu-sulteng', i));
    await h.ds.transaction((m) => writer.add(m, events));

    let published: string[] = [];
    const crashing = new OutboxRelay({
      dataSource: h.ds,
      js: h.js,
      listen: false,
      logger: quiet,
      beforeMark: async (ids) => {
        published = ids;
        throw new Error('process killed');
      },
    });
    await expect(crashing.publishBatch()).rejects.toThrow('process killed');
    expect(published).toHaveLength(20);
    expect((await h.jsm.streams.info(stream())).state.messages).toBe(20);
    expect(await pending()).toBe(20);

    // The restarted relay publishes the same rows again; JetStream keeps one copy of each.
    const restarted = new OutboxRelay({ dataSource: h.ds, js: h.js, listen: false, logger: quiet });
    await restarted.flush();
    expect(restarted.stats).toMatchObject({ published: 20, duplicates: 20 });
    expect(await pending()).toBe(0);
    const msgs = await streamMessages(h.js, h.jsm, stream());
    expect(msgs.map((m) => m.body.id)).toEqual(events.map((e) => e.id));
  });

  it('never publishes a row twice with two relays running, and keeps each office in order', async () => {
    const offices = ['kpu-jabar', 'kpu-dki', 'kpu-jateng', 'kpu-sulteng', 'kpu-banten'];
    const relays = [1, 2].map(
      () =>
        new OutboxRelay({
          dataSource: h.ds,
          js: h.js,
          batchSize: 50,
          pollIntervalMs: 200,
          concurrency: 2,
          logger: quiet,
        }),
    );
    await Promise.all(relays.map((r) => r.start()));
    try {
      // Writers commit concurrently while both relays run.
      const perOffice = 300;
      await Promise.all(
        offices.map(async (office) => {
          for (let n = 0; n < perOffice; n += 10) {
            await h.ds.transaction((m) =>
              writer.add(
                m,
                Array.from({ length: 10 }, (_, i) => widgetEvent(office, n + i)),
              ),
            );
          }
        }),
      );
      const total = offices.length * perOffice;
      await waitFor(async () => (await pending()) === 0, 30_000, 'outbox to drain');
      await waitFor(() => relays[0]!.stats.published + relays[1]!.stats.published === total, 5000, 'stats');

      expect(relays.map((r) => r.stats.duplicates)).toEqual([0, 0]);
      expect(relays.map((r) => r.stats.failed)).toEqual([0, 0]);
      // Both relays did part of the work (offices are shared out by advisory locks).
      expect(relays.every((r) => r.stats.published > 0)).toBe(true);

      const msgs = await streamMessages(h.js, h.jsm, stream());
      expect(msgs).toHaveLength(total);
      expect(new Set(msgs.map((m) => m.body.id)).size).toBe(total);
      for (const office of offices) {
        const seen = msgs.filter((m) => m.body.office === office).map((m) => counterOf(m.body));
        expect(seen).toEqual(Array.from({ length: perOffice }, (_, i) => i));
      }
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });

  it('wakes on NOTIFY instead of waiting for the next poll', async () => {
    const relay = new OutboxRelay({ dataSource: h.ds, js: h.js, pollIntervalMs: 60_000, logger: quiet });
    await relay.start();
    try {
      await new Promise((r) => setTimeout(r, 200)); // let the first (empty) batch pass
      const started = Date.now();
      await h.ds.transaction((m) => writer.add(m, widgetEvent('kpu-jabar', 1)));
      await waitFor(async () => (await pending()) === 0, 5000, 'publish after NOTIFY');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await relay.stop();
    }
  });

  it('keeps failed rows pending, retries with backoff, and publishes them in order once JetStream takes them', async () => {
    await h.jsm.streams.delete(stream());
    const relay = new OutboxRelay({
      dataSource: h.ds,
      js: h.js,
      listen: false,
      pollIntervalMs: 100,
      publishTimeoutMs: 1000,
      backoff: { initialMs: 100, maxMs: 400 },
      logger: quiet,
    });
    const events = Array.from({ length: 30 }, (_, i) => widgetEvent('kpu-jabar', i));
    await h.ds.transaction((m) => writer.add(m, events));
    await relay.start();
    try {
      await waitFor(() => relay.stats.failed >= 30, 10_000, 'failed attempts');
      // The relay counts a failure before its transaction commits the row's attempt: wait for the row.
      let row: { attempts: number; last_error: string | null } | undefined;
      await waitFor(
        async () => {
          row = (await h.ds.query('SELECT attempts, last_error FROM svc.outbox ORDER BY seq LIMIT 1'))[0];
          return row!.attempts >= 1;
        },
        5_000,
        'the failed attempt recorded on the row',
      );
      expect(row!.last_error).toMatch(/no responders|503|stream/i);
      expect(await pending()).toBe(30);

      await ensureStreams(h.jsm, ['content']);
      await waitFor(async () => (await pending()) === 0, 15_000, 'publish after recovery');
    } finally {
      await relay.stop();
    }
    const msgs = await streamMessages(h.js, h.jsm, stream());
    expect(msgs.map((m) => counterOf(m.body))).toEqual(events.map((_, i) => i));
  });

  it('keeps going when its database connections are killed', async () => {
    const relay = new OutboxRelay({ dataSource: h.ds, js: h.js, pollIntervalMs: 100, logger: quiet });
    await relay.start();
    try {
      await h.ds.transaction((m) => writer.add(m, widgetEvent('kpu-jabar', 1)));
      await waitFor(async () => (await pending()) === 0, 5000, 'first publish');
      // What a Postgres restart or failover does to the pool and the LISTEN connection.
      const admin = new Client({ connectionString: h.db.url });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      const write = async () => {
        // The test's own pooled connections died too: retry like a service would.
        for (let i = 0; ; i++) {
          try {
            return await h.ds.transaction((m) => writer.add(m, widgetEvent('kpu-jabar', 2)));
          } catch (e) {
            if (i >= 10) throw e;
          }
        }
      };
      await write();
      await waitFor(async () => (await pending()) === 0, 15_000, 'publish after the connections died');
      expect(relay.stats.published).toBe(2);
    } finally {
      await relay.stop();
    }
  });

  it('publishes a backlog at a useful rate', async () => {
    const count = 10_000;
    const offices = Array.from({ length: 20 }, (_, i) => `kpu-${i}`);
    for (let i = 0; i < count; i += 1000) {
      await h.ds.transaction((m) =>
        writer.add(
          m,
          Array.from({ length: 1000 }, (_, j) => widgetEvent(offices[(i + j) % offices.length]!, i + j)),
        ),
      );
    }
    const relay = new OutboxRelay({
      dataSource: h.ds,
      js: h.js,
      listen: false,
      pollIntervalMs: 20,
      logger: quiet,
    });
    const started = process.hrtime.bigint();
    await relay.start();
    try {
      await waitFor(() => relay.stats.published === count, 60_000, 'backlog published');
    } finally {
      await relay.stop();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = Math.round(count / seconds);
    console.log(`outbox relay: ${count} events in ${seconds.toFixed(2)} s = ${rate} events/s`);
    expect(relay.stats.published).toBe(count);
    expect((await h.jsm.streams.info(stream())).state.messages).toBe(count);
    // Batched, not row by row (the rate itself depends on the machine and what else runs).
    expect(relay.stats.batches).toBeLessThanOrEqual(Math.ceil(count / 500) + 5);
    expect(rate).toBeGreaterThan(200);
  });
});
