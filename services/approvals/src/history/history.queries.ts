// The decision history's SQL: a run's header and decisions, and the search across runs.
// Every statement names its office.
import type { CommandRequest } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { DECISION_SELECT, type DecisionRow } from '../decisions/decision.row';

export interface RunHeaderRow {
  definition_key: string;
  definition_version: number;
  definition_title: string | null;
  item_id: string | null;
  item_title: string | null;
  content_type: string | null;
  status: 'running' | 'completed' | 'rejected' | 'cancelled';
}

export function runHeader(db: Db, office: string, workflowId: string): Promise<RunHeaderRow | undefined> {
  return one<RunHeaderRow>(
    db,
    `SELECT definition_key, definition_version, definition_title, item_id, item_title, content_type, status
     FROM approvals.runs WHERE office = $1 AND workflow_id = $2`,
    [office, workflowId],
  );
}

/** A run's decisions in the order they were taken. */
export function runDecisions(db: Db, office: string, workflowId: string): Promise<DecisionRow[]> {
  return rows<DecisionRow>(
    db,
    `${DECISION_SELECT} WHERE d.office = $1 AND d.workflow_id = $2 ORDER BY d.decided_at, d.attempt, d.id`,
    [office, workflowId],
  );
}

/** The search's filters as the command gives them, and what the service decided. */
export type DecisionSearch = Pick<
  CommandRequest<'approvals.history.search'>,
  'office' | 'outcome' | 'stepId' | 'person' | 'from' | 'to' | 'contentType' | 'definitionKey' | 'workflowId'
> & {
  /** Only runs with a task for one of these roles; undefined: every run (office admins). */
  roles?: string[];
  /** The sort key (decided_at as text, id) of the previous page's last row. */
  after?: string[];
  limit: number;
};

/** A decision with its sort key as text, for cursors. */
export type KeyedDecisionRow = DecisionRow & { k: string };

/** Decisions matching every given filter, newest first. */
export function searchDecisions(db: Db, s: DecisionSearch): Promise<KeyedDecisionRow[]> {
  const params: unknown[] = [s.office];
  const where = ['d.office = $1'];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (s.roles) {
    add(
      (p) =>
        `EXISTS (SELECT 1 FROM approvals.tasks v WHERE v.office = d.office AND v.workflow_id = d.workflow_id AND v.roles && ${p}::text[])`,
      s.roles,
    );
  }
  if (s.outcome?.length) add((p) => `d.outcome = ANY(${p}::text[])`, s.outcome);
  if (s.stepId) add((p) => `d.step_id = ${p}`, s.stepId);
  if (s.person) add((p) => `(d.actor_id = ${p} OR d.on_behalf_of_id = ${p})`, s.person);
  if (s.from) add((p) => `d.decided_at >= ${p}::timestamptz`, s.from);
  if (s.to) add((p) => `d.decided_at < ${p}::timestamptz`, s.to);
  if (s.contentType) add((p) => `r.content_type = ${p}`, s.contentType);
  if (s.definitionKey) add((p) => `d.definition_key = ${p}`, s.definitionKey);
  if (s.workflowId) add((p) => `d.workflow_id = ${p}`, s.workflowId);
  if (s.after) {
    params.push(s.after[0], s.after[1]);
    where.push(`(d.decided_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(s.limit);
  return rows<KeyedDecisionRow>(
    db,
    `${DECISION_SELECT.replace('SELECT d.*,', 'SELECT d.*, d.decided_at::text AS k,')}
     WHERE ${where.join(' AND ')}
     ORDER BY d.decided_at DESC, d.id DESC LIMIT $${params.length}`,
    params,
  );
}
