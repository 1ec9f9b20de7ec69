import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import { type ApprovalsCaller, type NotificationView } from '@tatalaman/contracts';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { compact, iso } from '@tatalaman/persistence';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';
import { markRead, notificationsPage, type NotificationRow, unreadCount } from './notifications.queries';

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
    const found = await notificationsPage(this.ds, {
      office: caller.office,
      userId: caller.actor.id,
      unreadOnly: req.unreadOnly ?? false,
      after,
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      notifications: page.map(toView),
      unread: await unreadCount(this.ds, caller.office, caller.actor.id),
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
        const unreadBefore = await unreadCount(manager, caller.office, caller.actor.id);
        // Only the caller's own notifications: others' ids simply match nothing.
        const marked = await markRead(manager, caller.office, caller.actor.id, {
          all: req.all ?? false,
          ids: req.notificationIds ?? [],
        });
        const unread = await unreadCount(manager, caller.office, caller.actor.id);
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
}
