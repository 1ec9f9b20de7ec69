import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { callerShape, pageShape, uuidSchema } from '../common/caller';
import { idempotencyKeyOf, parse } from '../common/request';
import { CommentsService } from './comments.service';

const target = {
  taskId: uuidSchema.optional(),
  workflowId: z.string().min(1).max(200).optional(),
};
const needsTarget = (r: { taskId?: string; workflowId?: string }) => Boolean(r.taskId || r.workflowId);
const targetMessage = { message: 'taskId or workflowId is required' };

const addSchema = z
  .object({ ...callerShape, ...target, body: z.string().trim().min(1).max(4000) })
  .refine(needsTarget, targetMessage);
const listSchema = z.object({ ...callerShape, ...pageShape, ...target }).refine(needsTarget, targetMessage);

@CommandController()
export class CommentsCommands {
  constructor(private readonly comments: CommentsService) {}

  @HandleCommand('approvals.comment.add')
  add(
    req: CommandRequest<'approvals.comment.add'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.comment.add'>> {
    const r = parse(addSchema, req);
    return this.comments.add(r, r, idempotencyKeyOf(req, ctx));
  }

  @HandleCommand('approvals.comments.list')
  list(req: CommandRequest<'approvals.comments.list'>): Promise<CommandResponse<'approvals.comments.list'>> {
    const r = parse(listSchema, req);
    return this.comments.list(r, r);
  }
}
