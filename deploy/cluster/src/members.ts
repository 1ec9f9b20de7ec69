import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNames, type ServiceName } from '@tatalaman/config';
import type { ComponentHandle } from '../../local/src/context';
import type { Log } from '../../local/src/log';
import type { ServerProcess } from '../../local/src/processes';
import { StackError } from '../../local/src/stack-error';
import type { Supervisor } from '../../local/src/supervisor';
import type { Cluster, ClusterState } from './cluster';
import { startNatsNode, waitNatsReady } from './components/nats';
import { startNginx, waitNginxReady } from './components/nginx';
import { prepareTemporal, startTemporalUi } from './components/temporal';
import { replicaName, replicaPort, type Topology } from './topology';

/**
 * The handle startCluster() returns: finds a member's process (a replica's pid file, a
 * server's child, Postgres' postmaster.pid), kills its process group, starts servers again
 * and waits for replicas to come back.
 */
export function clusterHandle(
  t: Topology,
  state: ClusterState,
  servers: Map<string, ServerProcess>,
  supervisor: Supervisor,
  postgres: () => ComponentHandle,
  restartPostgres: () => Promise<void>,
  startTemporal: () => ServerProcess,
  log: Log,
  stop: () => Promise<void>,
): Cluster {
  const replicas = t.replicas.flatMap((r) =>
    serviceNames.map((s) => ({ name: replicaName(s, r.index), service: s as ServiceName, plan: r })),
  );
  const replicaOf = (name: string) => replicas.find((r) => r.name === name);
  const members = () =>
    ['postgres', ...t.nats.map((n) => n.name), ...servers.keys(), ...replicas.map((r) => r.name)].filter(
      (v, i, all) => all.indexOf(v) === i,
    );
  const known = (member: string) => {
    if (!members().includes(member))
      throw new StackError(`No cluster member ${member}; members: ${members().join(', ')}.`);
  };
  const pidOf = (member: string): number | undefined => {
    const file =
      member === 'postgres'
        ? join(t.settings.dataDir, 'postgres', 'postmaster.pid')
        : join(t.runDir, `${member}.pid`);
    if (replicaOf(member) || member === 'postgres') {
      const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : NaN;
      return Number.isInteger(pid) ? pid : undefined;
    }
    return servers.get(member)?.child.pid;
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (condition: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return condition();
  };
  const healthy = async (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );

  const kill = async (member: string, signal: NodeJS.Signals = 'SIGKILL') => {
    known(member);
    const pid = pidOf(member);
    if (pid === undefined || !alive(pid)) return;
    // The whole process group, as a crashed host would lose it: nginx's workers and
    // Postgres' backends go with their master (every member was started as a group leader).
    try {
      process.kill(-pid, signal);
    } catch {
      process.kill(pid, signal);
    }
    if (!(await until(() => !alive(pid), 30_000)))
      throw new StackError(`${member} (pid ${pid}) did not exit after ${signal}.`);
  };

  return {
    topology: t,
    state,
    members,
    kill,
    async restart(member) {
      known(member);
      const replica = replicaOf(member);
      if (replica) {
        const before = pidOf(member);
        await kill(member, 'SIGTERM');
        const url = `http://${t.host}:${replicaPort(replica.plan, replica.service)}/health`;
        const back = await until(() => pidOf(member) !== before, 30_000);
        const deadline = Date.now() + 120_000;
        while (back && !(await healthy(url)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 250));
        if (!back || !(await healthy(url))) throw new StackError(`${member} did not come back healthy.`);
        return;
      }
      if (member === 'postgres') {
        await postgres().stop();
        await restartPostgres();
        return;
      }
      const server = servers.get(member);
      if (server && !server.exited()) await server.stop('SIGTERM', 20_000);
      if (member === 'temporal') {
        const next = startTemporal();
        servers.set('temporal', next);
        await prepareTemporal(state.env.TEMPORAL_ADDRESS!, state.env.TEMPORAL_NAMESPACE!, next, 120_000, log);
      } else if (member.startsWith('nats-')) {
        const plan = t.nats.find((n) => n.name === member)!;
        const binary = server!.child.spawnfile;
        const node = startNatsNode(binary, plan, t);
        servers.set(member, node.process);
        await waitNatsReady([node], t, 120_000);
      } else if (member === 'nginx' || member === 'temporal-ui') {
        const binary = server!.child.spawnfile;
        const next =
          member === 'nginx'
            ? startNginx(binary, t)
            : startTemporalUi(binary, t, t.temporal.uiPort, state.env.TEMPORAL_NAMESPACE!);
        servers.set(member, next);
        if (member === 'nginx') await waitNginxReady(next, t, 60_000);
      }
    },
    async waitHealthy(timeoutMs = 120_000) {
      return supervisor.waitHealthy(timeoutMs);
    },
    stop,
  };
}
