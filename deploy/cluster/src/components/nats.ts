import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { probeNats } from '../../../local/src/components/nats';
import { startServerProcess, type ServerProcess } from '../../../local/src/processes';
import { NotReady, waitUntilReady } from '../../../local/src/readiness';
import { StackError, describeError } from '../../../local/src/stack-error';
import type { NatsNodePlan, Topology } from '../topology';

export const NATS_CLUSTER_NAME = 'tatalaman';

/**
 * JetStream's fsync policy. `always`: a message is on disk on a majority of the nodes
 * before the publisher's ack. The default (fsync every 2 minutes) acknowledges writes
 * that a power cut or a crash of the whole host can lose (Jepsen, NATS 2.12.1); the
 * outbox forgets an event once JetStream acked it, so a lost ack is a lost event.
 * docs/operations.md ("NATS durability") has the reasoning and the cost.
 */
export const NATS_SYNC_INTERVAL = 'always';

/** One node's configuration file (nats-server's own format; JSON is a subset it accepts). */
export function natsNodeConfig(
  node: NatsNodePlan,
  all: NatsNodePlan[],
  host: string,
  /** Only the JetStream fsync benchmark passes `'default'` (NATS' own: every 2 minutes). */
  sync: typeof NATS_SYNC_INTERVAL | 'default' = NATS_SYNC_INTERVAL,
): string {
  const config = {
    server_name: node.name,
    host,
    port: node.clientPort,
    http_port: node.monitorPort,
    jetstream: {
      store_dir: node.storeDir,
      ...(sync === 'default' ? {} : { sync_interval: sync }),
    },
    cluster: {
      name: NATS_CLUSTER_NAME,
      host,
      port: node.routePort,
      routes: all.filter((n) => n !== node).map((n) => `nats-route://${host}:${n.routePort}`),
    },
    // A slow consumer on a loaded two-core machine must not be cut off at once.
    write_deadline: '10s',
  };
  return JSON.stringify(config, null, 2) + '\n';
}

/** The URL list the services get: every node, so a client fails over when one dies. */
export const natsUrls = (t: Topology) => t.nats.map((n) => `nats://${t.host}:${n.clientPort}`).join(',');

export interface NatsNode {
  plan: NatsNodePlan;
  process: ServerProcess;
}

/** Starts one node from its configuration file (written anew each time). */
export function startNatsNode(
  binary: string,
  node: NatsNodePlan,
  t: Topology,
  sync: Parameters<typeof natsNodeConfig>[3] = NATS_SYNC_INTERVAL,
): NatsNode {
  mkdirSync(node.storeDir, { recursive: true });
  mkdirSync(dirname(node.configFile), { recursive: true });
  writeFileSync(node.configFile, natsNodeConfig(node, t.nats, t.host, sync));
  const process = startServerProcess(binary, ['-c', node.configFile], join(t.logsDir, `${node.name}.log`));
  return { plan: node, process };
}

/**
 * Ready when each node's /healthz says JetStream is up (a meta leader was elected and the
 * node caught up), then a client round trip through the URL list reaches JetStream.
 */
export async function waitNatsReady(nodes: NatsNode[], t: Topology, timeoutMs: number): Promise<string> {
  for (const n of nodes) {
    try {
      await waitUntilReady(
        async () => {
          const res = await fetch(`http://${t.host}:${n.plan.monitorPort}/healthz`, {
            signal: AbortSignal.timeout(2_000),
          });
          if (!res.ok) throw new Error(`/healthz answered ${res.status}: ${(await res.text()).trim()}`);
        },
        { timeoutMs, abortIf: n.process.exited, intervalMs: 500 },
      );
    } catch (error) {
      const reason = error instanceof NotReady ? error.lastError : describeError(error);
      throw new StackError(
        `NATS node ${n.plan.name} did not become ready on port ${n.plan.clientPort} (${reason}). Its log ` +
          `${n.process.logFile}: ${n.process.logExcerpt()}. ` +
          'If another program holds one of its ports, stop it or move the cluster with CLUSTER_PORT_BASE.',
      );
    }
  }
  const { version } = await waitUntilReady(() => probeNats(natsUrls(t), 2_000), { timeoutMs });
  return version;
}
