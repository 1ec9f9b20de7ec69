import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { callerShape, pageShape } from '../common/caller';
import { parse } from '../common/request';
import { DECISION_OUTCOMES } from '../decisions/decision.row';
import { HistoryService } from './history.service';

const runSchema = z.object({ ...callerShape, workflowId: z.string().min(1).max(200) });
const searchSchema = z.object({
  ...callerShape,
  ...pageShape,
  outcome: z
    .array(z.enum(DECISION_OUTCOMES as [string, ...string[]]))
    .max(8)
    .optional(),
  stepId: z.string().min(1).max(200).optional(),
  person: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  contentType: z.string().min(1).max(64).optional(),
  definitionKey: z.string().min(1).max(200).optional(),
  workflowId: z.string().min(1).max(200).optional(),
});

@CommandController()
export class HistoryCommands {
  constructor(private readonly history: HistoryService) {}

  @HandleCommand('approvals.history.run')
  run(req: CommandRequest<'approvals.history.run'>): Promise<CommandResponse<'approvals.history.run'>> {
    const r = parse(runSchema, req);
    return this.history.run(r, r.workflowId);
  }

  @HandleCommand('approvals.history.search')
  search(
    req: CommandRequest<'approvals.history.search'>,
  ): Promise<CommandResponse<'approvals.history.search'>> {
    parse(searchSchema, req);
    return this.history.search(req);
  }
}
