import { join } from 'node:path';
import { Client } from 'pg';
import { EXTERNAL_PROBE_MS, type ComponentHandle, type StackContext } from '../context';
import { startServerProcess } from '../processes';
import { NotReady, waitUntilReady, withTimeout } from '../readiness';
import { Cancelled, StackError, describeError } from '../stack-error';
import { portIsFree } from '../ports';
import { EMBEDDED_USER, embeddedCluster, hasCluster, initCluster } from './postgres-cluster';

// The embedded server listens on 127.0.0.1 only; the password merely satisfies initdb.
const EMBEDDED_PASSWORD = 'postgres';

export type PostgresPlan =
  { mode: 'external'; url: string } | { mode: 'embedded'; url: string; port: number };

/** DATABASE_URL set: use that server and nothing else. Unset: the embedded one in DATA_DIR. */
export function planPostgres(ctx: Pick<StackContext, 'config' | 'explicit'>): PostgresPlan {
  if (ctx.explicit('DATABASE_URL') && ctx.config.DATABASE_URL) {
    return { mode: 'external', url: ctx.config.DATABASE_URL };
  }
  const port = ctx.config.EMBEDDED_POSTGRES_PORT;
  return {
    mode: 'embedded',
    port,
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${ctx.config.DATABASE_NAME}`,
  };
}

/** A real round trip: connect, ask the server its version. */
export async function probePostgres(url: string, timeoutMs = 3_000): Promise<string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), timeoutMs + 500, `no answer within ${timeoutMs} ms`);
    const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
    return rows[0]!.version;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Creates the database named in the URL if the server does not have it yet. */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) return;
  const client = new Client({ connectionString: adminUrl(url) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function providePostgres(ctx: StackContext): Promise<ComponentHandle> {
  const plan = planPostgres(ctx);
  if (plan.mode === 'external') {
    try {
      await waitUntilReady(() => probePostgres(plan.url), {
        timeoutMs: Math.min(ctx.timeoutMs, EXTERNAL_PROBE_MS),
        signal: ctx.signal,
      });
      await ensureDatabase(plan.url);
    } catch (error) {
      if (ctx.signal.aborted) throw new Cancelled('Postgres');
      const reason = error instanceof NotReady ? error.lastError : describeError(error);
      throw new StackError(
        `Postgres is not answering at ${redact(plan.url)} (${reason}). DATABASE_URL is set, so the platform ` +
          'uses that server and does not start its own. Start that server (on a Debian machine: ' +
          '`pg_ctlcluster <version> main start`), correct DATABASE_URL in your environment or .env, or unset ' +
          'DATABASE_URL to let the platform run an embedded Postgres in the data folder.',
      );
    }
    ctx.log.info(`Postgres: using ${redact(plan.url)} (DATABASE_URL)`);
    return { name: 'postgres', url: plan.url, source: 'external', stop: async () => undefined };
  }

  // A previous `npm start` may still run the embedded server (for example while `npm test` runs).
  if (!(await portIsFree('127.0.0.1', plan.port))) {
    try {
      await waitUntilReady(() => probePostgres(adminUrl(plan.url), 2_000), {
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
      await ensureDatabase(plan.url);
    } catch (error) {
      if (ctx.signal.aborted) throw new Cancelled('Postgres');
      const reason = error instanceof NotReady ? error.lastError : describeError(error);
      throw new StackError(
        `Port ${plan.port} is taken by something that is not the platform's embedded Postgres (${reason}). ` +
          'Stop that program, set EMBEDDED_POSTGRES_PORT to a free port, or point DATABASE_URL at a running Postgres.',
      );
    }
    ctx.log.info(`Postgres: reusing the embedded server already running on port ${plan.port}`);
    return { name: 'postgres', url: plan.url, source: 'reused', stop: async () => undefined };
  }
  return startEmbedded(ctx, plan);
}

async function startEmbedded(
  ctx: StackContext,
  plan: Extract<PostgresPlan, { mode: 'embedded' }>,
): Promise<ComponentHandle> {
  const cluster = await embeddedCluster(ctx);
  if (!hasCluster(cluster.dataDir)) {
    ctx.log.info(`Postgres: creating the embedded database cluster in ${cluster.dataDir} ...`);
    await initCluster(cluster, EMBEDDED_USER, EMBEDDED_PASSWORD, ctx);
  }
  if (ctx.signal.aborted) throw new Cancelled('Postgres');

  const logFile = join(ctx.logsDir, 'postgres.log');
  const server = startServerProcess(
    cluster.postgres,
    [
      '-D',
      cluster.dataDir,
      '-p',
      String(plan.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(ctx.postgresSettings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    logFile,
    cluster.runAs,
  );
  try {
    const version = await waitUntilReady(() => probePostgres(adminUrl(plan.url), 1_000), {
      timeoutMs: ctx.timeoutMs,
      abortIf: server.exited,
      signal: ctx.signal,
    });
    await ensureDatabase(plan.url);
    ctx.log.info(
      `Postgres: started embedded ${version.split(' ').slice(0, 2).join(' ')} on port ${plan.port}`,
    );
  } catch (error) {
    await server.stop('SIGINT');
    if (ctx.signal.aborted) throw new Cancelled('Postgres');
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    throw new StackError(
      `The embedded Postgres (${cluster.dataDir}) did not become ready on port ${plan.port}: ${reason}; ` +
        `${server.logExcerpt()} (full log: ${logFile}). If another program holds that port, set ` +
        'EMBEDDED_POSTGRES_PORT to a free port; otherwise fix what the log names, or point DATABASE_URL at a running Postgres.',
    );
  }
  return {
    name: 'postgres',
    url: plan.url,
    source: 'started',
    // SIGINT is Postgres' "fast" shutdown: ends sessions, checkpoints, exits.
    stop: () => server.stop('SIGINT', 30_000),
  };
}
