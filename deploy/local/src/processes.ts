import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
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
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startServerProcess(
  command: string,
  args: string[],
  logFile: string,
  options: Pick<SpawnOptions, 'uid' | 'gid' | 'env' | 'cwd'> = {},
): ServerProcess {
  mkdirSync(dirname(logFile), { recursive: true });
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

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 8): string {
  if (!existsSync(file)) return '(no log written)';
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}
