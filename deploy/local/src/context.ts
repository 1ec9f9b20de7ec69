import type { Config, VariableName } from '@tatalaman/config';
import type { Log } from './log';

/** What every stack component needs to decide where its server comes from. */
export interface StackContext {
  config: Config;
  /** True when the operator set the variable (env or .env) rather than relying on the default. */
  explicit(name: VariableName): boolean;
  dataDir: string;
  logsDir: string;
  log: Log;
  timeoutMs: number;
  /** Aborted when another component failed: stop waiting, stop what was started, throw Cancelled. */
  signal: AbortSignal;
  /** Extra `-c name=value` settings for an embedded Postgres this context starts (the cluster raises max_connections). */
  postgresSettings?: Record<string, string>;
}

/** A running server the platform will use, and whether we own its lifetime. */
export interface ComponentHandle {
  name: string;
  /** The address services connect to. */
  url: string;
  /** external: named by the operator; reused: found already running at the default address; started: we run it. */
  source: 'external' | 'reused' | 'started';
  /** Extra addresses worth printing (e.g. a web UI). */
  links?: Record<string, string>;
  /** Stops the server if we started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/** Probing an address the operator named gets a short wait: a stopped server should fail fast. */
export const EXTERNAL_PROBE_MS = 5_000;
