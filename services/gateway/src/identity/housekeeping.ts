import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SignInLimits } from '../auth/sign-in-limits';
import { IdempotencyStore } from '../http/idempotency';
import { SessionsService } from '../sessions/sessions.service';

/** Hourly: forget idempotency answers older than a day, sessions long over, old sign-in failures. */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly sessions: SessionsService,
    private readonly signIn: SignInLimits,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      await this.idempotency.prune();
      await this.sessions.prune();
      await this.signIn.prune();
    } catch (e) {
      this.logger.warn(`housekeeping failed: ${(e as Error).message}`);
    }
  }
}
