import { portIsFree } from '../../local/src/ports';
import { clusterSettings, planTopology, plannedPorts, type Topology } from './topology';

/**
 * A topology for a test or a benchmark on a port base nothing listens on: bases from 10000 to 16000,
 * below the OS's ephemeral ports and the end-to-end tests' random ones (20000+), and
 * away from the cluster's own default (17000).
 */
export async function freeTopology(dataDir: string, replicas = 2): Promise<Topology> {
  const bases = [10, 11, 12, 13, 14, 15, 16].map((k) => k * 1000).sort(() => Math.random() - 0.5);
  for (const base of bases) {
    const t = planTopology(
      clusterSettings({ CLUSTER_PORT_BASE: String(base), CLUSTER_REPLICAS: String(replicas) }, dataDir),
    );
    const free = await Promise.all(plannedPorts(t).map((p) => portIsFree(t.host, p.port, 300)));
    if (free.every(Boolean)) return t;
  }
  throw new Error('No free block of 1000 ports between 10000 and 17000 for the test.');
}
