import { DOMAINS, domainStreamName, eventSubject, natsPrefix } from '@tatalaman/contracts';
import { isolatedNatsPrefix, stackEnv } from '@tatalaman/testing';
import { jetstream, jetstreamManager, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection, RequestError } from '@nats-io/transport-node';
import {
  closeNats,
  connectNats,
  ensureStreams,
  NatsUnavailable,
  serverAtLeast,
  streamSettingsFromEnv,
} from '../src';
import { deleteStreams, quiet } from './helpers';

describe('streams', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const other = isolatedNatsPrefix('other');

  beforeAll(async () => {
    nc = await connectNats({ url: stackEnv().natsUrl, name: 'test-streams', logger: quiet });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await deleteStreams(jsm, natsPrefix());
    await deleteStreams(jsm, other);
    await closeNats(nc);
  });

  it('creates one file-backed stream per domain with a 2-minute duplicate window', async () => {
    const infos = await ensureStreams(jsm, DOMAINS, {
      settings: { replicas: 1, maxAgeMs: 0, duplicateWindowMs: 120_000 },
    });
    expect(infos.map((i) => i.config.name)).toEqual(DOMAINS.map((d) => domainStreamName(d)));
    const content = await jsm.streams.info(domainStreamName('content'));
    expect(content.config).toMatchObject({
      subjects: [`${natsPrefix()}.evt.*.content.>`],
      storage: StorageType.File,
      retention: 'limits',
      duplicate_window: nanos(120_000),
      max_age: 0,
      num_replicas: 1,
    });
  });

  it('is idempotent, and updates what changed', async () => {
    const before = await jsm.streams.info(domainStreamName('runs'));
    await ensureStreams(jsm, ['runs', 'runs']);
    const same = await jsm.streams.info(domainStreamName('runs'));
    expect(same.created).toBe(before.created);
    await ensureStreams(jsm, ['runs'], {
      settings: { replicas: 1, maxAgeMs: 86_400_000, duplicateWindowMs: 120_000 },
    });
    const after = await jsm.streams.info(domainStreamName('runs'));
    expect(after.created).toBe(before.created);
    expect(after.config.max_age).toBe(nanos(86_400_000));
  });

  it('refuses to silently change the storage of an existing stream', async () => {
    await jsm.streams.add({
      name: domainStreamName('identity', other),
      subjects: [`${other}.evt.*.identity.>`],
      storage: StorageType.Memory,
    });
    await expect(ensureStreams(jsm, ['identity'], { prefix: other })).rejects.toThrow(
      /cannot change in place/,
    );
  });

  it('captures only its own prefix', async () => {
    const js = jetstream(nc);
    await ensureStreams(jsm, ['approvals']);
    const ack = await js.publish(eventSubject('kpu-jabar', 'approvals', 'task-claimed'), 'x');
    expect(ack.stream).toBe(domainStreamName('approvals'));
    // No stream of this file's prefix captures another prefix's subjects: nobody answers the
    // publish (the client reports that as "jetstream is not enabled", caused by no responders).
    const refused = await js.publish(eventSubject('kpu-jabar', 'approvals', 'task-claimed', other), 'x').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(refused?.cause).toBeInstanceOf(RequestError);
    expect((refused!.cause as RequestError).isNoResponders()).toBe(true);
  });

  it('reads replicas and retention from the environment', () => {
    expect(streamSettingsFromEnv({})).toEqual({ replicas: 1, maxAgeMs: 0, duplicateWindowMs: 120_000 });
    expect(streamSettingsFromEnv({ NATS_STREAM_REPLICAS: '3', NATS_STREAM_MAX_AGE: '90d' })).toMatchObject({
      replicas: 3,
      maxAgeMs: 90 * 86_400_000,
    });
    expect(streamSettingsFromEnv({ NATS_STREAM_MAX_AGE: '12h' }).maxAgeMs).toBe(12 * 3_600_000);
    expect(() => streamSettingsFromEnv({ NATS_STREAM_REPLICAS: '0' })).toThrow(/NATS_STREAM_REPLICAS/);
    expect(() => streamSettingsFromEnv({ NATS_STREAM_MAX_AGE: 'a year' })).toThrow(/NATS_STREAM_MAX_AGE/);
  });

  it('knows the server version', () => {
    expect(serverAtLeast(nc, '2.9.0')).toBe(true);
    expect(serverAtLeast(nc, '99.0.0')).toBe(false);
  });

  it('explains an unreachable server', async () => {
    await expect(
      connectNats({ url: 'nats://127.0.0.1:1', name: 'nobody', timeoutMs: 500, logger: quiet }),
    ).rejects.toThrow(NatsUnavailable);
    await expect(
      connectNats({ url: 'nats://127.0.0.1:1', name: 'nobody', timeoutMs: 500, logger: quiet }),
    ).rejects.toThrow(/NATS is not reachable at nats:\/\/127\.0\.0\.1:1.*NATS_URL/);
  });
});
