import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { prefixFor, type Log } from './log';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Polled until it answers 200 before the process counts as ready. */
  healthUrl?: string;
}

interface Running {
  spec: ProcessSpec;
  child?: ChildProcess;
  restarts: number[];
  stopping: boolean;
}

/**
 * Runs the platform's processes side by side with prefixed output, restarts one
 * that crashes (with backoff, and gives up if it keeps crashing), and stops them
 * all on request, newest first.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private readonly width: number;

  /** `pidDir`: where each process's pid is written (`<name>.pid`), for tools and fault tests. */
  constructor(
    private readonly log: Log,
    names: string[],
    private readonly pidDir?: string,
  ) {
    this.width = Math.max(12, ...names.map((n) => n.length));
    if (pidDir) mkdirSync(pidDir, { recursive: true });
  }

  start(spec: ProcessSpec): void {
    const entry: Running = { spec, restarts: [], stopping: false };
    this.running.push(entry);
    this.spawn(entry);
  }

  private spawn(entry: Running): void {
    const { spec } = entry;
    const prefix = prefixFor(spec.name, this.running.indexOf(entry) + 1, this.width);
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: Ctrl-C reaches the supervisor only, which stops children in order.
      detached: true,
    });
    entry.child = child;
    if (this.pidDir && child.pid) writeFileSync(join(this.pidDir, `${spec.name}.pid`), String(child.pid));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
    }
    child.on('exit', (code, signal) => {
      if (entry.stopping) return;
      const now = Date.now();
      entry.restarts = entry.restarts.filter((t) => now - t < 60_000).concat(now);
      const how = signal ? `on ${signal}` : `with code ${code}`;
      if (entry.restarts.length > 5) {
        this.log.error(
          `${spec.name} exited ${how} and keeps crashing (6 times in a minute); not restarting it.`,
        );
        return;
      }
      const delay = 500 * 2 ** (entry.restarts.length - 1);
      this.log.warn(`${spec.name} exited ${how}; restarting in ${delay} ms.`);
      setTimeout(() => !entry.stopping && this.spawn(entry), delay);
    });
  }

  /** Waits until every process with a health URL answers 200. */
  async waitHealthy(timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(this.running.filter((r) => r.spec.healthUrl).map((r) => r.spec.name));
    while (pending.size && Date.now() < deadline) {
      await Promise.all(
        this.running
          .filter((r) => pending.has(r.spec.name))
          .map(async (r) => {
            try {
              const res = await fetch(r.spec.healthUrl!, { signal: AbortSignal.timeout(2_000) });
              if (res.ok) pending.delete(r.spec.name);
            } catch {
              // not listening yet
            }
          }),
      );
      if (pending.size) await sleep(300);
    }
    return [...pending];
  }

  async stopAll(graceMs = 15_000): Promise<void> {
    await Promise.all(
      [...this.running].reverse().map(async (entry) => {
        entry.stopping = true;
        const child = entry.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        if (this.pidDir) rmSync(join(this.pidDir, `${entry.spec.name}.pid`), { force: true });
      }),
    );
  }
}

/** Runs a command to completion with prefixed output; resolves with its exit code. */
export function runStep(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
  quiet = false,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const prefix = prefixFor(name, 0);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output += line + '\n';
        if (!quiet) process.stdout.write(`${prefix} ${line}\n`);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (e) => resolve({ code: 1, output: e.message }));
  });
}
