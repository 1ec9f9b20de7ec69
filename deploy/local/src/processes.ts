import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A server process we started. It runs in its own process group, so Ctrl-C in the
 * terminal reaches only the stack CLI, which then stops the services before the
 * servers they depend on.
 */
export interface ServerProcess {
  child: ChildProcess;
  logFile: string;
  exited(): string | undefined;
  /** The telling line of what this process wrote to its log (earlier runs' lines excluded). */
  logExcerpt(): string;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startServerProcess(
  command: string,
  args: string[],
  logFile: string,
  options: Pick<SpawnOptions, 'uid' | 'gid' | 'env' | 'cwd'> = {},
): ServerProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  // The child writes straight to the file: its log survives us and needs no pipe.
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = signal ? `exited on ${signal}` : `exited with code ${code}`));
  child.on('error', (e) => (exit = `could not start: ${e.message}`));
  return {
    child,
    logFile,
    exited: () => exit,
    logExcerpt: () => logExcerpt(logFile, logStart),
    async stop(signal = 'SIGTERM', graceMs = 20_000) {
      if (exit || child.pid === undefined) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

/**
 * The line of a server's log that most likely says why it stopped (the last error-like
 * line, else the last line), flattened and shortened to fit one paragraph of an error message.
 */
export function logExcerpt(file: string, fromByte = 0): string {
  if (!existsSync(file)) return 'it wrote no log';
  const lines = readFileSync(file)
    .subarray(fromByte)
    .toString('utf8')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return 'its log is empty';
  const telling = [...lines]
    .reverse()
    .find((l) => /\b(fatal|panic|error|failed|cannot|could not)\b/i.test(l));
  const line = (telling ?? lines[lines.length - 1]!).replace(/\s+/g, ' ');
  return `its log says: "${line.length > 300 ? line.slice(0, 297) + '...' : line}"`;
}
