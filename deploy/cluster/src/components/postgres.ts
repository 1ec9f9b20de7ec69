import type { Config } from '@tatalaman/config';
import type { ComponentHandle, StackContext } from '../../../local/src/context';
import { providePostgres } from '../../../local/src/components/postgres';
import type { Log } from '../../../local/src/log';
import type { Topology } from '../topology';

/**
 * Connections the cluster needs at once: 2 replicas × 7 services with their pools and
 * listeners (about 15 each), plus the Temporal server's stores (frontend, history,
 * matching and worker each open their own pools). 100, Postgres' default, runs out.
 */
export const CLUSTER_POSTGRES_SETTINGS = { max_connections: '500', shared_buffers: '256MB' };

/**
 * The cluster's own embedded Postgres (the same component `npm start` uses, on the
 * cluster's port and data folder), so restarting it never touches the shared stack.
 */
export function startClusterPostgres(topology: Topology, config: Config, log: Log): Promise<ComponentHandle> {
  const ctx: StackContext = {
    config: {
      ...config,
      EMBEDDED_POSTGRES_PORT: topology.postgres.port,
      DATABASE_URL: undefined,
      DATA_DIR: topology.settings.dataDir,
    },
    explicit: () => false,
    dataDir: topology.settings.dataDir,
    logsDir: topology.logsDir,
    log,
    timeoutMs: config.STACK_START_TIMEOUT_MS,
    postgresSettings: CLUSTER_POSTGRES_SETTINGS,
    // The cluster starts its Postgres on its own: nothing else is waiting to cancel it.
    signal: new AbortController().signal,
  };
  return providePostgres(ctx);
}
