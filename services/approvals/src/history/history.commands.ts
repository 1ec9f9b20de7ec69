import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { HistoryService } from './history.service';

@CommandController()
export class HistoryCommands {
  constructor(private readonly history: HistoryService) {}

  @HandleCommand('approvals.history.run')
  run(req: CommandParsed<'approvals.history.run'>): Promise<CommandResponse<'approvals.history.run'>> {
    return this.history.run(req, req.workflowId);
  }

  @HandleCommand('approvals.history.search')
  search(
    req: CommandParsed<'approvals.history.search'>,
  ): Promise<CommandResponse<'approvals.history.search'>> {
    return this.history.search(req);
  }
}
