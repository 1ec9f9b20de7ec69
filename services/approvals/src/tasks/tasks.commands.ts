import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { callerSchema, callerShape, pageShape, uuidSchema } from '../common/caller';
import { idempotencyKeyOf, parse } from '../common/request';
import { TasksService } from './tasks.service';

const inboxSchema = z.object({
  ...callerShape,
  ...pageShape,
  status: z
    .array(z.enum(['open', 'deciding', 'postponed']))
    .max(3)
    .optional(),
  claimedByMe: z.boolean().optional(),
  claimed: z.boolean().optional(),
  breached: z.boolean().optional(),
  contentType: z.string().min(1).max(64).optional(),
  definitionKey: z.string().min(1).max(200).optional(),
});
const taskSchema = z.object({ ...callerShape, taskId: uuidSchema });
const releaseSchema = z.object({
  ...callerShape,
  taskId: uuidSchema,
  reason: z.string().max(2000).optional(),
});

@CommandController()
export class TasksCommands {
  constructor(private readonly tasks: TasksService) {}

  @HandleCommand('approvals.inbox.list')
  inbox(req: CommandRequest<'approvals.inbox.list'>): Promise<CommandResponse<'approvals.inbox.list'>> {
    return this.tasks.inbox(parse(inboxSchema, req));
  }

  @HandleCommand('approvals.inbox.counts')
  counts(req: CommandRequest<'approvals.inbox.counts'>): Promise<CommandResponse<'approvals.inbox.counts'>> {
    return this.tasks.counts(parse(callerSchema, req));
  }

  @HandleCommand('approvals.task.get')
  get(req: CommandRequest<'approvals.task.get'>): Promise<CommandResponse<'approvals.task.get'>> {
    const r = parse(taskSchema, req);
    return this.tasks.get(r, r.taskId);
  }

  @HandleCommand('approvals.task.claim')
  claim(
    req: CommandRequest<'approvals.task.claim'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.task.claim'>> {
    const r = parse(taskSchema, req);
    return this.tasks.claim(r, r.taskId, idempotencyKeyOf(req, ctx));
  }

  @HandleCommand('approvals.task.release')
  release(
    req: CommandRequest<'approvals.task.release'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.task.release'>> {
    const r = parse(releaseSchema, req);
    return this.tasks.release(r, r.taskId, idempotencyKeyOf(req, ctx), r.reason?.trim() || undefined);
  }
}
