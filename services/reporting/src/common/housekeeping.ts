import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IdempotencyStore } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';

const HOUR = 3_600_000;

/**
 * Keeps work tables small, hourly: idempotency keys outlive client retries (7 days);
 * `applied_events` only needs to outlive redeliveries and a rebuild's catch-up (30 days,
 * like the consumers' inbox).
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new BackgroundLoop(
    { name: 'housekeeping', intervalMs: HOUR, logger: new Logger('Housekeeping') },
    () => this.tick(),
  );

  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  async tick(): Promise<void> {
    await this.idempotency.prune(7);
    await this.ds.query(
      `DELETE FROM reporting.applied_events WHERE event_id IN (
         SELECT event_id FROM reporting.applied_events WHERE applied_at < now() - interval '30 days' LIMIT 50000)`,
    );
  }
}
