import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { fail } from '../common/failures';
import { CommentsService } from './comments.service';

/** A comment is always about a run: named, or the run of the task named. */
function needsTarget(r: { taskId?: string; workflowId?: string }): void {
  if (!r.taskId && !r.workflowId) {
    throw fail.invalid({ id: 'Sebutkan taskId atau workflowId.', en: 'taskId or workflowId is required.' });
  }
}

@CommandController()
export class CommentsCommands {
  constructor(private readonly comments: CommentsService) {}

  @HandleCommand('approvals.comment.add')
  add(req: CommandParsed<'approvals.comment.add'>): Promise<CommandResponse<'approvals.comment.add'>> {
    needsTarget(req);
    return this.comments.add(req, req, req.idempotencyKey);
  }

  @HandleCommand('approvals.comments.list')
  list(req: CommandParsed<'approvals.comments.list'>): Promise<CommandResponse<'approvals.comments.list'>> {
    needsTarget(req);
    return this.comments.list(req, req);
  }
}
