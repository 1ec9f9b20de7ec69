import { Logger } from '@nestjs/common';

export interface BackgroundLoopOptions {
  /** Names the loop in its logs. */
  name: string;
  /** Pause between ticks when the last one succeeded and found nothing more to do. */
  intervalMs: number;
  /** Pause before the first tick; `intervalMs` unless given (0: at once). */
  initialDelayMs?: number;
  /** Longest pause after failures; the pause doubles per failure up to it. */
  maxBackoffMs?: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
}

/**
 * Every timer of the services: a tick, then a pause, until stopped. Start it after
 * bootstrap; `stop()` (before shutdown) waits for a running tick, so nothing writes after
 * the connections close. A tick that returns a positive count (items handled) is followed
 * at once by another; a failing tick is retried after a pause that doubles per failure up
 * to `maxBackoffMs`, and a streak of failures is logged once (and its end once), so a
 * database that is down does not flood the log.
 */
export class BackgroundLoop {
  /** Read before each pause, so tests may shorten it while the loop runs. */
  intervalMs: number;
  private readonly name: string;
  private readonly initialDelayMs: number;
  private readonly maxBackoffMs: number;
  private readonly logger: Pick<Logger, 'warn' | 'log'>;
  private loop?: Promise<void>;
  private current?: Promise<number | void>;
  private stopRequested = false;
  private kicked = false;
  private wake?: () => void;
  private kickTimer?: NodeJS.Timeout;
  private streak = 0;

  constructor(
    options: BackgroundLoopOptions,
    private readonly tick: () => Promise<number | void>,
  ) {
    this.name = options.name;
    this.intervalMs = options.intervalMs;
    this.initialDelayMs = options.initialDelayMs ?? options.intervalMs;
    this.maxBackoffMs = options.maxBackoffMs ?? Math.max(options.intervalMs, 30_000);
    this.logger = options.logger ?? new Logger(options.name);
  }

  /** Failed ticks in a row (0 after a success). */
  get failures(): number {
    return this.streak;
  }

  /** True once `stop()` was called: long ticks check it to end early. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  start(): void {
    if (this.loop || this.stopRequested) return;
    this.loop = this.run();
  }

  /**
   * Work may be waiting (e.g. a transaction that queued some just committed): tick after
   * `afterMs` instead of at the end of the pause. Does nothing unless the loop runs.
   */
  kick(afterMs = 0): void {
    if (!this.loop || this.stopRequested) return;
    if (afterMs > 0) {
      if (this.kickTimer) return;
      this.kickTimer = setTimeout(() => {
        this.kickTimer = undefined;
        this.kick();
      }, afterMs);
      this.kickTimer.unref();
      return;
    }
    this.kicked = true;
    this.wake?.();
  }

  /**
   * One tick now, or the one already running (ticks never overlap). Its failure counts in
   * the streak like the loop's own and is not thrown: callers that need the error call
   * the work directly.
   */
  async runNow(): Promise<number> {
    this.current ??= this.tick().finally(() => (this.current = undefined));
    try {
      const handled = (await this.current) ?? 0;
      if (this.streak > 0) this.logger.log(`${this.name}: recovered after ${this.streak} failed tick(s)`);
      this.streak = 0;
      return handled;
    } catch (error) {
      if (this.streak++ === 0)
        this.logger.warn(
          `${this.name} failed (retrying with backoff, logged once until it recovers): ${error instanceof Error ? error.message : String(error)}`,
        );
      return 0;
    }
  }

  /** Stops ticking and waits for a running tick to end. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    clearTimeout(this.kickTimer);
    this.wake?.();
    await this.loop;
    await this.current?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    await this.pause(this.initialDelayMs);
    while (!this.stopRequested) {
      this.kicked = false;
      const handled = await this.runNow();
      if (this.stopRequested) break;
      if (this.streak === 0 && (handled > 0 || this.kicked)) continue;
      await this.pause(
        this.streak ? Math.min(this.intervalMs * 2 ** this.streak, this.maxBackoffMs) : this.intervalMs,
      );
    }
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopRequested || this.kicked || ms <= 0) return;
    await new Promise<void>((resolve) => {
      // Unref'd like the intervals it replaced: a loop alone keeps no process alive.
      const timer = setTimeout(resolve, ms).unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
