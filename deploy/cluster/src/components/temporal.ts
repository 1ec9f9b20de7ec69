import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { stringify } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../../../local/src/components/temporal';
import type { Log } from '../../../local/src/log';
import { startServerProcess, type ServerProcess } from '../../../local/src/processes';
import { NotReady, waitUntilReady, withTimeout } from '../../../local/src/readiness';
import { StackError, describeError } from '../../../local/src/stack-error';
import type { Topology } from '../topology';

/**
 * The production Temporal server (go.temporal.io/server) on the cluster's Postgres:
 * its schema set up and upgraded by Temporal's own SQL tool, frontend, history, matching
 * and worker services in one process (each on its own ports, as its config says), the
 * platform's namespace and search attributes registered through the frontend's API.
 */

export const TEMPORAL_DATABASES = { main: 'temporal', visibility: 'temporal_visibility' } as const;
/** The tool's embedded schemas (v1.30.4 ships them inside the binary). */
const SCHEMAS = { main: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;
/**
 * Fixed for the life of a cluster (Temporal cannot change it later). 16 spreads one
 * machine's load; a multi-host production cluster takes 512 or more (docs/operations.md).
 */
export const HISTORY_SHARDS = 16;
/** How long closed runs stay in Temporal; reporting keeps its own copy from the events. */
export const RETENTION_DAYS = 30;

export interface PostgresLogin {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function loginOf(databaseUrl: string): PostgresLogin {
  const u = new URL(databaseUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** The server's configuration file (static config; the dynamic one sits beside it). */
export function temporalServerConfig(t: Topology, db: PostgresLogin): string {
  const tp = t.temporal;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${db.host}:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: t.host, ...extra },
  });
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: {
        'postgres-default': store(TEMPORAL_DATABASES.main, 20),
        'postgres-visibility': store(TEMPORAL_DATABASES.visibility, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: t.host },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `${t.host}:${tp.metricsPort}`,
        },
      },
    },
    services: {
      frontend: rpc(tp.frontendPort, tp.membershipPorts.frontend, { httpPort: tp.frontendHttpPort }),
      history: rpc(tp.historyPort, tp.membershipPorts.history),
      matching: rpc(tp.matchingPort, tp.membershipPorts.matching),
      worker: rpc(tp.workerPort, tp.membershipPorts.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `${t.host}:${tp.frontendPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: join(tp.dir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  });
}

/**
 * Dynamic settings: Updates carry every human decision, so they are switched on
 * explicitly (as the SDK's dev-server launcher does); no version check (no internet).
 */
export function temporalDynamicConfig(): string {
  const value = (v: unknown) => [{ value: v, constraints: {} }];
  return stringify({
    'frontend.enableUpdateWorkflowExecution': value(true),
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': value(true),
    'frontend.enableServerVersionCheck': value(false),
    // A search attribute added at start-up is usable at once, not after the cache refresh.
    'system.forceSearchAttributesCacheRefreshOnRead': value(true),
    // An activity a workflow task schedules (the publish step) starts in the worker that
    // completed the task, without a round trip through the task queue.
    'system.enableActivityEagerExecution': value(true),
  });
}

async function ensureDatabase(db: PostgresLogin, name: string): Promise<void> {
  const client = new PgClient({ ...db, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

function runTool(binary: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (e) => resolve({ code: 1, output: e.message }));
  });
}

/**
 * Creates both databases when missing and brings their schema to the version this
 * server build ships, with Temporal's SQL tool: `setup-schema -v 0.0` (only the version
 * table on an empty database; nothing on one already set up), then `update-schema`
 * (applies the versioned steps not yet applied). Run at every start, so upgrading the
 * pinned server version upgrades the schema first.
 */
export async function setUpTemporalSchema(sqlTool: string, db: PostgresLogin, log: Log): Promise<void> {
  for (const kind of ['main', 'visibility'] as const) {
    const database = TEMPORAL_DATABASES[kind];
    await ensureDatabase(db, database);
    const common = [
      '--plugin',
      'postgres12',
      '--endpoint',
      db.host,
      '--port',
      String(db.port),
      '--user',
      db.user,
      '--password',
      db.password,
      '--database',
      database,
    ];
    for (const step of [
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '--schema-name', SCHEMAS[kind]],
    ]) {
      const { code, output } = await runTool(sqlTool, [...common, ...step]);
      if (code !== 0) {
        throw new StackError(
          `Temporal's SQL tool could not ${step[0]} the database ${database} on ${db.host}:${db.port}: ` +
            `${output.trim().split('\n').slice(-4).join(' | ')}. Check that the cluster's Postgres is running ` +
            '(its log is in the cluster data folder, logs/postgres.log).',
        );
      }
    }
  }
  log.info(`Temporal: schema of ${TEMPORAL_DATABASES.main} and ${TEMPORAL_DATABASES.visibility} up to date.`);
}

