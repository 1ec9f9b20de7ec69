import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type Actor,
  type CommandParsed,
  type CommandResponse,
  makeEvent,
  PUBLISHING_ERRORS,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryView,
  type WebhookEventType,
  type WebhookView,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { one, rows } from '@tatalaman/persistence';
import { decodeCursor, encodeCursor } from '../common/requests';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { T } from '../persistence';
import { checkTarget } from '../outbound/check-target';
import { OutboundHttp, outcomeText } from '../outbound/outbound-http';
import { newWebhookSecret, SIGNATURE_HEADER, signatureHeader } from './signature';

interface WebhookRow {
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

interface DeliveryRow {
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

type Claimed = DeliveryRow & { webhook_url: string; secret: string; webhook_active: boolean };

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function webhookView(r: WebhookRow): WebhookView {
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

function deliveryView(r: DeliveryRow, url: string, log?: AttemptRow[]): WebhookDeliveryView {
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

/**
 * Signed webhooks to agency systems. Deliveries are rows written in the same transaction
 * as the publication (so none is lost or sent for a rolled-back change); each replica
 * polls for due ones, claims them with `FOR UPDATE SKIP LOCKED` and a lease, POSTs the
 * JSON with an HMAC signature (see signature.ts), and on failure schedules the next
 * attempt with exponential backoff and jitter. After `maxAttempts` a delivery is a dead
 * letter an admin can replay.
 */
@Injectable()
export class Webhooks implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly loop = new BackgroundLoop(
    { name: 'webhook pass', intervalMs: this.options.webhook.pollMs, logger: this.logger },
    () => this.deliverDue(),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: OutboxWriter,
    private readonly http: OutboundHttp,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.background) return;
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  // ---- admin -----------------------------------------------------------------------

  async create(
    req: CommandParsed<'publishing.webhook.create'>,
  ): Promise<CommandResponse<'publishing.webhook.create'>> {
    await checkTarget(this.http.policy, req.url, 'webhook');
    const events = req.events?.length ? [...new Set(req.events)] : [...WEBHOOK_EVENT_TYPES];
    const { result } = await this.idempotency.runStored<
      CommandResponse<'publishing.webhook.create'>,
      { webhookId: string }
    >(
      req.office,
      req,
      'publishing.webhook.create',
      async (manager) => {
        const secret = newWebhookSecret();
        const row = (await one<WebhookRow>(
          manager,
          `INSERT INTO ${T.webhooks} (id, office, url, description, secret, events, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [
            randomUUID(),
            req.office,
            req.url,
            req.description?.trim() || null,
            secret,
            events,
            JSON.stringify(req.actor),
          ],
        ))!;
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: 'publishing',
            entity: 'webhook',
            entityId: row.id,
            action: 'create',
            before: null,
            after: { url: row.url, description: row.description, events: row.events, active: true },
          }),
        );
        // The stored answer names the webhook only; a replay reads the secret again.
        return { answer: { webhook: webhookView(row), secret }, stored: { webhookId: row.id } };
      },
      async (stored, manager) => {
        const row = (await one<WebhookRow>(
          manager,
          `SELECT * FROM ${T.webhooks} WHERE office = $1 AND id = $2`,
          [req.office, stored.webhookId],
        ))!;
        return { webhook: webhookView(row), secret: row.secret };
      },
    );
    return result;
  }

  async list(office: string): Promise<CommandResponse<'publishing.webhook.list'>> {
    const found: WebhookRow[] = await this.dataSource.query(
      `SELECT * FROM ${T.webhooks} WHERE office = $1 ORDER BY created_at`,
      [office],
    );
    return { webhooks: found.map(webhookView) };
  }

  async disable(
    req: CommandParsed<'publishing.webhook.disable'>,
  ): Promise<CommandResponse<'publishing.webhook.disable'>> {
    return this.idempotency.once(req.office, req, 'publishing.webhook.disable', async (manager) => {
      const before = await one<WebhookRow>(
        manager,
        `SELECT * FROM ${T.webhooks} WHERE office = $1 AND id = $2 FOR UPDATE`,
        [req.office, req.webhookId],
      );
      if (!before) throw commandFailure(PUBLISHING_ERRORS['webhook-not-found']);
      const row = (await one<WebhookRow>(
        manager,
        `UPDATE ${T.webhooks} SET active = false, disabled_at = coalesce(disabled_at, now())
         WHERE office = $1 AND id = $2 RETURNING *`,
        [req.office, req.webhookId],
      ))!;
      // What was still waiting is a dead letter now (replayable if the webhook returns).
      const dead = await rows<DeliveryRow>(
        manager,
        `UPDATE ${T.deliveries} SET status = 'dead', dead_at = now(), locked_until = NULL,
           last_error = coalesce(last_error || '; ', '') || 'webhook disabled'
         WHERE office = $1 AND webhook_id = $2 AND status = 'pending' RETURNING *`,
        [req.office, req.webhookId],
      );
      await this.outbox.add(manager, [
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: 'publishing',
          entity: 'webhook',
          entityId: row.id,
          action: 'disable',
          before: { active: before.active },
          after: { active: false },
        }),
        ...dead.map((d) => this.deadEvent(d, row.url)),
      ]);
      return webhookView(row);
    });
  }

  async deliveries(
    req: CommandParsed<'publishing.webhook.deliveries'>,
  ): Promise<CommandResponse<'publishing.webhook.deliveries'>> {
    const limit = req.limit ?? 50;
    const after = decodeCursor(req.cursor);
    const params: unknown[] = [req.office];
    const where = ['d.office = $1'];
    if (req.webhookId) where.push(`d.webhook_id = $${params.push(req.webhookId)}`);
    if (req.status) where.push(`d.status = $${params.push(req.status)}`);
    if (after) where.push(`(d.created_at, d.id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
    const found: (DeliveryRow & { url: string })[] = await this.dataSource.query(
      `SELECT d.*, w.url FROM ${T.deliveries} d JOIN ${T.webhooks} w ON w.id = d.webhook_id
       WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const shown = found.slice(0, limit);
    const log = await this.attemptLog(
      req.office,
      shown.map((d) => d.id),
    );
    const last = shown[shown.length - 1];
    return {
      deliveries: shown.map((d) => deliveryView(d, d.url, log.get(d.id) ?? [])),
      ...(found.length > limit && last ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
    };
  }

  async replay(
    req: CommandParsed<'publishing.webhook.replay'>,
  ): Promise<CommandResponse<'publishing.webhook.replay'>> {
    const view = await this.idempotency.once(
      req.office,
      req,
      'publishing.webhook.replay',
      async (manager) => {
        const before = await one<DeliveryRow & { url: string; active: boolean }>(
          manager,
          `SELECT d.*, w.url, w.active FROM ${T.deliveries} d JOIN ${T.webhooks} w ON w.id = d.webhook_id
         WHERE d.office = $1 AND d.id = $2 FOR UPDATE OF d`,
          [req.office, req.deliveryId],
        );
        if (!before) throw commandFailure(PUBLISHING_ERRORS['delivery-not-found']);
        if (!before.active)
          throw commandFailure(PUBLISHING_ERRORS['webhook-disabled'], {
            message: {
              id: 'Webhook ini sudah dinonaktifkan; pengiriman tidak dapat diulang.',
              en: 'This webhook is disabled; the delivery cannot be replayed.',
            },
          });
        if (before.status === 'pending') throw commandFailure(PUBLISHING_ERRORS['delivery-pending']);
        const row = (await one<DeliveryRow>(
          manager,
          `UPDATE ${T.deliveries} SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL,
           dead_at = NULL, replays = replays + 1
         WHERE office = $1 AND id = $2 RETURNING *`,
          [req.office, req.deliveryId],
        ))!;
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: 'publishing',
            entity: 'webhook-delivery',
            entityId: row.id,
            action: 'replay',
            before: { status: before.status, replays: before.replays },
            after: { status: row.status, replays: row.replays },
          }),
        );
        return deliveryView(row, before.url);
      },
    );
    setImmediate(() => void this.tick());
    return view;
  }

  private async attemptLog(office: string, ids: string[]): Promise<Map<string, AttemptRow[]>> {
    const out = new Map<string, AttemptRow[]>();
    if (!ids.length) return out;
    const found: AttemptRow[] = await this.dataSource.query(
      `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM ${T.attempts}
       WHERE office = $1 AND delivery_id = ANY($2::uuid[]) ORDER BY id`,
      [office, ids],
    );
    for (const a of found) out.set(a.delivery_id, [...(out.get(a.delivery_id) ?? []), a]);
    return out;
  }

  // ---- delivery --------------------------------------------------------------------

  /** One pass: send what is due. Also called right after a publication commits. */
  async tick(): Promise<void> {
    if (!this.loop.stopping) await this.loop.runNow();
  }

  private async deliverDue(): Promise<void> {
    const leaseMs = this.options.webhook.timeoutMs + 30_000;
    const claimed = await rows<Claimed>(
      this.dataSource,
      `UPDATE ${T.deliveries} d SET locked_until = now() + ($1 || ' milliseconds')::interval
       FROM ${T.webhooks} w
       WHERE w.id = d.webhook_id AND d.id IN (
         SELECT id FROM ${T.deliveries}
         WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
         ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING d.*, w.url AS webhook_url, w.secret, w.active AS webhook_active`,
      [String(leaseMs)],
    );
    await Promise.all(claimed.map((d) => this.deliver(d)));
  }

  private async deliver(d: Claimed): Promise<void> {
    const attempt = d.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    const started = Date.now();
    if (!d.webhook_active) {
      error = 'webhook disabled';
    } else {
      const body = JSON.stringify(d.payload);
      const timeoutMs = this.options.webhook.timeoutMs;
      // Through the target guard: a replay or retry is checked again, address by address.
      const result = await this.http.call(d.webhook_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'TataLaman-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(d.secret, body),
          'Tatalaman-Event': d.event_type,
          'Tatalaman-Event-Id': d.event_id,
          'Tatalaman-Delivery': d.id,
          'Tatalaman-Attempt': String(attempt),
        },
        body,
        timeoutMs,
        // Only the status matters; the reply is never read, so never shown.
        maxBodyBytes: 0,
      });
      if (result.outcome === 'answered') statusCode = result.status;
      if (result.outcome !== 'answered' || result.status < 200 || result.status >= 300)
        error = outcomeText(result, timeoutMs);
    }
    const durationMs = Date.now() - started;
    const ok = error === null;
    const dead = !ok && (attempt >= this.options.webhook.maxAttempts || !d.webhook_active);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO ${T.attempts} (office, delivery_id, attempt, status_code, error, duration_ms)
           VALUES ($1, $2, (SELECT count(*) + 1 FROM ${T.attempts} WHERE delivery_id = $2), $3, $4, $5)`,
          [d.office, d.id, statusCode, error, durationMs],
        );
        const [row] = await rows<DeliveryRow>(
          manager,
          `UPDATE ${T.deliveries} SET attempts = $3, last_status = $4, last_error = $5, locked_until = NULL,
             status = $6,
             delivered_at = CASE WHEN $6 = 'delivered' THEN now() ELSE delivered_at END,
             dead_at = CASE WHEN $6 = 'dead' THEN now() ELSE dead_at END,
             next_attempt_at = CASE WHEN $6 = 'pending' THEN now() + ($7 || ' milliseconds')::interval END
           WHERE office = $1 AND id = $2 AND status = 'pending' RETURNING *`,
          [
            d.office,
            d.id,
            attempt,
            statusCode,
            error,
            ok ? 'delivered' : dead ? 'dead' : 'pending',
            String(this.backoff(attempt)),
          ],
        );
        if (!row) return;
        if (ok)
          await this.outbox.add(
            manager,
            makeEvent('publishing.webhook-delivered', {
              office: d.office,
              data: {
                deliveryId: d.id,
                webhookId: d.webhook_id,
                eventId: d.event_id,
                eventType: d.event_type,
                url: d.webhook_url,
                attempts: attempt,
                statusCode: statusCode!,
              },
            }),
          );
        else if (dead) await this.outbox.add(manager, this.deadEvent(row, d.webhook_url));
      });
    } catch (e) {
      this.logger.warn(`recording delivery ${d.id} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!ok)
      this.logger.warn(
        `webhook ${d.webhook_id} delivery ${d.id} attempt ${attempt} failed (${error})${dead ? ': dead letter' : ''}`,
      );
  }

  /** Exponential backoff with ±20 % jitter, so receivers coming back are not hit all at once. */
  backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.webhook;
    const raw = Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs);
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  }

  private deadEvent(d: DeliveryRow, url: string) {
    return makeEvent('publishing.webhook-dead-lettered', {
      office: d.office,
      data: {
        deliveryId: d.id,
        webhookId: d.webhook_id,
        eventId: d.event_id,
        eventType: d.event_type,
        url,
        attempts: Math.max(1, d.attempts),
        ...(d.last_status !== null ? { lastStatusCode: d.last_status } : {}),
        ...(d.last_error ? { lastError: d.last_error.slice(0, 2000) } : {}),
      },
    });
  }
}
