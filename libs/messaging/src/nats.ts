import { Logger } from '@nestjs/common';
import { readDotEnv } from '@tatalaman/config';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface ConnectNatsOptions {
  /** nats://host:port, or several separated by commas. */
  url: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
  /** How long the first connection attempt may take (default 5 s). */
  timeoutMs?: number;
  logger?: Pick<Logger, 'log' | 'warn' | 'error'>;
}

export class NatsUnavailable extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `NATS is not reachable at ${url} (${(cause as Error)?.message ?? cause}). Start the stack with ` +
        '`npm start` (or `npm run stack -- up`), or point NATS_URL at a running nats-server with JetStream.',
    );
    this.name = 'NatsUnavailable';
  }
}

/** NATS_URL (environment first, then `.env`, as loadConfig() reads it), or the local default. */
export function natsUrlFromEnv(env: NodeJS.ProcessEnv = { ...readDotEnv(), ...process.env }): string {
  return env.NATS_URL || 'nats://127.0.0.1:4222';
}

/**
 * Connects once (failing fast with a clear error if nobody answers), then keeps
 * reconnecting forever: a service outlives a NATS restart. Status changes are
 * logged. Close with `closeNats()` (drains: in-flight messages finish).
 */
export async function connectNats(opts: ConnectNatsOptions): Promise<NatsConnection> {
  const logger = opts.logger ?? new Logger(`Nats:${opts.name}`);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: opts.url.split(',').map((s) => s.trim()),
      name: opts.name,
      timeout: opts.timeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      pingInterval: 20_000,
    });
  } catch (e) {
    throw new NatsUnavailable(opts.url, e);
  }
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') logger.warn(`disconnected from ${s.server}`);
      else if (s.type === 'reconnect') logger.log(`reconnected to ${s.server}`);
      else if (s.type === 'error') logger.error(`connection error: ${s.error.message}`);
    }
  })().catch(() => undefined);
  return nc;
}

/** Drains (finishes in-flight work, flushes) unless already closed. */
export async function closeNats(nc: NatsConnection | undefined): Promise<void> {
  if (!nc || nc.isClosed()) return;
  try {
    await nc.drain();
  } catch {
    // Draining a connection that is already closing throws; closing is what we want anyway.
    if (!nc.isClosed()) await nc.close();
  }
}

/** Whether the connected server is at least `version` (e.g. multiple consumer filters need 2.10.0). */
export function serverAtLeast(nc: NatsConnection, version: string): boolean {
  const parse = (v: string) =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((n) => parseInt(n, 10) || 0);
  const have = parse(nc.info?.version ?? '0.0.0');
  const want = parse(version);
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== want[i]!) return have[i]! > want[i]!;
  }
  return true;
}
