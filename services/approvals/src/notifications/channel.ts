import type { LocalizedMessage, NotificationKind } from '@tatalaman/contracts';
import { type EntityManager } from 'typeorm';

/** One notification for one person, as every channel receives it. */
export interface OutgoingNotification {
  /** Stable per person, cause and kind: a retried job produces the same id. */
  notificationId: string;
  office: string;
  kind: NotificationKind;
  recipient: { userId: string; name?: string; email?: string };
  subject: LocalizedMessage;
  body: LocalizedMessage;
  link?: string;
  taskId?: string;
  workflowId?: string;
  /** The runs event it answers. */
  causeEventId: string;
}

/**
 * The port notifications go out through. `deliver` runs inside the
 * transaction that records the notification: a channel stores what it needs
 * there (the in-app list, or an e-mail queued for its sender) and does slow
 * outside work, if any, after the commit. Delivering the same notification id
 * twice must change nothing.
 */
export interface NotificationChannel {
  readonly name: 'in-app' | 'email';
  deliver(notification: OutgoingNotification, manager: EntityManager): Promise<void>;
}

/** The channels in use, in order: in-app always, e-mail when SMTP is configured. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
