import type { Actor, ApprovalsCaller, RunDecisionKind, TaskStatus, TaskView } from '@tatalaman/contracts';
import { compact, type Db, iso, one } from '@tatalaman/persistence';
import { matchingRoles } from '../common/caller';

/** A row of approvals.tasks joined with what approvals knows about its run. */
export interface TaskRow {
  id: string;
  office: string;
  workflow_id: string;
  step_id: string;
  attempt: number;
  step_number: number | null;
  step_kind: 'work' | 'review' | 'publish' | 'automatic';
  description: string | null;
  roles: string[];
  definition_key: string;
  definition_version: number;
  item_id: string | null;
  cause_kind: string;
  cause_from: string | null;
  cause_reason: string | null;
  status: TaskStatus;
  status_seq: number;
  opened_at: Date | null;
  target_at: Date | null;
  due_at: Date | null;
  time_standard: string | null;
  reminded_at: Date | null;
  breached: boolean;
  escalated_at: Date | null;
  extensions: number;
  failures: number;
  failure_code: string | null;
  failure_message: string | null;
  failed_at: Date | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  deciding_decision: RunDecisionKind | null;
  deciding_by: Actor | null;
  deciding_at: Date | null;
  postponed_at: Date | null;
  postponed_by: Actor | null;
  postpone_reason: string | null;
  closed_at: Date | null;
  outcome: string | null;
  outcome_by: Actor | null;
  outcome_reason: string | null;
  // from approvals.runs
  definition_title: string | null;
  item_title: string | null;
  content_type: string | null;
  run_item_id: string | null;
}

/** SELECT list and join shared by every task query (alias t for tasks, r for runs). */
export const TASK_SELECT = `
  SELECT t.*, r.definition_title, r.item_title, r.content_type, r.item_id AS run_item_id
  FROM approvals.tasks t
  LEFT JOIN approvals.runs r ON r.office = t.office AND r.workflow_id = t.workflow_id`;

export async function loadTask(
  db: Db,
  office: string,
  taskId: string,
  forUpdate = false,
): Promise<TaskRow | undefined> {
  // FOR UPDATE OF t: lock the task only, not the run row it is joined with.
  return one<TaskRow>(
    db,
    `${TASK_SELECT} WHERE t.office = $1 AND t.id = $2${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [office, taskId],
  );
}

export function toTaskView(row: TaskRow, caller?: Pick<ApprovalsCaller, 'roles'>): TaskView {
  const itemId = row.item_id ?? row.run_item_id;
  return compact<TaskView>({
    taskId: row.id,
    office: row.office,
    workflowId: row.workflow_id,
    stepId: row.step_id,
    attempt: row.attempt,
    step: compact({
      number: row.step_number ?? undefined,
      kind: row.step_kind,
      description: row.description ?? undefined,
    }),
    roles: row.roles,
    myRoles: caller ? matchingRoles(row.roles, caller) : [],
    definition: compact({
      key: row.definition_key,
      version: row.definition_version,
      title: row.definition_title ?? undefined,
    }),
    item: itemId
      ? compact({
          id: itemId,
          title: row.item_title ?? undefined,
          contentType: row.content_type ?? undefined,
        })
      : undefined,
    status: row.status,
    cause: compact({
      kind: row.cause_kind,
      from: row.cause_from ?? undefined,
      reason: row.cause_reason ?? undefined,
    }),
    openedAt: iso(row.opened_at),
    targetAt: iso(row.target_at),
    dueAt: iso(row.due_at),
    timeStandard: row.time_standard ?? undefined,
    breached: row.breached,
    remindedAt: iso(row.reminded_at),
    escalatedAt: iso(row.escalated_at),
    extensions: row.extensions,
    failure:
      row.failure_code && row.failed_at
        ? { code: row.failure_code, message: row.failure_message ?? '', at: iso(row.failed_at)! }
        : undefined,
    claim: row.claimed_by
      ? compact({ userId: row.claimed_by, name: row.claimed_by_name ?? undefined, at: iso(row.claimed_at)! })
      : undefined,
    deciding:
      row.status === 'deciding' && row.deciding_decision && row.deciding_by
        ? { decision: row.deciding_decision, by: row.deciding_by, at: iso(row.deciding_at)! }
        : undefined,
    postponed:
      row.postponed_at && row.status !== 'closed'
        ? compact({
            at: iso(row.postponed_at)!,
            by: row.postponed_by ?? undefined,
            reason: row.postpone_reason ?? undefined,
          })
        : undefined,
    closed:
      row.status === 'closed'
        ? compact({
            at: iso(row.closed_at ?? row.opened_at)!,
            outcome: row.outcome ?? 'closed',
            by: row.outcome_by ?? undefined,
            reason: row.outcome_reason ?? undefined,
          })
        : undefined,
  });
}
