import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IdempotencyStore } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { rows } from '@tatalaman/persistence';

const HOUR = 3_600_000;

/**
 * Keeps the work tables small: idempotency keys only need to outlive client
 * retries (7 days), finished notification jobs and sent e-mails are kept 30
 * days for support questions. Tasks, decisions, comments and notifications
 * stay: they are the record.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private readonly loop = new BackgroundLoop(
    { name: 'housekeeping', intervalMs: HOUR, initialDelayMs: 0, logger: this.logger },
    () => this.tick(),
  );

  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Returns 0 so the loop waits an hour between turns. */
  async tick(): Promise<number> {
    const keys = await this.idempotency.prune(7);
    const jobs = await rows(
      this.ds,
      `DELETE FROM approvals.notification_jobs
       WHERE state <> 'pending' AND created_at < now() - interval '30 days' RETURNING id`,
    );
    const mails = await rows(
      this.ds,
      `DELETE FROM approvals.email_deliveries
       WHERE state <> 'pending' AND created_at < now() - interval '30 days' RETURNING id`,
    );
    if (keys + jobs.length + mails.length) {
      this.logger.log(`pruned ${keys} idempotency key(s), ${jobs.length} job(s), ${mails.length} e-mail(s)`);
    }
    return 0;
  }
}
