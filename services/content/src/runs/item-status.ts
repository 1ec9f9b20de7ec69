import { Injectable } from '@nestjs/common';
import { type Actor, type AnyEvent, causedBy, type ContentStatus, makeEvent } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { type EntityManager } from 'typeorm';
import { Item } from '../items/item.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'content' };

/** Status changes caused by other services' events: the row, and an event saying so, in the consumer's transaction. */
@Injectable()
export class ItemStatus {
  constructor(private readonly outbox: OutboxWriter) {}

  /** The item an event names, locked for the change, or null (another office's, unknown, not ours). */
  async lockItem(manager: EntityManager, office: string, itemId: string | undefined): Promise<Item | null> {
    if (!itemId || !UUID.test(itemId)) return null;
    return scoped(manager.getRepository(Item), office).findOne({
      where: { id: itemId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async change(
    manager: EntityManager,
    item: Item,
    cause: AnyEvent,
    patch: Partial<Pick<Item, 'status' | 'workflowId' | 'review' | 'lastOutcome' | 'published'>>,
    reason?: string,
  ): Promise<void> {
    const from = item.status;
    await scoped(manager.getRepository(Item), item.office).update(
      { id: item.id },
      { ...patch, updatedAt: new Date() },
    );
    Object.assign(item, patch);
    if (patch.status && patch.status !== from) {
      await this.outbox.add(
        manager,
        makeEvent('content.item-status-changed', {
          office: item.office,
          actor: cause.actor ?? SYSTEM_ACTOR,
          ...causedBy(cause),
          data: {
            itemId: item.id,
            from,
            to: patch.status as ContentStatus,
            ...(reason ? { reason: reason.slice(0, 2000) } : {}),
            ...(item.review?.workflowId ? { workflowId: item.review.workflowId } : {}),
            cause: cause.type,
          },
        }),
      );
    }
  }
}
