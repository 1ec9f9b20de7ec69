import { createServer } from 'node:net';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadConfig } from '@tatalaman/config';
import { stackEnv } from '@tatalaman/testing';
import { probeNats } from '../src/components/nats';
import { planPostgres, probePostgres } from '../src/components/postgres';
import { probeTemporal } from '../src/components/temporal';
import { portIsFree } from '../src/ports';
import { NotReady, waitUntilReady } from '../src/readiness';

describe('the running stack answers real calls', () => {
  const env = stackEnv();

  it('Postgres runs a query', async () => {
    expect(await probePostgres(env.databaseUrl)).toMatch(/^PostgreSQL \d+/);
  });

  it('NATS has JetStream: a message goes into a stream and comes back out', async () => {
    expect((await probeNats(env.natsUrl)).version).toMatch(/^\d+\.\d+/);
    const nc = await connect({ servers: env.natsUrl });
    const name = `${process.env.NATS_PREFIX}_READINESS`.toUpperCase();
    const subject = `${process.env.NATS_PREFIX}.readiness`;
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.add({ name, subjects: [subject] });
      await jetstream(nc).publish(subject, 'ping');
      await jsm.consumers.add(name, { durable_name: 'probe', ack_policy: AckPolicy.Explicit });
      const consumer = await jetstream(nc).consumers.get(name, 'probe');
      const message = await consumer.next({ expires: 5_000 });
      expect(message?.string()).toBe('ping');
      message?.ack();
    } finally {
      await jsm.streams.delete(name).catch(() => undefined);
      await nc.close();
    }
  });

  it('Temporal reports its version and knows the namespace', async () => {
    expect(await probeTemporal(env.temporalAddress, env.temporalNamespace)).toMatch(/^\d+\.\d+/);
  });
});

describe('choosing where Postgres comes from', () => {
  it('uses DATABASE_URL when the operator set it', () => {
    const url = 'postgres://u@db.example:5432/x';
    const plan = planPostgres({
      config: loadConfig({ DATABASE_URL: url }),
      explicit: (n) => n === 'DATABASE_URL',
    });
    expect(plan).toEqual({ mode: 'external', url });
  });

  it('falls back to the embedded server when DATABASE_URL is unset', () => {
    const plan = planPostgres({
      config: loadConfig({ EMBEDDED_POSTGRES_PORT: '6543' }),
      explicit: () => false,
    });
    expect(plan).toEqual({
      mode: 'embedded',
      port: 6543,
      url: 'postgres://postgres:postgres@127.0.0.1:6543/tatalaman',
    });
  });
});

describe('readiness waiting', () => {
  it('retries until the probe succeeds', async () => {
    let calls = 0;
    const value = await waitUntilReady(
      async () => {
        if (++calls < 3) throw new Error('not yet');
        return 'up';
      },
      { timeoutMs: 5_000, intervalMs: 10 },
    );
    expect([value, calls]).toEqual(['up', 3]);
  });

  it('gives up at the timeout with the last error', async () => {
    await expect(
      waitUntilReady(() => Promise.reject(new Error('refused')), { timeoutMs: 100, intervalMs: 10 }),
    ).rejects.toEqual(new NotReady('refused', 'timeout'));
  });

  it('stops early when the server process died', async () => {
    await expect(
      waitUntilReady(() => Promise.reject(new Error('refused')), {
        timeoutMs: 5_000,
        abortIf: () => 'exited with code 1',
      }),
    ).rejects.toMatchObject({ reason: 'aborted', lastError: 'exited with code 1' });
  });

  it('tells a taken port from a free one', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    expect(await portIsFree('127.0.0.1', port)).toBe(false);
    await new Promise((r) => server.close(r));
    expect(await portIsFree('127.0.0.1', port)).toBe(true);
  });
});
