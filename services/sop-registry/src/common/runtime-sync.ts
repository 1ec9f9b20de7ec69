import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RemoteError } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { type EntityManager } from 'typeorm';

/**
 * What the schedule and calendar syncers share: calls to the runtime queued in a table
 * and made by passes, one pass at a time per process (a flush after a change waits for a
 * running pass, then makes its own); a loop retries what is still pending every
 * `intervalMs`; shutdown waits for the running pass. Subclasses write the pass.
 */
export abstract class RuntimeSync implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  protected readonly loop: BackgroundLoop;
  private running?: Promise<void>;

  constructor(name: string, what: string) {
    this.logger = new Logger(name);
    this.loop = new BackgroundLoop(
      { name: `${what} pass`, intervalMs: 15_000, initialDelayMs: 1_000, logger: this.logger },
      () => this.flush(),
    );
  }

  /** Retry period; tests shorten it. */
  get intervalMs(): number {
    return this.loop.intervalMs;
  }
  set intervalMs(ms: number) {
    this.loop.intervalMs = ms;
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.running?.catch(() => undefined);
  }

  /** Makes the pending calls. */
  abstract flush(): Promise<void>;

  /** Runs `pass` after any running one. */
  protected async serialised(pass: () => Promise<void>): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = pass();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** One process works on an office's queue at a time (until `manager`'s transaction ends). */
  protected async officeLock(manager: EntityManager, key: string): Promise<boolean> {
    const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
      key,
    ]);
    return locked;
  }

  /** A failed call, as stored in the queue's `last_error` and logged. */
  protected failureText(error: unknown): string {
    const text =
      error instanceof RemoteError ? `${error.status} ${error.code}: ${error.messages.en}` : String(error);
    return text.slice(0, 1000);
  }
}
