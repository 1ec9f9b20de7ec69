import { type Logger } from '@nestjs/common';

/**
 * A background loop over a work table: runs `tick` (which returns how many
 * items it handled), again at once while there is work, otherwise after
 * `intervalMs` or when kicked. Errors are logged and retried on the next turn.
 */
export class PollingLoop {
  private running?: Promise<void>;
  private stopped = true;
  private kicked = false;
  private wake?: () => void;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<number>,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Work may be waiting (e.g. a transaction that queued some just committed). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.kicked = false;
      let handled = 0;
      try {
        handled = await this.tick();
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.warn(`${this.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.stopped) break;
      if (handled > 0 && failures === 0) continue;
      if (this.kicked && failures === 0) continue;
      const delay = failures ? Math.min(this.intervalMs * 2 ** failures, 30_000) : this.intervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/** Retry delay after `attempts` failures: 2 s, 10 s, 30 s, 2 min, 5 min, then 15 min. */
export function backoffSeconds(attempts: number): number {
  const steps = [2, 10, 30, 120, 300];
  return steps[attempts - 1] ?? 900;
}
