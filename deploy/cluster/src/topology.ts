import { join } from 'node:path';
import { z } from 'zod';
import { serviceNames, type ServiceName } from '@tatalaman/config';

/**
 * Where every process of the one-machine cluster listens and keeps its data. Pure: the
 * same settings always give the same plan, so the CLI, the benchmarks and the tests
 * agree on addresses without talking to each other.
 *
 * Ports are offsets from one base (17000 by default), chosen so nothing meets the shared
 * development stack (5433, 4222, 7233/8233, 3000, 3100, 3200–3206) or the end-to-end
 * tests' random ports (20000 and up).
 */
export interface ClusterSettings {
  portBase: number;
  /** Replicas of every service (2 by default). */
  replicas: number;
  /** Absolute folder for the cluster's own Postgres, NATS stores, Temporal config and logs. */
  dataDir: string;
}

export const MAX_REPLICAS = 9;
export const NATS_NODES = 3;

const settingsSchema = z.object({
  CLUSTER_PORT_BASE: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1024, 'must be at least 1024 (unprivileged ports)')
    .max(64_000, 'must be at most 64000 (the plan uses the 1000 ports above it)')
    .default(17_000),
  CLUSTER_REPLICAS: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_REPLICAS}` })
    .int(`must be a whole number from 1 to ${MAX_REPLICAS}`)
    .min(1, `must be a whole number from 1 to ${MAX_REPLICAS}`)
    .max(MAX_REPLICAS, `must be a whole number from 1 to ${MAX_REPLICAS}`)
    .default(2),
  CLUSTER_DATA_DIR: z.string().min(1).optional(),
});

/** The cluster's own variables (they are the cluster CLI's, not the services'). */
export const clusterVariables = {
  CLUSTER_PORT_BASE: 'First of the 1000 ports the cluster uses (default 17000).',
  CLUSTER_REPLICAS: `Replicas of every service, 1 to ${MAX_REPLICAS} (default 2).`,
  CLUSTER_DATA_DIR: "The cluster's data folder (default: DATA_DIR/cluster, i.e. .data/cluster).",
  CLUSTER_TOOLS_DIR: 'Where the Go programs are built (default ~/.cache/tatalaman/go-tools).',
} as const;

export class ClusterSettingsError extends Error {}

export function clusterSettings(env: NodeJS.ProcessEnv, defaultDataDir: string): ClusterSettings {
  const parsed = settingsSchema.safeParse({
    CLUSTER_PORT_BASE: env.CLUSTER_PORT_BASE || undefined,
    CLUSTER_REPLICAS: env.CLUSTER_REPLICAS || undefined,
    CLUSTER_DATA_DIR: env.CLUSTER_DATA_DIR || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ClusterSettingsError(`The cluster settings are not valid:\n${lines.join('\n')}`);
  }
  return {
    portBase: parsed.data.CLUSTER_PORT_BASE,
    replicas: parsed.data.CLUSTER_REPLICAS,
    dataDir: parsed.data.CLUSTER_DATA_DIR ?? defaultDataDir,
  };
}

export interface NatsNodePlan {
  name: string;
  clientPort: number;
  routePort: number;
  monitorPort: number;
  storeDir: string;
  configFile: string;
}

export interface ReplicaPlan {
  /** 1-based. */
  index: number;
  gatewayPort: number;
  sitePort: number;
  /** SERVICE_HEALTH_PORT_BASE of this replica: the internal services listen right above it. */
  healthPortBase: number;
  dataDir: string;
}

export interface Topology {
  settings: ClusterSettings;
  host: '127.0.0.1';
  edge: { apiPort: number; sitePort: number; configFile: string; cacheDir: string };
  postgres: { port: number };
  nats: NatsNodePlan[];
  temporal: {
    frontendPort: number;
    frontendHttpPort: number;
    historyPort: number;
    matchingPort: number;
    workerPort: number;
    membershipPorts: { frontend: number; history: number; matching: number; worker: number };
    metricsPort: number;
    uiPort: number;
    dir: string;
  };
  replicas: ReplicaPlan[];
  logsDir: string;
  runDir: string;
}

export function planTopology(settings: ClusterSettings): Topology {
  const b = settings.portBase;
  const dir = settings.dataDir;
  return {
    settings,
    host: '127.0.0.1',
    edge: {
      apiPort: b,
      sitePort: b + 100,
      configFile: join(dir, 'nginx', 'nginx.conf'),
      cacheDir: join(dir, 'nginx', 'cache'),
    },
    postgres: { port: b + 432 },
    nats: Array.from({ length: NATS_NODES }, (_, i) => ({
      name: `nats-${i + 1}`,
      clientPort: b + 422 + i,
      routePort: b + 522 + i,
      monitorPort: b + 622 + i,
      storeDir: join(dir, 'nats', `nats-${i + 1}`),
      configFile: join(dir, 'nats', `nats-${i + 1}.conf`),
    })),
    temporal: {
      frontendPort: b + 733,
      frontendHttpPort: b + 743,
      historyPort: b + 734,
      matchingPort: b + 735,
      workerPort: b + 739,
      membershipPorts: { frontend: b + 933, history: b + 934, matching: b + 935, worker: b + 939 },
      metricsPort: b + 990,
      uiPort: b + 833,
      dir: join(dir, 'temporal'),
    },
    replicas: Array.from({ length: settings.replicas }, (_, i) => ({
      index: i + 1,
      gatewayPort: b + 1 + i,
      sitePort: b + 101 + i,
      healthPortBase: b + 200 + 10 * (i + 1),
      dataDir: join(dir, 'replicas', String(i + 1)),
    })),
    logsDir: join(dir, 'logs'),
    runDir: join(dir, 'run'),
  };
}

/** The name of one replica of a service, as the supervisor, its pid file and the logs call it. */
export const replicaName = (service: ServiceName, index: number) => `${service}-${index}`;

/** Every port the plan uses, named: for the collision test and the free-port check before a start. */
export function plannedPorts(t: Topology): { name: string; port: number }[] {
  const ports = [
    { name: 'nginx (API and console)', port: t.edge.apiPort },
    { name: 'nginx (public sites)', port: t.edge.sitePort },
    { name: 'postgres', port: t.postgres.port },
    ...t.nats.flatMap((n) => [
      { name: `${n.name} client`, port: n.clientPort },
      { name: `${n.name} route`, port: n.routePort },
      { name: `${n.name} monitor`, port: n.monitorPort },
    ]),
    { name: 'temporal frontend', port: t.temporal.frontendPort },
    { name: 'temporal frontend http', port: t.temporal.frontendHttpPort },
    { name: 'temporal history', port: t.temporal.historyPort },
    { name: 'temporal matching', port: t.temporal.matchingPort },
    { name: 'temporal worker', port: t.temporal.workerPort },
    ...Object.entries(t.temporal.membershipPorts).map(([k, port]) => ({
      name: `temporal ${k} membership`,
      port,
    })),
    { name: 'temporal metrics', port: t.temporal.metricsPort },
    { name: 'temporal ui', port: t.temporal.uiPort },
  ];
  for (const r of t.replicas) {
    for (const s of serviceNames) ports.push({ name: replicaName(s, r.index), port: replicaPort(r, s) });
  }
  return ports;
}

/** The HTTP port of one service in one replica (the same rule as servicePort() in @tatalaman/config). */
export function replicaPort(r: ReplicaPlan, service: ServiceName): number {
  if (service === 'gateway') return r.gatewayPort;
  if (service === 'publishing') return r.sitePort;
  return r.healthPortBase + serviceNames.indexOf(service);
}
