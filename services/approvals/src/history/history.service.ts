import { Injectable } from '@nestjs/common';
import {
  type ApprovalsCaller,
  type CommandRequest,
  type CommandResponse,
  roleCodesOf,
} from '@tatalaman/contracts';
import { DataSource } from 'typeorm';
import { compact } from '@tatalaman/persistence';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';
import { toDecisionView } from '../decisions/decision.row';
import { runDecisions, runHeader, searchDecisions } from './history.queries';
import { RunAccess } from './run-access';

/** The decision history: who decided what, when, in which role, why. */
@Injectable()
export class HistoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: RunAccess,
  ) {}

  async run(caller: ApprovalsCaller, workflowId: string): Promise<CommandResponse<'approvals.history.run'>> {
    await this.access.run(this.ds, caller, workflowId);
    const run = await runHeader(this.ds, caller.office, workflowId);
    const decisions = await runDecisions(this.ds, caller.office, workflowId);
    return compact({
      workflowId,
      definition: compact({
        key: run!.definition_key,
        version: run!.definition_version,
        title: run!.definition_title ?? undefined,
      }),
      item: run!.item_id
        ? compact({
            id: run!.item_id,
            title: run!.item_title ?? undefined,
            contentType: run!.content_type ?? undefined,
          })
        : undefined,
      status: run!.status,
      decisions: decisions.map(toDecisionView),
    });
  }

  async search(
    req: CommandRequest<'approvals.history.search'>,
  ): Promise<CommandResponse<'approvals.history.search'>> {
    const limit = pageLimit(req.limit);
    const after = decodeCursor(req.cursor, 2);
    if (req.cursor && !after) throw fail.badCursor();
    const found = await searchDecisions(this.ds, {
      ...req,
      roles: req.officeAdmin ? undefined : roleCodesOf(req),
      after,
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      decisions: page.map(toDecisionView),
      nextCursor: found.length > limit && last ? encodeCursor([last.k, last.id]) : undefined,
    });
  }
}
