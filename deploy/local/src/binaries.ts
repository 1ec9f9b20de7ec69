import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Log } from './log';
import { Cancelled } from './stack-error';

/** Finds an executable on PATH (plus the sbin folders Debian puts servers in). */
export function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/local/sbin', '/usr/sbin', '/sbin']);
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Go toolchain, if this machine has one. */
export function findGo(): string | undefined {
  return findOnPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** Where `go install` puts binaries: GOBIN, else GOPATH/bin. */
export function goBinDir(go = findGo()): string | undefined {
  if (!go) return undefined;
  const out = spawnSync(go, ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const [gobin, gopath] = out.stdout.split('\n').map((s) => s.trim());
  if (gobin) return gobin;
  return gopath ? join(gopath.split(delimiter)[0]!, 'bin') : undefined;
}

export function inGoBin(name: string): string | undefined {
  const dir = goBinDir();
  const candidate = dir && join(dir, name);
  return candidate && existsSync(candidate) && isExecutable(candidate) ? candidate : undefined;
}

export interface GoInstallOptions {
  /** Where the binaries go (GOBIN); default: Go's own bin folder. */
  binDir?: string;
  /** Runs the compiler under `nice` at this level, so servers already running keep their share of the CPU. */
  niceness?: number;
  /** More packages of the same module and version, built by the same command (they share compile work). */
  alsoInstall?: string[];
  /** What the progress lines call it (default: the binary's name). */
  label?: string;
  /** Aborted when another component failed: the build is killed and `Cancelled` thrown. */
  signal?: AbortSignal;
}

/**
 * Builds a Go program with `go install`. The first build of the Temporal CLI takes
 * several minutes on two cores, so it prints a heartbeat instead of going quiet.
 */
export async function goInstall(
  modulePath: string,
  binaryName: string,
  log: Log,
  options: GoInstallOptions = {},
): Promise<string> {
  const go = findGo();
  if (!go) throw new Error('no Go toolchain found (go on PATH or /usr/local/go/bin/go)');
  const label = options.label ?? binaryName;
  log.info(
    `Building ${label} with \`go install ${modulePath}\` (several minutes the first time; cached afterwards) ...`,
  );
  const started = Date.now();
  const goArgs = ['install', modulePath, ...(options.alsoInstall ?? [])];
  const nice = options.niceness !== undefined ? findOnPath('nice') : undefined;
  const [command, args] = nice ? [nice, ['-n', String(options.niceness), go, ...goArgs]] : [go, goArgs];
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.binDir ? { ...process.env, GOBIN: options.binDir } : process.env,
    // Killed when another component failed: the Go build cache keeps what was compiled so far.
    signal: options.signal,
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const heartbeat = setInterval(
    () => log.info(`... still building ${label} (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  const code = await new Promise<number | null>((resolve) => {
    child.on('close', resolve);
    child.on('error', (e) => {
      output += e.message;
      resolve(null);
    });
  });
  clearInterval(heartbeat);
  if (options.signal?.aborted) throw new Cancelled(`Building ${label}`);
  if (code !== 0) {
    throw new Error(`go install ${modulePath} failed: ${output.trim().split('\n').slice(-5).join(' | ')}`);
  }
  const dir = options.binDir ?? goBinDir(go);
  const built = dir && join(dir, binaryName);
  if (!built || !isExecutable(built))
    throw new Error(`go install ${modulePath} succeeded but ${binaryName} is not in ${dir}`);
  log.info(`Built ${label} in ${Math.round((Date.now() - started) / 1000)} s: ${built}`);
  return built;
}
