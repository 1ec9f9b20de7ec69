import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { EXTERNAL_PROBE_MS, type ComponentHandle, type StackContext } from '../context';
import { findGo, findOnPath, goInstall, inGoBin, isExecutable } from '../binaries';
import { startServerProcess } from '../processes';
import { NotReady, waitUntilReady, withTimeout } from '../readiness';
import { Cancelled, StackError, describeError } from '../stack-error';
import { portIsFree } from '../ports';

/** The newest tag whose module `go install` accepts (v1.6+ use a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Search attributes SOP runs are indexed by (the worker registers them on servers it did not start). */
export const SEARCH_ATTRIBUTES = ['SopOffice', 'SopDefinitionKey', 'SopItemId', 'SopState'] as const;

/**
 * The SDK's own launcher passes these; without them the dev server may refuse
 * Updates, which carry every human decision.
 */
const DYNAMIC_CONFIG = [
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  'frontend.enableServerVersionCheck=false',
  // An activity a workflow task schedules (the publish step) starts in the same worker
  // at once, without a round trip through the task queue.
  'system.enableActivityEagerExecution=true',
];

/** A real round trip: system info and the namespace the platform runs in. */
export async function probeTemporal(address: string, namespace: string, timeoutMs = 2_000): Promise<string> {
  const connection = await withTimeout(
    Connection.connect({ address, connectTimeout: timeoutMs }),
    timeoutMs + 500,
    `no answer within ${timeoutMs} ms`,
  );
  try {
    const info = await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    return info.serverVersion || 'unknown';
  } finally {
    await connection.close();
  }
}

export async function provideTemporal(ctx: StackContext): Promise<ComponentHandle> {
  const explicit = ctx.explicit('TEMPORAL_ADDRESS') && ctx.config.TEMPORAL_ADDRESS;
  const address = explicit || `127.0.0.1:${ctx.config.EMBEDDED_TEMPORAL_PORT}`;
  const namespace = ctx.config.TEMPORAL_NAMESPACE;
  const [host, port] = address.split(':');
  const occupied = explicit || !(await portIsFree(host!, Number(port)));
  try {
    const version = await waitUntilReady(() => probeTemporal(address, namespace), {
      timeoutMs: explicit ? Math.min(ctx.timeoutMs, EXTERNAL_PROBE_MS) : occupied ? ctx.timeoutMs : 0,
      signal: ctx.signal,
    });
    ctx.log.info(`Temporal: using ${address} (server ${version}, namespace ${namespace})`);
    return {
      name: 'temporal',
      url: address,
      source: explicit ? 'external' : 'reused',
      links: explicit ? {} : { 'Temporal UI': `http://127.0.0.1:${ctx.config.TEMPORAL_UI_PORT}` },
      stop: async () => undefined,
    };
  } catch (error) {
    if (ctx.signal.aborted) throw new Cancelled('Temporal');
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    if (occupied && !explicit) {
      throw new StackError(
        `Something listens at ${address} but it is not a Temporal server the platform can use (${reason}). ` +
          'Stop that program so the platform can start the Temporal dev server there, set EMBEDDED_TEMPORAL_PORT ' +
          'to a free port, or set TEMPORAL_ADDRESS to a running Temporal server.',
      );
    }
    if (explicit) {
      throw new StackError(
        `Temporal is not answering at ${address} with namespace "${namespace}" (${reason}). TEMPORAL_ADDRESS is ` +
          'set, so the platform uses that server and does not start its own. Start that server (or create the ' +
          'namespace), correct TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE in your environment or .env, or unset ' +
          'TEMPORAL_ADDRESS to let the platform run the Temporal CLI dev server itself.',
      );
    }
  }
  return startTemporal(ctx, address);
}

/**
 * Lookup order: TEMPORAL_CLI, PATH, the Go bin folder, `go install`. `binary` undefined: let the
 * SDK download it; `buildFailure` then says why building it failed, for the final message.
 */
async function temporalBinary(ctx: StackContext): Promise<{ binary?: string; buildFailure?: string }> {
  const configured = ctx.config.TEMPORAL_CLI;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new StackError(
        `TEMPORAL_CLI points at ${configured}, which is not an executable file. Fix the path or unset TEMPORAL_CLI.`,
      );
    }
    return { binary: configured };
  }
  const found = findOnPath('temporal') ?? inGoBin('temporal');
  if (found) return { binary: found };
  if (!findGo()) return { buildFailure: 'no Go toolchain to build it with' };
  try {
    return { binary: await goInstall(TEMPORAL_CLI_MODULE, 'temporal', ctx.log, { signal: ctx.signal }) };
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    ctx.log.info("Temporal: building the CLI failed; trying the SDK's download instead ...");
    return { buildFailure: describeError(error) };
  }
}

