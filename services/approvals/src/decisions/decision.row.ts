import { type Actor, type DecisionOutcome, type DecisionView, RUN_DECISIONS } from '@tatalaman/contracts';
import { compact, iso } from '@tatalaman/persistence';

export function isDecisionOutcome(value: string): value is DecisionOutcome {
  return (RUN_DECISIONS as readonly string[]).includes(value);
}

/** A row of approvals.decisions joined with its run (alias d, r). */
export interface DecisionRow {
  id: string;
  office: string;
  workflow_id: string;
  task_id: string | null;
  step_id: string;
  step_number: number | null;
  attempt: number;
  outcome: DecisionOutcome;
  /** '' unless an `extend` of a deadline across steps. */
  deadline: string;
  actor: Actor | null;
  on_behalf_of: Actor | null;
  role: string | null;
  reason: string | null;
  note: string | null;
  decided_at: Date;
  definition_key: string;
  item_id: string | null;
  item_title: string | null;
  content_type: string | null;
}

export const DECISION_SELECT = `
  SELECT d.*, r.item_title, r.content_type
  FROM approvals.decisions d
  LEFT JOIN approvals.runs r ON r.office = d.office AND r.workflow_id = d.workflow_id`;

export function toDecisionView(row: DecisionRow): DecisionView {
  return compact<DecisionView>({
    decisionId: row.id,
    workflowId: row.workflow_id,
    taskId: row.task_id ?? undefined,
    stepId: row.step_id,
    stepNumber: row.step_number ?? undefined,
    attempt: row.attempt,
    outcome: row.outcome,
    deadline: row.deadline || undefined,
    by: row.actor ?? undefined,
    onBehalfOf: row.on_behalf_of ?? undefined,
    role: row.role ?? undefined,
    reason: row.reason ?? undefined,
    note: row.note ?? undefined,
    decidedAt: iso(row.decided_at)!,
    definitionKey: row.definition_key,
    item: row.item_id
      ? compact({
          id: row.item_id,
          title: row.item_title ?? undefined,
          contentType: row.content_type ?? undefined,
        })
      : undefined,
  });
}
