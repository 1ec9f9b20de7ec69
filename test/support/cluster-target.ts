import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceNames } from '@tatalaman/config';
import { clusterDataDir, readClusterState } from '../../deploy/cluster/src/cluster';
import { planTopology, clusterSettings, replicaName, replicaPort } from '../../deploy/cluster/src/topology';
import type { PlatformInfo } from './platform-info';

/**
 * `E2E_TARGET=cluster`: the end-to-end tests run against the cluster `npm run cluster`
 * keeps running (nginx in front of two replicas of every service, 3 NATS nodes, the
 * Temporal server) instead of starting a platform of their own. The tests reach it as
 * the public does, through nginx; the fault tests kill replica 1 of each service (its
 * supervisor restarts it while replica 2 carries on). Nothing is stopped or dropped at
 * the end: the cluster is not the tests' to stop.
 */
export async function runningClusterInfo(): Promise<PlatformInfo> {
  const dir = clusterDataDir();
  const state = readClusterState(dir);
  if (!state) {
    throw new Error(
      `E2E_TARGET=cluster but no cluster is running from this folder (no ${join(dir, 'cluster.json')}). ` +
        'Start one with `npm run cluster` in another terminal and wait for "The Tata Laman cluster is running".',
    );
  }
  const topology = planTopology(clusterSettings(process.env, dir));
  const first = topology.replicas[0]!;
  // The fault tests find a service's pid at <pidDir>/<service>.pid: point those at replica 1.
  const pidDir = mkdtempSync(join(tmpdir(), 'tatalaman-e2e-cluster-'));
  mkdirSync(pidDir, { recursive: true });
  for (const s of serviceNames) {
    symlinkSync(join(state.runDir, `${replicaName(s, first.index)}.pid`), join(pidDir, `${s}.pid`));
  }
  const healthUrls = Object.fromEntries(
    serviceNames.map((s) => [s, `http://${topology.host}:${replicaPort(first, s)}/health`]),
  );
  for (const [name, url] of [['nginx (API)', `${state.gatewayUrl}/health`], ...Object.entries(healthUrls)]) {
    const ok = await fetch(url!, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!ok)
      throw new Error(
        `E2E_TARGET=cluster: ${name} does not answer healthy at ${url}. Is the cluster still starting?`,
      );
  }
  return {
    gatewayUrl: state.gatewayUrl,
    publicSiteUrl: state.publicSiteUrl,
    dataDir: dir,
    pidDir,
    natsPrefix: state.env.NATS_PREFIX!,
    taskQueue: state.env.TEMPORAL_TASK_QUEUE!,
    databaseUrl: state.env.DATABASE_URL!,
    natsUrl: state.env.NATS_URL!,
    temporalAddress: state.env.TEMPORAL_ADDRESS!,
    demoPassword: state.demoPassword,
    supervisorPid: state.pid,
    healthUrls,
    external: true,
  };
}