async function startTemporal(ctx: StackContext, address: string): Promise<ComponentHandle> {
  const [ip, portText] = address.split(':');
  const port = Number(portText);
  const uiPort = ctx.config.TEMPORAL_UI_PORT;
  const dir = join(ctx.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const dbFilename = join(dir, 'temporal.db');
  const namespace = ctx.config.TEMPORAL_NAMESPACE;
  const searchAttributeArgs = SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]);
  const links = { 'Temporal UI': `http://127.0.0.1:${uiPort}` };

  const { binary, buildFailure } = await temporalBinary(ctx);
  if (ctx.signal.aborted) throw new Cancelled('Temporal');
  if (!binary)
    return startWithSdkDownload(ctx, buildFailure ?? 'not built', {
      ip: ip!,
      port,
      uiPort,
      dbFilename,
      namespace,
      searchAttributeArgs,
      links,
    });

  const logFile = join(ctx.logsDir, 'temporal.log');
  const server = startServerProcess(
    binary,
    [
      'server',
      'start-dev',
      '--ip',
      ip!,
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--db-filename',
      dbFilename,
      '--namespace',
      namespace,
      '--log-level',
      'warn',
      ...DYNAMIC_CONFIG.flatMap((v) => ['--dynamic-config-value', v]),
      ...searchAttributeArgs,
    ],
    logFile,
  );
  try {
    const version = await waitUntilReady(() => probeTemporal(address, namespace, 1_000), {
      timeoutMs: ctx.timeoutMs,
      abortIf: server.exited,
      signal: ctx.signal,
    });
    ctx.log.info(
      `Temporal: started dev server ${version} at ${address} on ${dbFilename}; UI ${links['Temporal UI']}`,
    );
  } catch (error) {
    await server.stop();
    if (ctx.signal.aborted) throw new Cancelled('Temporal');
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    throw new StackError(
      `The Temporal dev server (${binary}) did not become ready at ${address}: ${reason}; ${server.logExcerpt()} ` +
        `(full log: ${logFile}). If another program holds the port (or the UI port ${uiPort}), stop it or set ` +
        'EMBEDDED_TEMPORAL_PORT / TEMPORAL_UI_PORT to free ports; otherwise fix what the log names, or set ' +
        'TEMPORAL_ADDRESS to a running Temporal server.',
    );
  }
  return {
    name: 'temporal',
    url: address,
    source: 'started',
    links,
    stop: () => server.stop('SIGTERM', 30_000),
  };
}

/** Last resort on machines without Go: the SDK downloads the CLI from the internet. */
async function startWithSdkDownload(
  ctx: StackContext,
  buildFailure: string,
  o: {
    ip: string;
    port: number;
    uiPort: number;
    dbFilename: string;
    namespace: string;
    searchAttributeArgs: string[];
    links: Record<string, string>;
  },
): Promise<ComponentHandle> {
  ctx.log.info(`Temporal: no CLI to run (${buildFailure}); downloading it through the Temporal SDK ...`);
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download', downloadDir: join(ctx.dataDir, 'temporal', 'download') },
        ip: o.ip,
        port: o.port,
        ui: true,
        uiPort: o.uiPort,
        dbFilename: o.dbFilename,
        namespace: o.namespace,
        // The SDK's launcher adds the Update-enabling dynamic config itself.
        extraArgs: o.searchAttributeArgs,
      },
    });
    return {
      name: 'temporal',
      url: `${o.ip}:${o.port}`,
      source: 'started',
      links: o.links,
      stop: () => env.teardown(),
    };
  } catch (error) {
    if (ctx.signal.aborted) throw new Cancelled('Temporal');
    throw new StackError(
      `The Temporal CLI is not installed and could not be obtained: it could not be built (${buildFailure}) ` +
        `and the SDK's download failed (${describeError(error)}). Provide it in one of ` +
        'these ways: set TEMPORAL_CLI to a `temporal` binary, put `temporal` on PATH, install Go so the platform ' +
        `can run \`go install ${TEMPORAL_CLI_MODULE}\`, or set TEMPORAL_ADDRESS to a running Temporal server.`,
    );
  }
}
