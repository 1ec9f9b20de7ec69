import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type CommandParsed,
  type CommandResponse,
  PUBLISHING_ERRORS,
  WEBHOOK_EVENT_TYPES,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/requests';
import { checkTarget } from '../outbound/check-target';
import { OutboundHttp } from '../outbound/outbound-http';
import { newWebhookSecret } from './signature';
import { deadLetteredEvent, WebhookDelivery } from './webhook-delivery';
import { deliveryView, webhookView } from './webhook-views';
import * as q from './webhooks.queries';
import type { AttemptRow } from './webhooks.queries';

/**
 * Signed webhooks to agency systems, as an office's admin manages them: register,
 * list, disable, see the deliveries and replay one. Sending: WebhookDelivery.
 */
@Injectable()
export class Webhooks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: OutboxWriter,
    private readonly http: OutboundHttp,
    private readonly delivery: WebhookDelivery,
  ) {}

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
        const row = await q.insertWebhook(manager, {
          id: randomUUID(),
          office: req.office,
          url: req.url,
          description: req.description?.trim() || null,
          secret,
          events,
          createdBy: req.actor,
        });
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
        const row = (await q.webhook(manager, req.office, stored.webhookId))!;
        return { webhook: webhookView(row), secret: row.secret };
      },
    );
    return result;
  }

  async list(office: string): Promise<CommandResponse<'publishing.webhook.list'>> {
    const found = await q.webhooksOf(this.dataSource, office);
    return { webhooks: found.map(webhookView) };
  }

  async disable(
    req: CommandParsed<'publishing.webhook.disable'>,
  ): Promise<CommandResponse<'publishing.webhook.disable'>> {
    return this.idempotency.once(req.office, req, 'publishing.webhook.disable', async (manager) => {
      const before = await q.webhook(manager, req.office, req.webhookId, true);
      if (!before) throw commandFailure(PUBLISHING_ERRORS['webhook-not-found']);
      const row = await q.disableWebhook(manager, req.office, req.webhookId);
      // What was still waiting is a dead letter now (replayable if the webhook returns).
      const dead = await q.killPending(manager, req.office, req.webhookId);
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
        ...dead.map((d) => deadLetteredEvent(d, row.url)),
      ]);
      return webhookView(row);
    });
  }

  async deliveries(
    req: CommandParsed<'publishing.webhook.deliveries'>,
  ): Promise<CommandResponse<'publishing.webhook.deliveries'>> {
    const limit = req.limit ?? 50;
    // One more than shown tells whether there is a next page.
    const found = await q.deliveriesAfter(
      this.dataSource,
      req.office,
      { webhookId: req.webhookId, status: req.status },
      decodeCursor(req.cursor),
      limit + 1,
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
        const before = await q.lockDelivery(manager, req.office, req.deliveryId);
        if (!before) throw commandFailure(PUBLISHING_ERRORS['delivery-not-found']);
        if (!before.active)
          throw commandFailure(PUBLISHING_ERRORS['webhook-disabled'], {
            message: {
              id: 'Webhook ini sudah dinonaktifkan; pengiriman tidak dapat diulang.',
              en: 'This webhook is disabled; the delivery cannot be replayed.',
            },
          });
        if (before.status === 'pending') throw commandFailure(PUBLISHING_ERRORS['delivery-pending']);
        const row = await q.replayDelivery(manager, req.office, req.deliveryId);
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
    this.delivery.kick();
    return view;
  }

  private async attemptLog(office: string, ids: string[]): Promise<Map<string, AttemptRow[]>> {
    const out = new Map<string, AttemptRow[]>();
    if (!ids.length) return out;
    for (const a of await q.attemptsOf(this.dataSource, office, ids))
      out.set(a.delivery_id, [...(out.get(a.delivery_id) ?? []), a]);
    return out;
  }
}
