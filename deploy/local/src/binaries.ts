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

/**
 * Builds a Go program with `go install`. The first build of the Temporal CLI takes
 * several minutes on two cores, so it prints a heartbeat instead of going quiet.
 */
export async function goInstall(
  modulePath: string,
  binaryName: string,
  log: Log,
  signal?: AbortSignal,
): Promise<string> {
  const go = findGo();
  if (!go) throw new Error('no Go toolchain found (go on PATH or /usr/local/go/bin/go)');
  log.info(
    `Building ${binaryName} with \`go install ${modulePath}\` (several minutes the first time; cached afterwards) ...`,
  );
  const started = Date.now();
  // Killed when another component failed: the Go build cache keeps what was compiled so far.
  const child = spawn(go, ['install', modulePath], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  child.on('error', (e) => (output += `\n${e.message}`));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const heartbeat = setInterval(
    () => log.info(`... still building ${binaryName} (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(heartbeat);
  if (signal?.aborted) throw new Cancelled(`Building ${binaryName}`);
  if (code !== 0) {
    throw new Error(`go install ${modulePath} failed: ${output.trim().split('\n').slice(-5).join(' | ')}`);
  }
  const built = inGoBin(binaryName);
  if (!built)
    throw new Error(`go install ${modulePath} succeeded but ${binaryName} is not in ${goBinDir(go)}`);
  log.info(`Built ${binaryName} in ${Math.round((Date.now() - started) / 1000)} s: ${built}`);
  return built;
}
