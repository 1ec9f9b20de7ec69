import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import { type ApprovalsCaller, type NotificationKind, type NotificationView } from '@tatalaman/contracts';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { compact, type Db, iso, one, rows } from '@tatalaman/persistence';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  subject: { id: string; en: string };
  body: { id: string; en: string };
  link: string | null;
  task_id: string | null;
  workflow_id: string | null;
  created_at: Date;
  read_at: Date | null;
  k: string;
}

function toView(row: NotificationRow): NotificationView {
  return compact<NotificationView>({
    notificationId: row.id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    link: row.link ?? undefined,
    taskId: row.task_id ?? undefined,
    workflowId: row.workflow_id ?? undefined,
    createdAt: iso(row.created_at)!,
    readAt: iso(row.read_at),
  });
}

/** The in-app channel's side people see: their own notifications, newest first. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async list(
    caller: ApprovalsCaller,
    req: { unreadOnly?: boolean; limit?: number; cursor?: string },
  ): Promise<{ notifications: NotificationView[]; unread: number; nextCursor?: string }> {
    const limit = pageLimit(req.limit);
    const after = decodeCursor(req.cursor, 2);
    if (req.cursor && !after) throw fail.badCursor();
    const found = await rows<NotificationRow>(
      this.ds,
      `SELECT *, created_at::text AS k FROM approvals.notifications
       WHERE office = $1 AND user_id = $2 AND ($3::boolean IS NOT TRUE OR read_at IS NULL)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [
        caller.office,
        caller.actor.id,
        req.unreadOnly ?? false,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      notifications: page.map(toView),
      unread: await this.unread(this.ds, caller),
      nextCursor: found.length > limit && last ? encodeCursor([last.k, last.id]) : undefined,
    });
  }

  async markRead(
    caller: ApprovalsCaller,
    req: { notificationIds?: string[]; all?: boolean },
    key: string,
  ): Promise<{ marked: number; unread: number }> {
    return this.idempotency.execute(
      {
        office: caller.office,
        actorId: caller.actor.id,
        key,
        command: 'approvals.notifications.mark-read',
        request: req,
      },
      async (manager) => {
        const unreadBefore = await this.unread(manager, caller);
        // Only the caller's own notifications: others' ids simply match nothing.
        const marked = await rows<{ id: string }>(
          manager,
          `UPDATE approvals.notifications SET read_at = now()
           WHERE office = $1 AND user_id = $2 AND read_at IS NULL AND ($3::boolean OR id = ANY($4::uuid[]))
           RETURNING id`,
          [caller.office, caller.actor.id, req.all ?? false, req.notificationIds ?? []],
        );
        const unread = await this.unread(manager, caller);
        if (marked.length) {
          // One entry per request: the person's notification list, with the ids read.
          await this.outbox.add(
            manager,
            auditEvent({
              office: caller.office,
              actor: caller.actor,
              service: 'approvals',
              entity: 'notifications',
              entityId: caller.actor.id,
              action: 'mark-read',
              before: { unread: unreadBefore },
              after: { unread, markedRead: marked.map((m) => m.id) },
            }),
          );
        }
        return { marked: marked.length, unread };
      },
    );
  }

  private async unread(db: Db, caller: ApprovalsCaller): Promise<number> {
    const row = await one<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM approvals.notifications WHERE office = $1 AND user_id = $2 AND read_at IS NULL`,
      [caller.office, caller.actor.id],
    );
    return row?.n ?? 0;
  }
}
