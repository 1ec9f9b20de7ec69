import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BackgroundLoop } from '@tatalaman/service-host';
import { SignInLimits } from './identity/auth/sign-in-limits';
import { IdempotencyStore } from './http/idempotency';
import { SessionsService } from './identity/sessions/sessions.service';

/** Hourly: forget idempotency answers older than a day, sessions long over, old sign-in failures. */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new BackgroundLoop(
    { name: 'housekeeping', intervalMs: 3_600_000, logger: new Logger('Housekeeping') },
    () => this.run(),
  );

  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly sessions: SessionsService,
    private readonly signIn: SignInLimits,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  async run(): Promise<void> {
    await this.idempotency.prune();
    await this.sessions.prune();
    await this.signIn.prune();
  }
}
