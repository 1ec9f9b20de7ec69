import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { compact } from '@tatalaman/persistence';
import { callerShape, uuidSchema } from '../common/caller';
import { correlationOf, idempotencyKeyOf, parse } from '../common/request';
import { DECISION_OUTCOMES } from './decision.row';
import { DecisionsService } from './decisions.service';

const text = z.string().max(4000).optional();

const decideSchema = z.object({
  ...callerShape,
  taskId: uuidSchema,
  decision: z.enum(DECISION_OUTCOMES as [string, ...string[]]),
  role: z.string().min(1).max(64).optional(),
  note: text,
  reason: text,
});

const bulkSchema = z.object({
  ...callerShape,
  taskIds: z.array(uuidSchema).min(1).max(100),
  decision: z.enum(['approve', 'send-back']),
  reason: text,
  note: text,
});

@CommandController()
export class DecisionsCommands {
  constructor(private readonly decisions: DecisionsService) {}

  @HandleCommand('approvals.task.decide')
  decide(
    req: CommandRequest<'approvals.task.decide'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.task.decide'>> {
    const r = parse(decideSchema, req);
    return this.decisions.decide(
      r,
      compact({
        taskId: r.taskId,
        decision: req.decision,
        role: r.role,
        note: r.note,
        reason: r.reason,
      }),
      idempotencyKeyOf(req, ctx),
      correlationOf(ctx),
    );
  }

  @HandleCommand('approvals.tasks.bulk-decide')
  bulk(
    req: CommandRequest<'approvals.tasks.bulk-decide'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.tasks.bulk-decide'>> {
    const r = parse(bulkSchema, req);
    return this.decisions.bulk(r, r, idempotencyKeyOf(req, ctx), correlationOf(ctx));
  }
}
