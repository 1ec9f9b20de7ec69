// The in-app notifications people read: their list, marking read, the unread count.
// Every statement names its office and the person.
import type { NotificationKind } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  subject: { id: string; en: string };
  body: { id: string; en: string };
  link: string | null;
  task_id: string | null;
  workflow_id: string | null;
  created_at: Date;
  read_at: Date | null;
  /** created_at as text, for cursors. */
  k: string;
}

/** The person's notifications, newest first, after the cursor's (created_at, id). */
export function notificationsPage(
  db: Db,
  p: { office: string; userId: string; unreadOnly: boolean; after?: string[]; limit: number },
): Promise<NotificationRow[]> {
  return rows<NotificationRow>(
    db,
    `SELECT *, created_at::text AS k FROM approvals.notifications
     WHERE office = $1 AND user_id = $2 AND ($3::boolean IS NOT TRUE OR read_at IS NULL)
       AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $6`,
    [p.office, p.userId, p.unreadOnly, p.after?.[0] ?? null, p.after?.[1] ?? null, p.limit],
  );
}

/** Marks the person's unread notifications (all, or those of `ids`) read; the ids marked. */
export function markRead(
  db: Db,
  office: string,
  userId: string,
  which: { all: boolean; ids: string[] },
): Promise<{ id: string }[]> {
  return rows<{ id: string }>(
    db,
    `UPDATE approvals.notifications SET read_at = now()
     WHERE office = $1 AND user_id = $2 AND read_at IS NULL AND ($3::boolean OR id = ANY($4::uuid[]))
     RETURNING id`,
    [office, userId, which.all, which.ids],
  );
}

export async function unreadCount(db: Db, office: string, userId: string): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM approvals.notifications WHERE office = $1 AND user_id = $2 AND read_at IS NULL`,
    [office, userId],
  );
  return row?.n ?? 0;
}
