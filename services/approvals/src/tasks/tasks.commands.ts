import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { TasksService } from './tasks.service';

@CommandController()
export class TasksCommands {
  constructor(private readonly tasks: TasksService) {}

  @HandleCommand('approvals.inbox.list')
  inbox(req: CommandParsed<'approvals.inbox.list'>): Promise<CommandResponse<'approvals.inbox.list'>> {
    return this.tasks.inbox(req);
  }

  @HandleCommand('approvals.inbox.counts')
  counts(req: CommandParsed<'approvals.inbox.counts'>): Promise<CommandResponse<'approvals.inbox.counts'>> {
    return this.tasks.counts(req);
  }

  @HandleCommand('approvals.task.get')
  get(req: CommandParsed<'approvals.task.get'>): Promise<CommandResponse<'approvals.task.get'>> {
    return this.tasks.get(req, req.taskId);
  }

  @HandleCommand('approvals.task.claim')
  claim(req: CommandParsed<'approvals.task.claim'>): Promise<CommandResponse<'approvals.task.claim'>> {
    return this.tasks.claim(req, req.taskId, req.idempotencyKey);
  }

  @HandleCommand('approvals.task.release')
  release(req: CommandParsed<'approvals.task.release'>): Promise<CommandResponse<'approvals.task.release'>> {
    return this.tasks.release(req, req.taskId, req.idempotencyKey, req.reason || undefined);
  }
}
