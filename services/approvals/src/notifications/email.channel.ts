import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type NotificationChannel, type OutgoingNotification } from './channel';

/** What the e-mail sender needs later, stored with the queued e-mail. */
export interface QueuedEmail {
  subject: string;
  text: string;
  meta: {
    notificationId: string;
    userId: string;
    kind: OutgoingNotification['kind'];
    taskId?: string;
    workflowId?: string;
    causeEventId: string;
  };
}

/** Bahasa Indonesia first; one English line for readers who need it. */
export function emailText(n: OutgoingNotification): { subject: string; text: string } {
  const lines = [
    `Yth. ${n.recipient.name ?? n.recipient.userId},`,
    '',
    n.body.id,
    ...(n.link ? ['', `Buka: ${n.link}`] : []),
    '',
    `English: ${n.subject.en}. ${n.body.en}`,
    '',
    '-- ',
    'Tata Laman. Pesan ini dikirim otomatis; jangan dibalas.',
  ];
  return { subject: n.subject.id, text: lines.join('\n') };
}

/**
 * E-mail through SMTP (when SMTP_URL is set): queued in the notification's
 * transaction, sent by EmailSender after the commit, with retries. People
 * without an address get the in-app notification only.
 */
@Injectable()
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;

  async deliver(n: OutgoingNotification, manager: EntityManager): Promise<void> {
    if (!n.recipient.email) return;
    const { subject, text } = emailText(n);
    const message: QueuedEmail = {
      subject,
      text,
      meta: {
        notificationId: n.notificationId,
        userId: n.recipient.userId,
        kind: n.kind,
        taskId: n.taskId,
        workflowId: n.workflowId,
        causeEventId: n.causeEventId,
      },
    };
    await manager.query(
      `INSERT INTO approvals.email_deliveries (id, office, notification_id, address, message)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_id) DO NOTHING`,
      [randomUUID(), n.office, n.notificationId, n.recipient.email, JSON.stringify(message)],
    );
  }
}
