import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, loadConfig, readDotEnv, serviceNames, ConfigError, type Config } from '@tatalaman/config';
import { build } from '../../local/src/commands/start';
import type { ComponentHandle } from '../../local/src/context';
import { createLog, type Log } from '../../local/src/log';
import { portIsFree } from '../../local/src/ports';
import type { ServerProcess } from '../../local/src/processes';
import { StackError, describeError } from '../../local/src/stack-error';
import { runStep, Supervisor } from '../../local/src/supervisor';
import { distEntry, nodeBin } from '../../local/src/workspace';
import { startClusterPostgres } from './components/postgres';
import { natsUrls, startNatsNode, waitNatsReady, type NatsNode } from './components/nats';
import {
  loginOf,
  prepareTemporal,
  setUpTemporalSchema,
  startTemporalServer,
  startTemporalUi,
} from './components/temporal';
import { ensureNginx, startNginx, waitNginxReady } from './components/nginx';
import {
  clusterSettings,
  ClusterSettingsError,
  planTopology,
  plannedPorts,
  replicaName,
  replicaPort,
  type ReplicaPlan,
  type Topology,
} from './topology';
import { clusterHandle } from './members';
import { ensureTool, goTools } from './tools';

/**
 * The whole hosted topology on one machine, as a module: `startCluster()` brings it up
 * and returns a handle that stops it, and that kills and restarts any one member (a
 * service replica, a NATS node, the Temporal server, Postgres, nginx), for the CLI and
 * for benchmarks that break things on purpose.
 */

export interface ClusterOptions {
  log?: Log;
  /** Environment to read the platform's and the cluster's settings from (default: .env + process.env). */
  env?: NodeJS.ProcessEnv;
  /** Seed the demo offices and people (as `npm start` does). Default true. */
  seedDemo?: boolean;
}

/** What a client of the cluster (a test, a benchmark) needs to reach it. */
export interface ClusterState {
  pid: number;
  startedAt: string;
  gatewayUrl: string;
  publicSiteUrl: string;
  temporalUiUrl?: string;
  /** The variables a process needs to talk to the cluster's servers as the services do. */
  env: Record<string, string>;
  demoPassword: string;
  /** Sign-ins per minute per IP the gateways allow (the end-to-end tests need many). */
  runDir: string;
  members: string[];
}

export interface Cluster {
  topology: Topology;
  state: ClusterState;
  /** Every member's name: postgres, nats-1…3, temporal, temporal-ui, nginx, <service>-<n>. */
  members(): string[];
  /**
   * Sends `signal` (SIGKILL by default) to one member and waits until it has exited. A
   * service replica is restarted by the supervisor (as after a crash); a server stays
   * down until `restart()`.
   */
  kill(member: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a server member again (stopping it first if it runs) and waits until it is ready; a replica: stop, then wait until its supervisor restarted it and it is healthy. */
  restart(member: string): Promise<void>;
  /** Waits until every service replica answers its health check; returns those that did not in time. */
  waitHealthy(timeoutMs?: number): Promise<string[]>;
  stop(): Promise<void>;
}

export function clusterDataDir(env: NodeJS.ProcessEnv = { ...readDotEnv(), ...process.env }): string {
  return clusterSettings(env, join(dataDir(loadConfigOrFail(env)), 'cluster')).dataDir;
}

function loadConfigOrFail(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new StackError(error.message);
    throw error;
  }
}

