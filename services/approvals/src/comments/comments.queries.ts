// The comments' SQL: adding one, and a run's comments in the order they were written.
// Every statement names its office.
import { randomUUID } from 'node:crypto';
import type { Actor } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';

export interface CommentRow {
  id: string;
  workflow_id: string;
  task_id: string | null;
  step_id: string | null;
  author: Actor;
  body: string;
  created_at: Date;
  /** created_at as text, for cursors (only in pages). */
  k: string;
}

export function insertComment(
  db: Db,
  c: { office: string; workflowId: string; taskId?: string; stepId?: string; author: Actor; body: string },
): Promise<CommentRow | undefined> {
  return one<CommentRow>(
    db,
    `INSERT INTO approvals.comments (id, office, workflow_id, task_id, step_id, author, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      randomUUID(),
      c.office,
      c.workflowId,
      c.taskId ?? null,
      c.stepId ?? null,
      JSON.stringify(c.author),
      c.body,
    ],
  );
}

/** A run's comments, oldest first, after the cursor's (created_at, id). */
export function commentsPage(
  db: Db,
  p: { office: string; workflowId: string; after?: string[]; limit: number },
): Promise<CommentRow[]> {
  return rows<CommentRow>(
    db,
    `SELECT *, created_at::text AS k FROM approvals.comments
     WHERE office = $1 AND workflow_id = $2
       AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
     ORDER BY created_at, id LIMIT $5`,
    [p.office, p.workflowId, p.after?.[0] ?? null, p.after?.[1] ?? null, p.limit],
  );
}
