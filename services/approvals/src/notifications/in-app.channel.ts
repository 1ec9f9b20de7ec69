import { Injectable } from '@nestjs/common';
import { makeEvent } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { type EntityManager } from 'typeorm';
import { compact, rows } from '@tatalaman/persistence';
import { type NotificationChannel, type OutgoingNotification } from './channel';

/** The default channel: the notification is stored and the person reads it in the console's list. */
@Injectable()
export class InAppChannel implements NotificationChannel {
  readonly name = 'in-app' as const;

  constructor(private readonly outbox: OutboxWriter) {}

  async deliver(n: OutgoingNotification, manager: EntityManager): Promise<void> {
    const inserted = await rows(
      manager,
      `INSERT INTO approvals.notifications
         (id, office, user_id, kind, task_id, workflow_id, subject, body, link, cause_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        n.notificationId,
        n.office,
        n.recipient.userId,
        n.kind,
        n.taskId ?? null,
        n.workflowId ?? null,
        JSON.stringify(n.subject),
        JSON.stringify(n.body),
        n.link ?? null,
        n.causeEventId,
      ],
    );
    if (!inserted.length) return;
    await this.outbox.add(
      manager,
      makeEvent('approvals.notification-sent', {
        office: n.office,
        correlationId: n.causeEventId,
        causationId: n.causeEventId,
        data: compact({
          notificationId: n.notificationId,
          userId: n.recipient.userId,
          channel: 'in-app' as const,
          kind: n.kind,
          taskId: n.taskId,
          runId: n.workflowId,
          causeEventId: n.causeEventId,
        }),
      }),
    );
  }
}
