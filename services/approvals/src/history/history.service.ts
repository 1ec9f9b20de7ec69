import { Injectable } from '@nestjs/common';
import {
  type ApprovalsCaller,
  type CommandRequest,
  type CommandResponse,
  roleCodesOf,
} from '@tatalaman/contracts';
import { DataSource } from 'typeorm';
import { compact, one, rows } from '@tatalaman/persistence';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';
import { DECISION_SELECT, type DecisionRow, toDecisionView } from '../decisions/decision.row';
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
    const run = await one<{
      definition_key: string;
      definition_version: number;
      definition_title: string | null;
      item_id: string | null;
      item_title: string | null;
      content_type: string | null;
      status: 'running' | 'completed' | 'rejected' | 'cancelled';
    }>(
      this.ds,
      `SELECT definition_key, definition_version, definition_title, item_id, item_title, content_type, status
       FROM approvals.runs WHERE office = $1 AND workflow_id = $2`,
      [caller.office, workflowId],
    );
    const decisions = await rows<DecisionRow>(
      this.ds,
      `${DECISION_SELECT} WHERE d.office = $1 AND d.workflow_id = $2 ORDER BY d.decided_at, d.attempt, d.id`,
      [caller.office, workflowId],
    );
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
    const params: unknown[] = [req.office];
    const where = ['d.office = $1'];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (!req.officeAdmin) {
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM approvals.tasks v WHERE v.office = d.office AND v.workflow_id = d.workflow_id AND v.roles && ${p}::text[])`,
        roleCodesOf(req),
      );
    }
    if (req.outcome?.length) add((p) => `d.outcome = ANY(${p}::text[])`, req.outcome);
    if (req.stepId) add((p) => `d.step_id = ${p}`, req.stepId);
    if (req.person) add((p) => `(d.actor_id = ${p} OR d.on_behalf_of_id = ${p})`, req.person);
    if (req.from) add((p) => `d.decided_at >= ${p}::timestamptz`, req.from);
    if (req.to) add((p) => `d.decided_at < ${p}::timestamptz`, req.to);
    if (req.contentType) add((p) => `r.content_type = ${p}`, req.contentType);
    if (req.definitionKey) add((p) => `d.definition_key = ${p}`, req.definitionKey);
    if (req.workflowId) add((p) => `d.workflow_id = ${p}`, req.workflowId);
    const after = decodeCursor(req.cursor, 2);
    if (req.cursor && !after) throw fail.badCursor();
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(d.decided_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const found = await rows<DecisionRow & { k: string }>(
      this.ds,
      `${DECISION_SELECT.replace('SELECT d.*,', 'SELECT d.*, d.decided_at::text AS k,')}
       WHERE ${where.join(' AND ')}
       ORDER BY d.decided_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      decisions: page.map(toDecisionView),
      nextCursor: found.length > limit && last ? encodeCursor([last.k, last.id]) : undefined,
    });
  }
}
