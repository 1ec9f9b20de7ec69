// The webhooks' SQL: the webhooks an office registered, their deliveries (claimed with a
// lease by the delivery pass) and each delivery's attempts. Every statement names its
// office, except the claim of due deliveries, which is every office's work.
import type { Actor } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { T } from '../persistence';

export interface WebhookRow {
  id: string;
  office: string;
  url: string;
  description: string | null;
  secret: string;
  events: string[];
  active: boolean;
  created_by: Actor | null;
  created_at: Date;
  disabled_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  office: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  item_id: string | null;
  payload: unknown;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
  replays: number;
  created_at: Date;
}

/** A delivery claimed for sending, with what sending needs of its webhook. */
export type ClaimedDelivery = DeliveryRow & { webhook_url: string; secret: string; webhook_active: boolean };

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

// ---- webhooks ---------------------------------------------------------------------

export async function insertWebhook(
  db: Db,
  w: Pick<WebhookRow, 'id' | 'office' | 'url' | 'description' | 'secret' | 'events'> & { createdBy: Actor },
): Promise<WebhookRow> {
  return (await one<WebhookRow>(
    db,
    `INSERT INTO ${T.webhooks} (id, office, url, description, secret, events, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [w.id, w.office, w.url, w.description, w.secret, w.events, JSON.stringify(w.createdBy)],
  ))!;
}

/** The webhook, locked for the transaction when `lock`. */
export function webhook(db: Db, office: string, id: string, lock = false): Promise<WebhookRow | undefined> {
  return one<WebhookRow>(
    db,
    `SELECT * FROM ${T.webhooks} WHERE office = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [office, id],
  );
}

export function webhooksOf(db: Db, office: string): Promise<WebhookRow[]> {
  return rows<WebhookRow>(db, `SELECT * FROM ${T.webhooks} WHERE office = $1 ORDER BY created_at`, [office]);
}

export async function disableWebhook(db: Db, office: string, id: string): Promise<WebhookRow> {
  return (await one<WebhookRow>(
    db,
    `UPDATE ${T.webhooks} SET active = false, disabled_at = coalesce(disabled_at, now())
     WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id],
  ))!;
}

// ---- deliveries -----------------------------------------------------------------------

/** The disabled webhook's deliveries still waiting become dead letters. */
export function killPending(db: Db, office: string, webhookId: string): Promise<DeliveryRow[]> {
  return rows<DeliveryRow>(
    db,
    `UPDATE ${T.deliveries} SET status = 'dead', dead_at = now(), locked_until = NULL,
       last_error = coalesce(last_error || '; ', '') || 'webhook disabled'
     WHERE office = $1 AND webhook_id = $2 AND status = 'pending' RETURNING *`,
    [office, webhookId],
  );
}

/** Up to `limit` deliveries with their webhook's URL, newest first, after the cursor's (created_at, id). */
export function deliveriesAfter(
  db: Db,
  office: string,
  filter: { webhookId?: string; status?: string },
  after: { at: string; id: string } | null | undefined,
  limit: number,
): Promise<(DeliveryRow & { url: string })[]> {
  const params: unknown[] = [office];
  const where = ['d.office = $1'];
  if (filter.webhookId) where.push(`d.webhook_id = $${params.push(filter.webhookId)}`);
  if (filter.status) where.push(`d.status = $${params.push(filter.status)}`);
  if (after) where.push(`(d.created_at, d.id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
  return rows(
    db,
    `SELECT d.*, w.url FROM ${T.deliveries} d JOIN ${T.webhooks} w ON w.id = d.webhook_id
     WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`,
    params,
  );
}

/** The delivery, locked, with its webhook's URL and whether the webhook is active. */
export function lockDelivery(
  db: Db,
  office: string,
  id: string,
): Promise<(DeliveryRow & { url: string; active: boolean }) | undefined> {
  return one(
    db,
    `SELECT d.*, w.url, w.active FROM ${T.deliveries} d JOIN ${T.webhooks} w ON w.id = d.webhook_id
     WHERE d.office = $1 AND d.id = $2 FOR UPDATE OF d`,
    [office, id],
  );
}

/** A delivered or dead delivery is due again, from its first attempt. */
export async function replayDelivery(db: Db, office: string, id: string): Promise<DeliveryRow> {
  return (await one<DeliveryRow>(
    db,
    `UPDATE ${T.deliveries} SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL,
       dead_at = NULL, replays = replays + 1
     WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id],
  ))!;
}

export function attemptsOf(db: Db, office: string, deliveryIds: string[]): Promise<AttemptRow[]> {
  return rows<AttemptRow>(
    db,
    `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM ${T.attempts}
     WHERE office = $1 AND delivery_id = ANY($2::uuid[]) ORDER BY id`,
    [office, deliveryIds],
  );
}

// ---- the delivery pass ------------------------------------------------------------------

/**
 * Up to 20 due deliveries of any office, leased for `leaseMs` to this replica
 * (`FOR UPDATE SKIP LOCKED`: replicas never claim the same one).
 */
export function claimDue(db: Db, leaseMs: number): Promise<ClaimedDelivery[]> {
  return rows<ClaimedDelivery>(
    db,
    `UPDATE ${T.deliveries} d SET locked_until = now() + ($1 || ' milliseconds')::interval
     FROM ${T.webhooks} w
     WHERE w.id = d.webhook_id AND d.id IN (
       SELECT id FROM ${T.deliveries}
       WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
       ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
     RETURNING d.*, w.url AS webhook_url, w.secret, w.active AS webhook_active`,
    [String(leaseMs)],
  );
}

export async function recordAttempt(
  db: Db,
  a: {
    office: string;
    deliveryId: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
): Promise<void> {
  await rows(
    db,
    `INSERT INTO ${T.attempts} (office, delivery_id, attempt, status_code, error, duration_ms)
     VALUES ($1, $2, (SELECT count(*) + 1 FROM ${T.attempts} WHERE delivery_id = $2), $3, $4, $5)`,
    [a.office, a.deliveryId, a.statusCode, a.error, a.durationMs],
  );
}

/**
 * The attempt's outcome on a delivery still pending: `delivered`, `dead`, or `pending`
 * again in `retryInMs`. Undefined when it was no longer pending (e.g. its webhook was disabled).
 */
export function settleDelivery(
  db: Db,
  office: string,
  id: string,
  s: {
    attempts: number;
    statusCode: number | null;
    error: string | null;
    status: DeliveryRow['status'];
    retryInMs: number;
  },
): Promise<DeliveryRow | undefined> {
  return one<DeliveryRow>(
    db,
    `UPDATE ${T.deliveries} SET attempts = $3, last_status = $4, last_error = $5, locked_until = NULL,
       status = $6,
       delivered_at = CASE WHEN $6 = 'delivered' THEN now() ELSE delivered_at END,
       dead_at = CASE WHEN $6 = 'dead' THEN now() ELSE dead_at END,
       next_attempt_at = CASE WHEN $6 = 'pending' THEN now() + ($7 || ' milliseconds')::interval END
     WHERE office = $1 AND id = $2 AND status = 'pending' RETURNING *`,
    [office, id, s.attempts, s.statusCode, s.error, s.status, String(s.retryInMs)],
  );
}
