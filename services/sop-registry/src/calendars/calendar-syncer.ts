import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandClient, RemoteError } from '@tatalaman/messaging';
import { qualified } from '@tatalaman/persistence';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';

interface PendingRow {
  office: string;
  version: number;
}

/**
 * Makes the `worker.calendar.sync` calls that calendar changes queued in
 * `calendar_syncs`, until the runtime confirms each (a runtime that is down, or a run
 * that did not answer, is tried again). Kicked right after a change; a timer retries.
 */
@Injectable()
export class CalendarSyncer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CalendarSyncer');
  private readonly loop = new BackgroundLoop(
    { name: 'calendar sync pass', intervalMs: 15_000, initialDelayMs: 1_000, logger: this.logger },
    () => this.flush(),
  );
  private running?: Promise<void>;
  /** An office with many open runs takes a while: each gets an Update. */
  callTimeoutMs = 120_000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandClient,
  ) {}

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

  /** A change was queued: sync shortly (after its transaction commits), not at the next tick. */
  soon(): void {
    this.loop.kick(300);
  }

  /** Makes the pending calls; one pass at a time per process. */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<void> {
    const table = qualified(this.dataSource, 'calendar_syncs');
    const pending: PendingRow[] = await this.dataSource.query(
      `SELECT office, version FROM ${table} WHERE status = 'pending' ORDER BY requested_at LIMIT 50`,
    );
    for (const row of pending) {
      if (this.loop.stopping) return;
      await this.dataSource.transaction(async (manager) => {
        // One process syncs an office at a time.
        const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
          `registry:calendar:${row.office}`,
        ]);
        if (!locked) return;
        try {
          const result = await this.commands.send(
            'worker.calendar.sync',
            { office: row.office },
            { timeoutMs: this.callTimeoutMs },
          );
          // A newer change queued meanwhile stays pending.
          await manager.query(
            `UPDATE ${table} SET status = 'done', done_at = now(), attempts = attempts + 1, last_error = NULL,
               result = $3 WHERE office = $1 AND version <= $2 AND version <= $4`,
            [row.office, row.version, JSON.stringify(result), result.calendarVersion],
          );
        } catch (e) {
          const message = e instanceof RemoteError ? `${e.status} ${e.code}: ${e.messages.en}` : String(e);
          await manager.query(
            `UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE office = $1`,
            [row.office, message.slice(0, 1000)],
          );
          this.logger.warn(`worker.calendar.sync for ${row.office} failed: ${message}`);
        }
      });
    }
  }
}
