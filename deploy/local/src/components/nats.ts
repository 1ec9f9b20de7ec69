import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EXTERNAL_PROBE_MS, type ComponentHandle, type StackContext } from '../context';
import { findOnPath, goInstall, inGoBin } from '../binaries';
import { startServerProcess } from '../processes';
import { NotReady, waitUntilReady } from '../readiness';
import { Cancelled, StackError, describeError } from '../stack-error';
import { portIsFree } from '../ports';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
/** Pinned: ≥ 2.10.4 for the JetStream features the platform may use. */
export const NATS_SERVER_MODULE = 'github.com/nats-io/nats-server/v2@v2.12.15';

export class JetStreamDisabled extends Error {}

/** A real round trip: connect, then ask JetStream for the account's limits (fails if JetStream is off). */
export async function probeNats(
  url: string,
  timeoutMs = 2_000,
): Promise<{ version: string; streams: number }> {
  const nc = await connect({
    servers: url,
    timeout: timeoutMs,
    reconnect: false,
    name: 'tatalaman-stack-probe',
  });
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs }).catch((e: unknown) => {
      throw new JetStreamDisabled(`the server answers but JetStream is not enabled (${describeError(e)})`);
    });
    const info = await jsm.getAccountInfo();
    return { version: nc.info?.version ?? 'unknown', streams: info.streams };
  } finally {
    await nc.close();
  }
}

export async function provideNats(ctx: StackContext): Promise<ComponentHandle> {
  const explicit = ctx.explicit('NATS_URL') && ctx.config.NATS_URL;
  const url = explicit || DEFAULT_NATS_URL;
  const { hostname, port } = new URL(url);
  // Nothing listening at the default address: start our own without waiting. Something
  // listening: give it the full wait, it may just be slow on a busy machine.
  const occupied = explicit || !(await portIsFree(hostname, Number(port || 4222)));
  const timeoutMs = explicit ? Math.min(ctx.timeoutMs, EXTERNAL_PROBE_MS) : occupied ? ctx.timeoutMs : 0;
  try {
    let jetStreamOff: string | undefined;
    const { version } = await waitUntilReady(
      () =>
        probeNats(url).catch((e: unknown) => {
          if (e instanceof JetStreamDisabled) jetStreamOff = e.message;
          throw e;
        }),
      // Waiting longer will not turn JetStream on.
      { timeoutMs, abortIf: () => jetStreamOff, signal: ctx.signal },
    );
    ctx.log.info(`NATS: using ${url} (server ${version}, JetStream on)${explicit ? ' (NATS_URL)' : ''}`);
    return { name: 'nats', url, source: explicit ? 'external' : 'reused', stop: async () => undefined };
  } catch (error) {
    if (ctx.signal.aborted) throw new Cancelled('NATS');
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    if (explicit) {
      throw new StackError(
        `NATS is not usable at ${url} (${reason}). NATS_URL is set, so the platform uses that server and does not ` +
          'start its own. Start it with JetStream enabled (`nats-server -js`; on a Debian machine as the system ' +
          'service), correct NATS_URL in your environment or .env, or unset NATS_URL to let the platform start ' +
          'nats-server itself.',
      );
    }
    if (occupied) {
      throw new StackError(
        `Something listens at ${url} but it is not a NATS server with JetStream the platform can use (${reason}). ` +
          'If it is NATS, restart it with `-js` (or `jetstream {}` in its config); otherwise stop it so the ' +
          'platform can start its own there, or set NATS_URL to a NATS server with JetStream.',
      );
    }
  }
  return startNats(ctx, url);
}

async function natsServerBinary(ctx: StackContext): Promise<string> {
  const found = findOnPath('nats-server') ?? inGoBin('nats-server');
  if (found) return found;
  try {
    return await goInstall(NATS_SERVER_MODULE, 'nats-server', ctx.log, { signal: ctx.signal });
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    throw new StackError(
      `No NATS server answers at ${DEFAULT_NATS_URL} and none could be started: nats-server is not on PATH or in ` +
        `the Go bin folder, and building it failed (${describeError(error)}). Install nats-server (Debian: ` +
        '`apt-get install nats-server`), install Go so the platform can build it, or set NATS_URL to a running ' +
        'NATS server with JetStream.',
    );
  }
}

async function startNats(ctx: StackContext, url: string): Promise<ComponentHandle> {
  const binary = await natsServerBinary(ctx);
  if (ctx.signal.aborted) throw new Cancelled('NATS');
  const { hostname, port } = new URL(url);
  const storeDir = join(ctx.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const logFile = join(ctx.logsDir, 'nats.log');
  const server = startServerProcess(
    binary,
    ['-a', hostname, '-p', port || '4222', '-js', '-sd', storeDir, '-n', 'tatalaman-local'],
    logFile,
  );
  try {
    const { version } = await waitUntilReady(() => probeNats(url, 1_000), {
      timeoutMs: ctx.timeoutMs,
      abortIf: server.exited,
      signal: ctx.signal,
    });
    ctx.log.info(`NATS: started nats-server ${version} with JetStream at ${url} (store ${storeDir})`);
  } catch (error) {
    await server.stop();
    if (ctx.signal.aborted) throw new Cancelled('NATS');
    const reason = error instanceof NotReady ? error.lastError : describeError(error);
    throw new StackError(
      `nats-server (${binary}) did not become ready at ${url}: ${reason}; ${server.logExcerpt()} (full log: ${logFile}). ` +
        'If another program holds the port, stop it; otherwise fix what the log names, or set NATS_URL to a running ' +
        'NATS server with JetStream.',
    );
  }
  return { name: 'nats', url, source: 'started', stop: () => server.stop('SIGTERM') };
}
