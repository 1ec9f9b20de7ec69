import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm, StorageType } from '@nats-io/obj';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, streamSettingsFromEnv } from '@tatalaman/messaging';
import { BUILD_TIMEOUT_MS, progressLog } from './progress-log';
import { root } from '../../local/src/workspace';
import { natsUrls, startNatsNode, waitNatsReady, type NatsNode } from '../src/components/nats';
import type { Topology } from '../src/topology';
import { ensureTool, goTools } from '../src/tools';
import { freeTopology } from '../src/free-topology';

// The cluster's three nats-server nodes (the pinned build, the generated configuration)
// with the platform's own stream set-up at NATS_STREAM_REPLICAS=3.

let binary: string;
let dir: string;
let t: Topology;
let nodes: NatsNode[];
let nc: NatsConnection;

beforeAll(async () => {
  [binary] = (await ensureTool(goTools.nats, progressLog)) as [string];
  dir = mkdtempSync(join(tmpdir(), 'tl-nats-'));
  t = await freeTopology(dir);
  nodes = t.nats.map((n) => startNatsNode(binary, n, t));
  await waitNatsReady(nodes, t, 60_000);
  nc = await connect({ servers: natsUrls(t).split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await nc?.close();
  await Promise.all((nodes ?? []).map((n) => n.process.stop()));
  rmSync(dir, { recursive: true, force: true });
});

it('syncs every write to disk before acknowledging it, on every node', async () => {
  for (const n of t.nats) {
    const varz = (await (await fetch(`http://${t.host}:${n.monitorPort}/varz`)).json()) as {
      jetstream: { config: { sync_always?: boolean } };
    };
    expect([n.name, varz.jetstream.config.sync_always]).toEqual([n.name, true]);
  }
});

it("keeps the platform's streams at three replicas, and an acknowledged event survives the loss of the stream's leader", async () => {
  const jsm = await jetstreamManager(nc);
  const settings = { ...streamSettingsFromEnv({ NATS_STREAM_REPLICAS: '3' }) };
  const [info] = await ensureStreams(jsm, ['runs'], { settings, prefix: 'tlclustertest' });
  expect(info!.config.num_replicas).toBe(3);
  const stream = info!.config.name;
  const subject = info!.config.subjects[0]!.replace('>', 'kpu-kota-palu.runs.step-opened');
  const js = jetstream(nc, { timeout: 10_000 });
  const publish = async (id: string) => {
    const h = headers();
    h.set('Nats-Msg-Id', id);
    // As the outbox relay does: retry with the same id until acknowledged.
    for (;;) {
      try {
        return await js.publish(subject, new TextEncoder().encode(id), { headers: h, msgID: id });
      } catch {
        await sleep(250);
      }
    }
  };
  for (let i = 0; i < 20; i++) await publish(`before-${i}`);

  const leader = (await jsm.streams.info(stream)).cluster!.leader!;
  const killed = nodes.find((n) => n.plan.name === leader)!;
  killed.process.child.kill('SIGKILL');
  await new Promise((r) => killed.process.child.once('exit', r));
  for (let i = 0; i < 20; i++) await publish(`after-${i}`);

  // Back again, the node catches up; nothing acknowledged is missing, nothing doubled.
  const again = startNatsNode(binary, killed.plan, t);
  nodes[nodes.indexOf(killed)] = again;
  await waitNatsReady([again], t, 60_000);
  const deadline = Date.now() + 60_000;
  let current = false;
  while (!current && Date.now() < deadline) {
    const c = (await jsm.streams.info(stream)).cluster!;
    current =
      c.leader !== undefined && (c.replicas ?? []).length === 2 && c.replicas!.every((r) => r.current);
    if (!current) await sleep(500);
  }
  expect(current).toBe(true);
  const dup = await publish('before-3');
  expect(dup.duplicate).toBe(true);
  expect((await jsm.streams.info(stream)).state.messages).toBe(40);
});

it('lets the services create their media buckets with replicas (content, publishing)', async () => {
  // With strict mode on (the default): @nats-io/obj turns `replicas` into the stream's num_replicas.
  const os = await new Objm(nc).create('tlclustertest-media', { storage: StorageType.File, replicas: 3 });
  await os.putBlob({ name: 'kpu-kota-palu/a' }, new TextEncoder().encode('isi berkas'));
  expect(new TextDecoder().decode((await os.getBlob('kpu-kota-palu/a'))!)).toBe('isi berkas');
  expect((await os.status()).replicas).toBe(3);
});

it("compose's NATS configuration is valid for the pinned nats-server and syncs always", () => {
  const result = spawnSync(binary, ['-c', join(root, 'deploy/compose/nats.conf'), '-t'], {
    encoding: 'utf8',
    env: { ...process.env, NATS_SERVER_NAME: 'nats-1' },
  });
  expect(result.stderr + result.stdout).toContain('is valid');
  expect(
    spawnSync('grep', ['-c', 'sync_interval: always', join(root, 'deploy/compose/nats.conf')]).status,
  ).toBe(0);
});
