import { homedir } from 'node:os';
import { join } from 'node:path';
import { findGo, goInstall, isExecutable } from '../../local/src/binaries';
import type { Log } from '../../local/src/log';
import { StackError, describeError } from '../../local/src/stack-error';

/**
 * The Go programs the cluster and the manifest checks need, pinned. Each version is
 * built once with `go install` into its own folder of the user's cache, so every clone
 * on the machine reuses it and a version bump builds the new one beside the old.
 */
export interface GoTool {
  /** What the progress lines call it. */
  label: string;
  module: string;
  version: string;
  /** Packages of the module to build (one `go install` for all), relative to the module. */
  packages: string[];
  /** The binaries those packages produce, in the same order. */
  binaries: string[];
}

export const goTools = {
  // v1.31 and later declare a newer Go than these machines have; v1.30.4 has no `replace`.
  temporal: {
    label: 'the Temporal server',
    module: 'go.temporal.io/server',
    version: 'v1.30.4',
    packages: ['cmd/server', 'cmd/tools/sql'],
    binaries: ['server', 'sql'],
  },
  // Debian's nats-server is 2.9; clustering with sync_interval and current JetStream fixes need 2.10+.
  nats: {
    label: 'nats-server',
    module: 'github.com/nats-io/nats-server/v2',
    version: 'v2.15.3',
    packages: [''],
    binaries: ['nats-server'],
  },
  // The web UI as its own server; the version the Temporal CLI v1.5.1 embeds (its module ships the built UI).
  temporalUi: {
    label: 'the Temporal UI',
    module: 'github.com/temporalio/ui-server/v2',
    version: 'v2.42.1',
    packages: ['cmd/server'],
    binaries: ['server'],
  },
  helm: {
    label: 'helm',
    module: 'helm.sh/helm/v3',
    version: 'v3.22.1',
    packages: ['cmd/helm'],
    binaries: ['helm'],
  },
} satisfies Record<string, GoTool>;

export type GoToolName = keyof typeof goTools;

/** `CLUSTER_TOOLS_DIR`, else `$XDG_CACHE_HOME/tatalaman/go-tools`, else `~/.cache/tatalaman/go-tools`. */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLUSTER_TOOLS_DIR) return env.CLUSTER_TOOLS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tatalaman', 'go-tools');
}

export function toolBinDir(tool: GoTool, env: NodeJS.ProcessEnv = process.env): string {
  const short = tool.module
    .split('/')
    .filter((p) => !/^v\d+$/.test(p))
    .pop();
  return join(toolsDir(env), `${short}@${tool.version}`);
}

/** The tool's binaries if already built, else undefined. */
export function builtTool(tool: GoTool, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const dir = toolBinDir(tool, env);
  const paths = tool.binaries.map((b) => join(dir, b));
  return paths.every(isExecutable) ? paths : undefined;
}

const pending = new Map<string, Promise<string[]>>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * The tool's binaries, built with `nice go install` when missing. Builds run one at a
 * time (each uses every core already), with a progress line every 30 s.
 */
export function ensureTool(tool: GoTool, log: Log): Promise<string[]> {
  const ready = builtTool(tool);
  if (ready) return Promise.resolve(ready);
  const key = `${tool.module}@${tool.version}`;
  let build = pending.get(key);
  if (!build) {
    build = queue.then(() => buildTool(tool, log));
    queue = build.catch(() => undefined);
    pending.set(key, build);
    build.catch(() => pending.delete(key));
  }
  return build;
}

async function buildTool(tool: GoTool, log: Log): Promise<string[]> {
  if (!findGo()) {
    throw new StackError(
      `${tool.label} (${tool.module}@${tool.version}) is not built yet and this machine has no Go toolchain ` +
        '(go on PATH or /usr/local/go/bin/go). Install Go 1.26 or newer and run the command again; the build ' +
        `goes to ${toolBinDir(tool)} and is reused from then on.`,
    );
  }
  const specs = tool.packages.map((p) => `${tool.module}${p ? '/' + p : ''}@${tool.version}`);
  try {
    await goInstall(specs[0]!, tool.binaries[0]!, log, {
      binDir: toolBinDir(tool),
      niceness: 10,
      alsoInstall: specs.slice(1),
      label: tool.label,
    });
  } catch (error) {
    throw new StackError(
      `Building ${tool.label} with \`go install ${specs.join(' ')}\` failed (${describeError(error)}). ` +
        'Check that the Go module proxy is reachable (go env GOPROXY) and that Go is recent enough for that ' +
        `version, then run the command again; a finished build is kept in ${toolBinDir(tool)}.`,
    );
  }
  const built = builtTool(tool);
  if (!built)
    throw new StackError(
      `go install for ${tool.label} finished but ${tool.binaries.join(', ')} are not all in ${toolBinDir(tool)}.`,
    );
  return built;
}
