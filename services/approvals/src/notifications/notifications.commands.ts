import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { BackgroundWork } from '../common/background-work';
import { fail } from '../common/failures';
import { stableUuid } from '../common/ids';
import { NotificationJobs } from './notification-jobs';
import { NotificationsService } from './notifications.service';

@CommandController()
export class NotificationsCommands {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly jobs: NotificationJobs,
    private readonly ds: DataSource,
    private readonly background: BackgroundWork,
  ) {}

  /** An SOP's automatic `notify` step: the same queue and channels as the run events' notifications. */
  @HandleCommand('approvals.notifications.send')
  async send(
    r: CommandParsed<'approvals.notifications.send'>,
  ): Promise<CommandResponse<'approvals.notifications.send'>> {
    const job = await this.ds.transaction((manager) =>
      this.jobs.enqueueOnce(manager, {
        office: r.office,
        kind: 'notice',
        // One notice per run, step, attempt and retry (the runtime's idempotency key).
        causeEventId: stableUuid('notice', r.office, r.idempotencyKey),
        workflowId: r.workflowId,
        roles: r.roles,
        data: {
          stepId: r.stepId,
          stepNumber: r.step.number,
          description: r.step.description,
          ...(r.about ? { about: r.about } : {}),
        },
      }),
    );
    if (job.queued) this.background.afterCommit('notifications');
    return { notificationJobId: job.id!, queued: job.queued };
  }

  @HandleCommand('approvals.notifications.list')
  list(
    req: CommandParsed<'approvals.notifications.list'>,
  ): Promise<CommandResponse<'approvals.notifications.list'>> {
    return this.notifications.list(req, req);
  }

  @HandleCommand('approvals.notifications.mark-read')
  markRead(
    req: CommandParsed<'approvals.notifications.mark-read'>,
  ): Promise<CommandResponse<'approvals.notifications.mark-read'>> {
    if (!req.all && !req.notificationIds?.length) {
      throw fail.invalid({
        id: 'Sebutkan notificationIds atau all.',
        en: 'notificationIds or all is required.',
      });
    }
    return this.notifications.markRead(
      req,
      { notificationIds: req.notificationIds, all: req.all },
      req.idempotencyKey,
    );
  }
}
