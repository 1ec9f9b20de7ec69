import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, isExplicit, loadConfig, readDotEnv, ConfigError, type Config } from '@tatalaman/config';
import type { ComponentHandle, StackContext } from './context';
import { createLog, type Log } from './log';
import { providePostgres } from './components/postgres';
import { provideNats } from './components/nats';
import { provideTemporal } from './components/temporal';
import { Cancelled, StackError, describeError } from './stack-error';

export interface Stack {
  config: Config;
  dataDir: string;
  logsDir: string;
  postgres: ComponentHandle;
  nats: ComponentHandle;
  temporal: ComponentHandle;
  /** Variables every service and test process needs to reach the stack. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function loadStackConfig(): { config: Config; env: NodeJS.ProcessEnv } {
  const env = { ...readDotEnv(), ...process.env };
  try {
    return { config: loadConfig(env), env };
  } catch (error) {
    if (error instanceof ConfigError) throw new StackError(error.message);
    throw error;
  }
}

/**
 * Brings up Postgres, NATS and Temporal, each reused if already running,
 * started otherwise, at once (their start-up times overlap). If one fails, the
 * others stop waiting (and building), the ones this call started are stopped
 * again, and only the failures that were not such consequences are reported.
 */
export async function bringUpStack(log: Log = createLog()): Promise<Stack> {
  const { config, env } = loadStackConfig();
  const dir = dataDir(config);
  const logsDir = join(dir, 'logs');
  try {
    mkdirSync(logsDir, { recursive: true });
  } catch (error) {
    throw new StackError(
      `The data folder ${dir} cannot be created or written (${describeError(error)}). Make it writable for ` +
        'your user, or set DATA_DIR to a folder you can write.',
    );
  }
  const abort = new AbortController();
  const ctx: StackContext = {
    config,
    explicit: (name) => isExplicit(name, env),
    dataDir: dir,
    logsDir,
    log,
    timeoutMs: config.STACK_START_TIMEOUT_MS,
    signal: abort.signal,
  };

  const started = Date.now();
  const components: [string, (c: StackContext) => Promise<ComponentHandle>][] = [
    ['Postgres', providePostgres],
    ['NATS', provideNats],
    ['Temporal', provideTemporal],
  ];
  const results = await Promise.allSettled(
    components.map(async ([name, provide]) => {
      try {
        return await provide(ctx);
      } catch (error) {
        // Waiting for the others would only delay the message (a Temporal CLI build takes minutes).
        if (!(error instanceof Cancelled)) abort.abort();
        throw asStackError(name, error, logsDir);
      }
    }),
  );
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as Error)
    .filter((e) => !(e instanceof Cancelled));
  const handles = results.filter(
    (r): r is PromiseFulfilledResult<ComponentHandle> => r.status === 'fulfilled',
  );
  if (failures.length || handles.length < components.length) {
    await Promise.allSettled(handles.map((h) => h.value.stop()));
    throw new StackError(failures.map((f) => f.message).join('\n\n'), failures[0]);
  }
  const [postgres, nats, temporal] = handles.map((h) => h.value) as [
    ComponentHandle,
    ComponentHandle,
    ComponentHandle,
  ];
  log.info(`Stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  const stackEnv: Record<string, string> = {
    DATABASE_URL: postgres.url,
    NATS_URL: nats.url,
    TEMPORAL_ADDRESS: temporal.url,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    DATA_DIR: dir,
  };
  // The state file tells `stack env` where the stack is. Only a process that started a
  // server writes it (and removes it when it stops them); one that merely reused
  // another process's servers leaves that process's file alone.
  const stateFile = join(dir, 'stack.json');
  const owner = [postgres, nats, temporal].some((c) => c.source === 'started');
  if (owner || !readStackState(dir)) {
    writeFileSync(
      stateFile,
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), env: stackEnv }, null, 2),
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    config,
    dataDir: dir,
    logsDir,
    postgres,
    nats,
    temporal,
    env: stackEnv,
    stop() {
      // Reverse order of dependence: nothing we run needs Postgres after Temporal and NATS are gone.
      stopping ??= (async () => {
        await Promise.allSettled([temporal.stop(), nats.stop()]);
        await postgres.stop();
        if (readStackState(dir)?.pid === process.pid) rmSync(stateFile, { force: true });
      })();
      return stopping;
    },
  };
}

/** The addresses of a stack another `npm start` / `npm run stack -- up` is running. */
export function readStackState(dir: string): { pid: number; env: Record<string, string> } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A component's failure as the operator reads it: one paragraph, whatever was thrown. */
function asStackError(component: string, error: unknown, logsDir: string): Error {
  if (error instanceof StackError || error instanceof Cancelled) return error;
  return new StackError(
    `Starting ${component} failed unexpectedly: ${describeError(error)}. The servers' logs are in ${logsDir}; ` +
      'run the command again with DEBUG=1 to see where it happened.',
    error,
  );
}
