// What JetStream's fsync policy costs: the cluster's three nats-server nodes (the pinned
// build, deploy/cluster's configuration) with `sync_interval: always` — every acknowledged
// event on disk on a majority — next to NATS' default (fsync every 2 minutes), on the same
// machine in the same run. Platform-sized events (about 1 KB of JSON) to one R3 stream set
// up as the services set up theirs (ensureStreams, NATS_STREAM_REPLICAS=3), each publish
// awaited for its acknowledgement as the outbox relay does.
// Run: npm run bench -- jetstream-sync [--events N] [--concurrency C]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureStreams, streamSettingsFromEnv } from '@tatalaman/messaging';
import { createLog } from '../../deploy/local/src/log';
import { natsUrls, startNatsNode, waitNatsReady } from '../../deploy/cluster/src/components/nats';
import { ensureTool, goTools } from '../../deploy/cluster/src/tools';
import { freeTopology } from '../../deploy/cluster/src/free-topology';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 2000);
const CONCURRENCY = arg('concurrency', 32);

const payload = new TextEncoder().encode(
  JSON.stringify({
    id: '00000000-0000-4000-8000-000000000000',
    type: 'runs.step-completed',
    office: 'kpu-kota-palu',
    occurredAt: new Date(0).toISOString(),
    data: { note: 'x'.repeat(800), workflowId: 'sop-kpu-kota-palu-0000', stepId: 'penyaringan', seq: 7 },
  }),
);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(policy: 'always' | 'default', binary: string) {
  const dir = mkdtempSync(join(tmpdir(), `tl-bench-nats-${policy}-`));
  const t = await freeTopology(dir);
  const nodes = t.nats.map((n) => startNatsNode(binary, n, t, policy));
  try {
    await waitNatsReady(nodes, t, 60_000);
    const nc = await connect({ servers: natsUrls(t).split(',') });
    const jsm = await jetstreamManager(nc);
    const settings = streamSettingsFromEnv({ NATS_STREAM_REPLICAS: '3' });
    const [info] = await ensureStreams(jsm, ['runs'], { settings, prefix: 'tlbench' });
    const subject = info!.config.subjects[0]!.replace('>', 'kpu-kota-palu.runs.step-completed');
    const js = jetstream(nc, { timeout: 30_000 });
    let n = 0;
    const publish = () => js.publish(subject, payload, { msgID: `e${n++}` });
    for (let i = 0; i < 100; i++) await publish(); // warm-up

    // One at a time: the latency an outbox relay sees per event.
    const latencies: number[] = [];
    const seqStart = performance.now();
    for (let i = 0; i < EVENTS / 4; i++) {
      const t0 = performance.now();
      await publish();
      latencies.push(performance.now() - t0);
    }
    const seqRate = EVENTS / 4 / ((performance.now() - seqStart) / 1000);
    latencies.sort((a, b) => a - b);

    // Many in flight: what the relays of all replicas together can push.
    const concStart = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < EVENTS) {
          sent++;
          await publish();
        }
      }),
    );
    const concRate = EVENTS / ((performance.now() - concStart) / 1000);
    await nc.close();
    return { seqRate, p50: pct(latencies, 50), p99: pct(latencies, 99), concRate };
  } finally {
    await Promise.all(nodes.map((n) => n.process.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const [binary] = (await ensureTool(goTools.nats, createLog('bench'))) as [string];
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  // Alternated twice, so a change of the machine's load meanwhile shows.
  for (const policy of ['always', 'default', 'always', 'default'] as const) {
    const r = await measure(policy, binary);
    console.log(
      `${policy.padEnd(8)} one at a time ${r.seqRate.toFixed(0)} events/s (ack p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms); ${CONCURRENCY} in flight ${r.concRate.toFixed(0)} events/s`,
    );
    results[policy] = r;
  }
  const a = results.always!;
  const d = results.default!;
  console.log(
    `jetstream-sync always_seq=${a.seqRate.toFixed(0)} default_seq=${d.seqRate.toFixed(0)} always_conc=${a.concRate.toFixed(0)} default_conc=${d.concRate.toFixed(0)} always_p99_ms=${a.p99.toFixed(2)} default_p99_ms=${d.p99.toFixed(2)}`,
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
