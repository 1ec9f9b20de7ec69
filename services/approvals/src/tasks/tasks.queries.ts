// The inbox's and the claims' SQL (the shared task SELECT and loadTask are in task.row.ts).
// Every statement names its office.
import type { Actor } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { TASK_SELECT, type TaskRow } from './task.row';

/** TASK_SELECT with the inbox's sort key as text, for cursors. */
const TASK_SELECT_KEYED = TASK_SELECT.replace(
  'SELECT t.*,',
  `SELECT t.*, coalesce(t.due_at, 'infinity'::timestamptz)::text AS k1,
     coalesce(t.opened_at, '-infinity'::timestamptz)::text AS k2,`,
);

export interface InboxFilter {
  office: string;
  statuses: string[];
  /** The caller's roles: a task shows when it needs one of them. */
  roles: string[];
  claimedBy?: string;
  claimed?: boolean;
  breached?: boolean;
  contentType?: string;
  definitionKey?: string;
  /** The sort key (k1, k2, id) of the previous page's last row. */
  after?: string[];
  limit: number;
}

/** A task with the inbox's sort key as text, for cursors. */
export type KeyedTaskRow = TaskRow & { k1: string; k2: string };

/** Soonest due first; tasks without a time standard last; then oldest first. */
export function inboxTasks(db: Db, f: InboxFilter): Promise<KeyedTaskRow[]> {
  const params: unknown[] = [f.office, f.statuses, f.roles];
  const where = [`t.office = $1`, `t.status = ANY($2::text[])`, `t.roles && $3::text[]`];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.claimedBy) add((p) => `t.claimed_by = ${p}`, f.claimedBy);
  if (f.claimed === true) where.push('t.claimed_by IS NOT NULL');
  if (f.claimed === false) where.push('t.claimed_by IS NULL');
  if (f.breached !== undefined) add((p) => `t.breached = ${p}`, f.breached);
  if (f.contentType) add((p) => `r.content_type = ${p}`, f.contentType);
  if (f.definitionKey) add((p) => `t.definition_key = ${p}`, f.definitionKey);
  if (f.after) {
    params.push(f.after[0], f.after[1], f.after[2]);
    const n = params.length;
    where.push(
      `(coalesce(t.due_at, 'infinity'::timestamptz), coalesce(t.opened_at, '-infinity'::timestamptz), t.id) > ($${n - 2}::timestamptz, $${n - 1}::timestamptz, $${n}::uuid)`,
    );
  }
  params.push(f.limit);
  return rows<KeyedTaskRow>(
    db,
    `${TASK_SELECT_KEYED}
     WHERE ${where.join(' AND ')}
     ORDER BY coalesce(t.due_at, 'infinity'::timestamptz), coalesce(t.opened_at, '-infinity'::timestamptz), t.id
     LIMIT $${params.length}`,
    params,
  );
}

/** The inbox's counters over the open tasks for `roles`, and the person's unread notifications. */
export function inboxCounts(
  db: Db,
  office: string,
  roles: string[],
  userId: string,
): Promise<Record<string, number> | undefined> {
  return one<Record<string, number>>(
    db,
    `SELECT count(*)::int AS total,
       count(*) FILTER (WHERE status = 'open')::int AS open,
       count(*) FILTER (WHERE status = 'deciding')::int AS deciding,
       count(*) FILTER (WHERE status = 'postponed')::int AS postponed,
       count(*) FILTER (WHERE claimed_by = $3)::int AS "claimedByMe",
       count(*) FILTER (WHERE claimed_by IS NULL)::int AS unclaimed,
       count(*) FILTER (WHERE breached)::int AS breached,
       (SELECT count(*)::int FROM approvals.notifications n
        WHERE n.office = $1 AND n.user_id = $3 AND n.read_at IS NULL) AS "unreadNotifications"
     FROM approvals.tasks
     WHERE office = $1 AND status <> 'closed' AND roles && $2::text[]`,
    [office, roles, userId],
  );
}

/** Claims the task for `actor`; the task row as it is now. */
export function claimTask(
  db: Db,
  office: string,
  taskId: string,
  actor: Actor,
): Promise<TaskRow | undefined> {
  return one<TaskRow>(
    db,
    `UPDATE approvals.tasks SET claimed_by = $3, claimed_by_name = $4, claimed_at = now(), updated_at = now()
     WHERE office = $1 AND id = $2 RETURNING *`,
    [office, taskId, actor.id, actor.name ?? null],
  );
}

/** Clears the task's claim; the task row as it is now. */
export function clearClaim(db: Db, office: string, taskId: string): Promise<TaskRow | undefined> {
  return one<TaskRow>(
    db,
    `UPDATE approvals.tasks SET claimed_by = NULL, claimed_by_name = NULL, claimed_at = NULL, updated_at = now()
     WHERE office = $1 AND id = $2 RETURNING *`,
    [office, taskId],
  );
}