export function startTemporalServer(binary: string, t: Topology, db: PostgresLogin): ServerProcess {
  mkdirSync(t.temporal.dir, { recursive: true });
  const configFile = join(t.temporal.dir, 'config.yaml');
  writeFileSync(configFile, temporalServerConfig(t, db));
  writeFileSync(join(t.temporal.dir, 'dynamicconfig.yaml'), temporalDynamicConfig());
  return startServerProcess(
    binary,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    join(t.logsDir, 'temporal.log'),
    { cwd: t.temporal.dir },
  );
}

/**
 * Ready when the frontend answers; then the namespace is registered (the server creates
 * only its system namespace) and the platform's search attributes added, both only when
 * missing, and ready again when the namespace is served.
 */
export async function prepareTemporal(
  address: string,
  namespace: string,
  server: ServerProcess,
  timeoutMs: number,
  log: Log,
): Promise<string> {
  let version: string;
  try {
    version = await waitUntilReady(
      async () => {
        const connection = await withTimeout(
          Connection.connect({ address, connectTimeout: 2_000 }),
          2_500,
          'no answer within 2 s',
        );
        try {
          const info = await connection.workflowService.getSystemInfo({});
          await ensureNamespace(connection, namespace, log);
          await connection.workflowService.describeNamespace({ namespace });
          return info.serverVersion || 'unknown';
        } finally {
          await connection.close();
        }
      },
      { timeoutMs, abortIf: server.exited, intervalMs: 1_000 },
    );
  } catch (error) {
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    throw new StackError(
      `The Temporal server did not become ready at ${address} with namespace "${namespace}" (${reason}). ` +
        `Its log ${server.logFile}: ${server.logExcerpt()}. ` +
        'If another program holds one of its ports, stop it or move the cluster with CLUSTER_PORT_BASE.',
    );
  }
  return version;
}

async function ensureNamespace(connection: Connection, namespace: string, log: Log): Promise<void> {
  const exists = await connection.workflowService.describeNamespace({ namespace }).then(
    () => true,
    (e: { code?: number }) => {
      if (e?.code === 5) return false; // NOT_FOUND
      throw e;
    },
  );
  if (!exists) {
    await connection.workflowService
      .registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${RETENTION_DAYS} days`),
        description: 'Tata Laman SOP runs',
      })
      .catch((e: { code?: number }) => {
        if (e?.code !== 6) throw e; // ALREADY_EXISTS: a concurrent start registered it
      });
    log.info(`Temporal: registered namespace ${namespace} (retention ${RETENTION_DAYS} days).`);
  }
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((name) => !(name in (customAttributes ?? {})));
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      // 2 = KEYWORD in temporal.api.enums.v1.IndexedValueType
      searchAttributes: Object.fromEntries(missing.map((n) => [n, 2])),
    });
    log.info(`Temporal: added search attributes ${missing.join(', ')}.`);
  }
}

/** The web UI server's configuration (ui-server reads <root>/config/<env>.yaml). */
export function temporalUiConfig(t: Topology, uiPort: number, namespace: string): string {
  return stringify({
    temporalGrpcAddress: `${t.host}:${t.temporal.frontendPort}`,
    host: t.host,
    port: uiPort,
    enableUi: true,
    defaultNamespace: namespace,
    showTemporalSystemNamespace: false,
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [`http://${t.host}:${uiPort}`] },
    refreshInterval: '1m',
  });
}

export function startTemporalUi(
  binary: string,
  t: Topology,
  uiPort: number,
  namespace: string,
): ServerProcess {
  const root = join(t.temporal.dir, 'ui');
  mkdirSync(join(root, 'config'), { recursive: true });
  writeFileSync(join(root, 'config', 'cluster.yaml'), temporalUiConfig(t, uiPort, namespace));
  return startServerProcess(
    binary,
    ['--root', root, '--config', 'config', '--env', 'cluster', 'start'],
    join(t.logsDir, 'temporal-ui.log'),
  );
}
