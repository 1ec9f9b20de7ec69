import type { Log } from '../../local/src/log';
import type { Cluster } from './cluster';

/**
 * A fire drill on a running cluster through its module API: each member kind in turn is
 * killed with SIGKILL (a replica comes back through its supervisor; a server is started
 * again), and the time until the platform answers healthy again through nginx and every
 * replica's /health is measured. Not a benchmark (no load while it happens): the proof
 * that the API a chaos benchmark needs works on every kind of member.
 */
export const DRILL_MEMBERS = [
  'gateway-1',
  'worker-1',
  'publishing-2',
  'nats-2',
  'temporal',
  'nginx',
  'postgres',
];

export async function drill(cluster: Cluster, log: Log): Promise<{ member: string; seconds: number }[]> {
  const results: { member: string; seconds: number }[] = [];
  for (const member of DRILL_MEMBERS) {
    const started = Date.now();
    await cluster.kill(member, 'SIGKILL');
    if (!/-\d$/.test(member) || member.startsWith('nats-')) await cluster.restart(member);
    const late = await cluster.waitHealthy(180_000);
    if (late.length) throw new Error(`after killing ${member}, not healthy again: ${late.join(', ')}`);
    const edge = await fetch(`${cluster.state.gatewayUrl}/health`, { signal: AbortSignal.timeout(5_000) });
    if (!edge.ok) throw new Error(`after killing ${member}, nginx answers ${edge.status} for the gateway`);
    const seconds = (Date.now() - started) / 1000;
    results.push({ member, seconds });
    log.info(`drill: ${member} killed and healthy again in ${seconds.toFixed(1)} s`);
  }
  return results;
}
