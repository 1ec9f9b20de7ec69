import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { callerShape, pageShape, uuidSchema } from '../common/caller';
import { idempotencyKeyOf, parse } from '../common/request';
import { NotificationsService } from './notifications.service';

const listSchema = z.object({ ...callerShape, ...pageShape, unreadOnly: z.boolean().optional() });
const markSchema = z
  .object({
    ...callerShape,
    notificationIds: z.array(uuidSchema).max(500).optional(),
    all: z.boolean().optional(),
  })
  .refine((r) => r.all || r.notificationIds?.length, { message: 'notificationIds or all is required' });

@CommandController()
export class NotificationsCommands {
  constructor(private readonly notifications: NotificationsService) {}

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