export function readClusterState(dir: string): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/** One secret for every gateway replica (tokens signed by one are accepted by the other), kept in the data folder. */
function authSecret(dir: string, config: Config): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = join(dir, 'secrets', 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function refuseTakenPorts(t: Topology): Promise<void> {
  const taken: string[] = [];
  for (const { name, port } of plannedPorts(t)) {
    if (!(await portIsFree(t.host, port))) taken.push(`${port} (${name})`);
  }
  if (taken.length) {
    throw new StackError(
      `Port${taken.length > 1 ? 's' : ''} ${taken.slice(0, 6).join(', ')}${taken.length > 6 ? ` and ${taken.length - 6} more` : ''} ` +
        'already in use: is a cluster already running (`npm run cluster` in another terminal)? Stop that one ' +
        `first (Ctrl-C there), or move this one with CLUSTER_PORT_BASE (now ${t.settings.portBase}; it uses the ` +
        '1000 ports from there).',
    );
  }
}

type Settled<T> = { value: T } | { error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
function unwrap<T>(s: Settled<T>): T {
  if ('error' in s) throw s.error;
  return s.value;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const log = options.log ?? createLog('cluster');
  const env = options.env ?? { ...readDotEnv(), ...process.env };
  const config = loadConfigOrFail(env);
  let settings;
  try {
    settings = clusterSettings(env, join(dataDir(config), 'cluster'));
  } catch (error) {
    if (error instanceof ClusterSettingsError) throw new StackError(error.message);
    throw error;
  }
  const t = planTopology(settings);
  await refuseTakenPorts(t);
  mkdirSync(t.logsDir, { recursive: true });
  const timeoutMs = Math.max(config.STACK_START_TIMEOUT_MS, 120_000);
  const started = Date.now();

  // Everything started so far, stopped again (newest first) if a later step fails.
  const servers = new Map<string, ServerProcess>();
  let postgres: ComponentHandle | undefined;
  let supervisor: Supervisor | undefined;
  const stopAll = async () => {
    await supervisor?.stopAll();
    for (const name of ['nginx', 'temporal-ui', 'temporal']) await servers.get(name)?.stop('SIGTERM', 20_000);
    await Promise.all(t.nats.map((n) => servers.get(n.name)?.stop('SIGTERM', 20_000)));
    await postgres?.stop();
  };

  try {
    // The slow part first and in the background: building the Go programs (minutes, once).
    // Started together, awaited one by one: each is settled at once so that a failure of
    // one while another is awaited still ends here, in the catch below, not as a crash.
    const tools = {
      nats: settle(ensureTool(goTools.nats, log)),
      temporal: settle(ensureTool(goTools.temporal, log)),
      temporalUi: settle(ensureTool(goTools.temporalUi, log)),
    };
    const nginxBinary = ensureNginx(log);
    const built = settle(config.STACK_SKIP_BUILD ? Promise.resolve() : build(log));

    postgres = await startClusterPostgres(t, config, log);
    const databaseUrl = postgres.url;

    const [natsBinary] = unwrap(await tools.nats);
    const natsNodes: NatsNode[] = t.nats.map((n) => startNatsNode(natsBinary!, n, t));
    for (const n of natsNodes) servers.set(n.plan.name, n.process);
    const natsVersion = await waitNatsReady(natsNodes, t, timeoutMs);
    log.info(`NATS: ${natsNodes.length} nodes of nats-server ${natsVersion} in cluster, JetStream ready.`);

    const [temporalBinary, sqlTool] = unwrap(await tools.temporal);
    const db = loginOf(databaseUrl);
    await setUpTemporalSchema(sqlTool!, db, log);
    const temporalAddress = `${t.host}:${t.temporal.frontendPort}`;
    const startTemporal = () => startTemporalServer(temporalBinary!, t, db);
    servers.set('temporal', startTemporal());
    const temporalVersion = await prepareTemporal(
      temporalAddress,
      config.TEMPORAL_NAMESPACE,
      servers.get('temporal')!,
      timeoutMs,
      log,
    );
    log.info(`Temporal: server ${temporalVersion} at ${temporalAddress} on Postgres.`);

    unwrap(await built);
    const secret = authSecret(settings.dataDir, config);
    const gatewayUrl = `http://${t.host}:${t.edge.apiPort}`;
    const publicSiteUrl = `http://${t.host}:${t.edge.sitePort}`;
    const shared: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrls(t),
      NATS_PREFIX: config.NATS_PREFIX,
      NATS_STREAM_REPLICAS: String(t.nats.length),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    };
    const replicaEnv = (r: ReplicaPlan): Record<string, string> => ({
      ...shared,
      DATA_DIR: r.dataDir,
      AUTH_SECRET: secret,
      GATEWAY_PORT: String(r.gatewayPort),
      PUBLIC_SITE_PORT: String(r.sitePort),
      SERVICE_HEALTH_PORT_BASE: String(r.healthPortBase),
      HTTP_HOST: t.host,
      PUBLIC_BASE_URL: gatewayUrl,
      PUBLIC_SITE_BASE_URL: publicSiteUrl,
      // As on a real host: the prebuilt workflow bundle, an explicit AUTH_SECRET, JSON logs.
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
    });
    for (const r of t.replicas) mkdirSync(r.dataDir, { recursive: true });

    await migrateAndSeed(t, replicaEnv, options.seedDemo ?? true, log);

    supervisor = new Supervisor(
      log,
      t.replicas.flatMap((r) => serviceNames.map((s) => replicaName(s, r.index))),
      t.runDir,
    );
    for (const s of serviceNames) {
      const main = distEntry(s, 'main');
      if (!main)
        throw new StackError(`The build produced no entry point for ${s} (dist/services/${s}/src/main.js).`);
      for (const r of t.replicas) {
        supervisor.start({
          name: replicaName(s, r.index),
          command: nodeBin,
          args: ['--enable-source-maps', main],
          env: replicaEnv(r),
          healthUrl: `http://${t.host}:${replicaPort(r, s)}/health`,
        });
      }
    }
    const nginx = startNginx(nginxBinary, t);
    servers.set('nginx', nginx);
    await waitNginxReady(nginx, t, timeoutMs);
    const late = await supervisor.waitHealthy(timeoutMs);
    if (late.length) {
      throw new StackError(
        `Not healthy after ${Math.round(timeoutMs / 1000)} s: ${late.join(', ')} (see their output above).`,
      );
    }

    // The UI last: its first build must not hold the platform back.
    let temporalUiUrl: string | undefined;
    const ui = await tools.temporalUi;
    if ('error' in ui) {
      log.warn(`Temporal UI: not available (${describeError(ui.error)}); the cluster runs without it.`);
    } else {
      servers.set(
        'temporal-ui',
        startTemporalUi(ui.value[0]!, t, t.temporal.uiPort, config.TEMPORAL_NAMESPACE),
      );
      temporalUiUrl = `http://${t.host}:${t.temporal.uiPort}`;
    }

    const state: ClusterState = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      gatewayUrl,
      publicSiteUrl,
      ...(temporalUiUrl ? { temporalUiUrl } : {}),
      env: shared,
      demoPassword: config.DEMO_PASSWORD,
      runDir: t.runDir,
      members: [],
    };
    const handle = clusterHandle(
      t,
      state,
      servers,
      supervisor,
      () => postgres!,
      async () => {
        postgres = await startClusterPostgres(t, config, log);
      },
      startTemporal,
      log,
      async () => {
        await stopAll();
        if (readClusterState(settings.dataDir)?.pid === process.pid)
          rmSync(join(settings.dataDir, 'cluster.json'), { force: true });
      },
    );
    state.members = handle.members();
    writeFileSync(join(settings.dataDir, 'cluster.json'), JSON.stringify(state, null, 2));
    log.info(`Cluster ready in ${Math.round((Date.now() - started) / 1000)} s.`);
    return handle;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Every service migrates from every replica at once, as replicas do when they start together: the advisory lock lets one apply, the others find nothing pending. */
async function migrateAndSeed(
  t: Topology,
  replicaEnv: (r: ReplicaPlan) => Record<string, string>,
  seedDemo: boolean,
  log: Log,
): Promise<void> {
  const withCli = serviceNames.filter((s) => distEntry(s, 'cli'));
  const runs = withCli.flatMap((s) =>
    t.replicas.map((r) => ({
      name: replicaName(s, r.index),
      run: runStep(replicaName(s, r.index), nodeBin, [distEntry(s, 'cli')!, 'migrate'], replicaEnv(r), true),
    })),
  );
  const results = await Promise.all(runs.map((r) => r.run));
  const failed = runs.filter((_, i) => results[i]!.code !== 0);
  if (failed.length) {
    const first = results[runs.indexOf(failed[0]!)]!.output.trim().split('\n').slice(-8).join('\n');
    throw new StackError(
      `Migrations failed for ${failed.map((f) => f.name).join(', ')}; the first one's output ends with:\n${first}`,
    );
  }
  log.info(
    `Migrations applied (${withCli.length} services, from ${t.replicas.length} replicas each at once).`,
  );
  if (!seedDemo) return;
  // In service order: identity (gateway) creates the offices the other services' demo data belongs to.
  const first = t.replicas[0]!;
  for (const s of withCli) {
    // The demo seed refuses NODE_ENV=production (the gateway's CLI): it is a development step.
    const seeded = await runStep(s, nodeBin, [distEntry(s, 'cli')!, 'seed-demo'], {
      ...replicaEnv(first),
      NODE_ENV: 'development',
    });
    if (seeded.code !== 0)
      throw new StackError(`Seeding the demo data of ${s} failed (see its output above).`);
  }
}
