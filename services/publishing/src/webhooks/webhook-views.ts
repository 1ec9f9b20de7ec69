// What callers see of webhooks and their deliveries (the secret only as a prefix).
import type { WebhookDeliveryView, WebhookEventType, WebhookView } from '@tatalaman/contracts';
import type { AttemptRow, DeliveryRow, WebhookRow } from './webhooks.queries';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function webhookView(r: WebhookRow): WebhookView {
  return {
    webhookId: r.id,
    url: r.url,
    description: r.description,
    events: r.events as WebhookEventType[],
    active: r.active,
    secretPrefix: `${r.secret.slice(0, 10)}…`,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    disabledAt: iso(r.disabled_at),
  };
}

export function deliveryView(r: DeliveryRow, url: string, log?: AttemptRow[]): WebhookDeliveryView {
  return {
    deliveryId: r.id,
    webhookId: r.webhook_id,
    url,
    eventId: r.event_id,
    eventType: r.event_type,
    itemId: r.item_id,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatusCode: r.last_status,
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    deadAt: iso(r.dead_at),
    replays: r.replays,
    createdAt: new Date(r.created_at).toISOString(),
    ...(log
      ? {
          attemptLog: log.map((a) => ({
            attempt: a.attempt,
            at: new Date(a.at).toISOString(),
            statusCode: a.status_code,
            error: a.error,
            durationMs: a.duration_ms,
          })),
        }
      : {}),
  };
}
