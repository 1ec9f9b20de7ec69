import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyStore } from './idempotency';

const HOUR = 3_600_000;

/**
 * Keeps work tables small, hourly: idempotency keys outlive client retries (7 days);
 * `applied_events` only needs to outlive redeliveries and a rebuild's catch-up (30 days,
 * like the consumers' inbox).
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((e: Error) => this.logger.warn(`housekeeping failed: ${e.message}`))
        .finally(() => (this.running = undefined));
    }, HOUR);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    await this.idempotency.prune(7);
    await this.ds.query(
      `DELETE FROM reporting.applied_events WHERE event_id IN (
         SELECT event_id FROM reporting.applied_events WHERE applied_at < now() - interval '30 days' LIMIT 50000)`,
    );
  }
}
