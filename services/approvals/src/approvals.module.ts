import { type DynamicModule, Module } from '@nestjs/common';
import { type Config } from '@tatalaman/config';
import { IDEMPOTENCY_OPTIONS, IdempotencyStore, MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { APP_CONFIG } from '@tatalaman/service-host';
import { CommentsCommands } from './comments/comments.commands';
import { CommentsService } from './comments/comments.service';
import { BackgroundWork } from './common/background-work';
import { Housekeeping } from './common/housekeeping';

import { APPROVALS_OPTIONS, type ApprovalsOptions, type ResolvedOptions } from './common/options';
import { DecisionHistory } from './decisions/decision-history';
import { DecisionsCommands } from './decisions/decisions.commands';
import { DecisionsService } from './decisions/decisions.service';
import { HistoryCommands } from './history/history.commands';
import { HistoryService } from './history/history.service';
import { RunAccess } from './history/run-access';
import { UserDeactivatedHandler } from './identity/user-deactivated.handler';
import { NOTIFICATION_CHANNELS } from './notifications/channel';
import { EmailChannel } from './notifications/email.channel';
import { EmailSender } from './notifications/email.sender';
import { InAppChannel } from './notifications/in-app.channel';
import { NotificationJobs } from './notifications/notification-jobs';
import { NotificationWorker } from './notifications/notification.worker';
import { NotificationsCommands } from './notifications/notifications.commands';
import { NotificationsService } from './notifications/notifications.service';
import { RunDetailsFetcher } from './runs/run-details.fetcher';
import { RUN_EVENTS, RunEventsProjection } from './tasks/run-events.projection';
import { TasksCommands } from './tasks/tasks.commands';
import { TasksService } from './tasks/tasks.service';
import { persistence } from './persistence';

/**
 * The approvals service: the inbox of human steps (a projection of the runs
 * events), claims, decisions forwarded to the runtime, comments, the decision
 * history and notifications. Runs inside the app `createService` builds (it
 * provides APP_CONFIG and the health registry).
 */
@Module({})
export class ApprovalsModule {
  static register(options: ApprovalsOptions = {}): DynamicModule {
    return {
      module: ApprovalsModule,
      imports: [
        PersistenceModule.forService({
          ...persistence,
          url: options.databaseUrl,
        }),
        MessagingModule.forService({
          service: 'approvals',
          produces: ['approvals', 'audit'],
          consumes: [
            // One durable for the inbox: every run event applied in one transaction with its inbox row.
            { purpose: 'inbox', events: RUN_EVENTS, handler: RunEventsProjection },
            { purpose: 'identity', events: ['identity.user-deactivated'], handler: UserDeactivatedHandler },
          ],
        }),
      ],
      controllers: [
        TasksCommands,
        DecisionsCommands,
        CommentsCommands,
        HistoryCommands,
        NotificationsCommands,
      ],
      providers: [
        {
          provide: APPROVALS_OPTIONS,
          inject: [APP_CONFIG],
          useFactory: (config: Config): ResolvedOptions => ({
            pollIntervalMs: options.pollIntervalMs ?? 1000,
            smtpUrl: options.smtpUrl === null ? undefined : (options.smtpUrl ?? config.SMTP_URL),
            publicBaseUrl: (options.publicBaseUrl ?? config.PUBLIC_BASE_URL).replace(/\/+$/, ''),
          }),
        },
        {
          provide: NOTIFICATION_CHANNELS,
          inject: [APPROVALS_OPTIONS, InAppChannel, EmailChannel],
          useFactory: (resolved: ResolvedOptions, inApp: InAppChannel, email: EmailChannel) =>
            resolved.smtpUrl ? [inApp, email] : [inApp],
        },
        BackgroundWork,
        Housekeeping,
        // Keys are per caller: two people may send the same key.
        { provide: IDEMPOTENCY_OPTIONS, useValue: { scope: 'actor' } },
        IdempotencyStore,
        DecisionHistory,
        NotificationJobs,
        RunEventsProjection,
        UserDeactivatedHandler,
        RunDetailsFetcher,
        TasksService,
        DecisionsService,
        CommentsService,
        RunAccess,
        HistoryService,
        InAppChannel,
        EmailChannel,
        NotificationWorker,
        EmailSender,
        NotificationsService,
      ],
    };
  }
}
