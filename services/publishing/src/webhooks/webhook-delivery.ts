import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { makeEvent } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { OutboundHttp, outcomeText } from '../outbound/outbound-http';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import * as q from './webhooks.queries';
import type { ClaimedDelivery, DeliveryRow } from './webhooks.queries';

/** What the events of a delivery say of it. */
function deliveryData(d: DeliveryRow, url: string, attempts: number) {
  return {
    deliveryId: d.id,
    webhookId: d.webhook_id,
    eventId: d.event_id,
    eventType: d.event_type,
    url,
    attempts,
  };
}

/** The event of a delivery that became a dead letter (an admin can replay it). */
export function deadLetteredEvent(d: DeliveryRow, url: string) {
  return makeEvent('publishing.webhook-dead-lettered', {
    office: d.office,
    data: {
      ...deliveryData(d, url, Math.max(1, d.attempts)),
      ...(d.last_status !== null ? { lastStatusCode: d.last_status } : {}),
      ...(d.last_error ? { lastError: d.last_error.slice(0, 2000) } : {}),
    },
  });
}

/**
 * Sends the webhooks' deliveries. Deliveries are rows written in the same transaction as
 * the publication (so none is lost or sent for a rolled-back change); each replica polls
 * for due ones, claims them with `FOR UPDATE SKIP LOCKED` and a lease, POSTs the JSON with
 * an HMAC signature (see signature.ts), and on failure schedules the next attempt with
 * exponential backoff and jitter. After `maxAttempts` a delivery is a dead letter.
 */
@Injectable()
export class WebhookDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly loop = new BackgroundLoop(
    { name: 'webhook pass', intervalMs: this.options.webhook.pollMs, logger: this.logger },
    () => this.deliverDue(),
  );

  constructor(
    private readonly dataSource: DataSource,
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

  /** One pass: send what is due. */
  async tick(): Promise<void> {
    if (!this.loop.stopping) await this.loop.runNow();
  }

  /** After a commit that queued or replayed deliveries: send them now rather than at the next poll. */
  kick(): void {
    setImmediate(() => void this.tick());
  }

  private async deliverDue(): Promise<void> {
    const claimed = await q.claimDue(this.dataSource, this.options.webhook.timeoutMs + 30_000);
    await Promise.all(claimed.map((d) => this.deliver(d)));
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
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
        await q.recordAttempt(manager, { office: d.office, deliveryId: d.id, statusCode, error, durationMs });
        const row = await q.settleDelivery(manager, d.office, d.id, {
          attempts: attempt,
          statusCode,
          error,
          status: ok ? 'delivered' : dead ? 'dead' : 'pending',
          retryInMs: this.backoff(attempt),
        });
        if (!row) return;
        if (ok)
          await this.outbox.add(
            manager,
            makeEvent('publishing.webhook-delivered', {
              office: d.office,
              data: { ...deliveryData(d, d.webhook_url, attempt), statusCode: statusCode! },
            }),
          );
        else if (dead) await this.outbox.add(manager, deadLetteredEvent(row, d.webhook_url));
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
}
