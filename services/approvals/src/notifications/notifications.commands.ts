import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse, OFFICE_SLUG } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { BackgroundWork } from '../common/background-work';
import { callerShape, idempotencyKeyShape, pageShape, uuidSchema } from '../common/caller';
import { stableUuid } from '../common/ids';
import { idempotencyKeyOf, parse } from '../common/request';
import { NotificationJobs } from './notification-jobs';
import { NotificationsService } from './notifications.service';

const listSchema = z.object({ ...callerShape, ...pageShape, unreadOnly: z.boolean().optional() });
const markSchema = z
  .object({
    ...callerShape,
    notificationIds: z.array(uuidSchema).max(500).optional(),
    all: z.boolean().optional(),
  })
  .refine((r) => r.all || r.notificationIds?.length, { message: 'notificationIds or all is required' });

const code = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/)
  .max(64);
const sendSchema = z.object({
  office: z.string().regex(OFFICE_SLUG),
  idempotencyKey: idempotencyKeyShape,
  workflowId: z.string().min(1).max(200),
  stepId: code,
  roles: z.array(code).min(1).max(20),
  step: z.object({ number: z.number().int().min(0).max(9999), description: z.string().min(1).max(4000) }),
  about: z.string().max(500).optional(),
});

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
    req: CommandRequest<'approvals.notifications.send'>,
  ): Promise<CommandResponse<'approvals.notifications.send'>> {
    const r = parse(sendSchema, req);
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
    req: CommandRequest<'approvals.notifications.list'>,
  ): Promise<CommandResponse<'approvals.notifications.list'>> {
    const r = parse(listSchema, req);
    return this.notifications.list(r, r);
  }

  @HandleCommand('approvals.notifications.mark-read')
  markRead(
    req: CommandRequest<'approvals.notifications.mark-read'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.notifications.mark-read'>> {
    const r = parse(markSchema, req);
    return this.notifications.markRead(
      r,
      { notificationIds: r.notificationIds, all: r.all },
      idempotencyKeyOf(req, ctx),
    );
  }
}
