import { type NatsContext } from '@nestjs/microservices';
import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { compact } from '@tatalaman/persistence';
import { correlationOf } from '../common/request';
import { DecisionsService } from './decisions.service';

@CommandController()
export class DecisionsCommands {
  constructor(private readonly decisions: DecisionsService) {}

  @HandleCommand('approvals.task.decide')
  decide(
    req: CommandParsed<'approvals.task.decide'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.task.decide'>> {
    return this.decisions.decide(
      req,
      compact({
        taskId: req.taskId,
        decision: req.decision,
        role: req.role,
        note: req.note,
        reason: req.reason,
        deadline: req.deadline,
      }),
      req.idempotencyKey,
      correlationOf(ctx),
    );
  }

  @HandleCommand('approvals.tasks.bulk-decide')
  bulk(
    req: CommandParsed<'approvals.tasks.bulk-decide'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'approvals.tasks.bulk-decide'>> {
    return this.decisions.bulk(req, req, req.idempotencyKey, correlationOf(ctx));
  }
}
