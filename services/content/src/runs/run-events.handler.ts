import { Injectable } from '@nestjs/common';
import { type EventOf } from '@tatalaman/contracts';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { qualified, scoped } from '@tatalaman/persistence';
import { type EntityManager } from 'typeorm';
import { type Item } from '../items/item.entity';
import { Decision } from './decision.entity';
import { ItemStatus } from './item-status';

export const RUN_EVENTS = [
  'runs.step-completed',
  'runs.step-postponed',
  'runs.step-resumed',
  'runs.run-ended',
] as const;
type RunEvent = EventOf<(typeof RUN_EVENTS)[number]>;

/**
 * Keeps an item's status in step with its SOP run. Only events of the item's current
 * run count (an older run's late events change nothing). Each decision is recorded
 * with the revision it saw: the item's latest revision at the moment of the decision.
 *
 * - `send-back` → `changes-requested` (with the reason); the next decision → `in-review`;
 * - `approve` → the approved revision is the one the reviewer saw (what gets published);
 * - postponed → `postponed`, resumed → `in-review`;
 * - run completed → `approved` (publication pending; `published` comes from the publishing
 *   service); rejected or cancelled → back to `draft` with the reason.
 *
 * Idempotent: the consumer's inbox drops redeliveries, and every change sets a state
 * (never counts), so applying an event twice would change nothing more.
 */
@Injectable()
export class RunEventsHandler implements EventHandler<(typeof RUN_EVENTS)[number]> {
  constructor(private readonly status: ItemStatus) {}

  async handle(event: RunEvent, { manager }: EventContext): Promise<void> {
    const item = await this.status.lockItem(manager, event.office, event.data.itemId);
    if (!item || !item.review || item.review.workflowId !== event.data.workflowId) return;
    const active = item.workflowId === event.data.workflowId;
    switch (event.type) {
      case 'runs.step-completed': {
        const seen = await this.revisionAt(manager, item, event.occurredAt);
        await scoped(manager.getRepository(Decision), item.office)
          .repository.createQueryBuilder()
          .insert()
          .values({
            eventId: event.id,
            office: item.office,
            itemId: item.id,
            workflowId: event.data.workflowId,
            stepId: event.data.stepId,
            attempt: event.data.attempt,
            decision: event.data.decision,
            by: event.data.by ?? null,
            role: event.data.role ?? null,
            reason: event.data.reason ?? null,
            note: event.data.note ?? null,
            toStep: event.data.to ?? null,
            revisionNumber: seen,
            occurredAt: new Date(event.occurredAt),
          })
          .orIgnore()
          .execute();
        if (!active) return;
        if (event.data.decision === 'approve') {
          await this.status.change(manager, item, event, {
            review: { ...item.review, approvedRevision: seen },
          });
        }
        if (event.data.decision === 'send-back') {
          await this.status.change(
            manager,
            item,
            event,
            {
              status: 'changes-requested',
              lastOutcome: {
                kind: 'sent-back',
                ...(event.data.reason ? { reason: event.data.reason } : {}),
                ...(event.data.by ? { by: event.data.by } : {}),
                at: event.occurredAt,
              },
            },
            event.data.reason,
          );
        } else if (item.status === 'changes-requested' || item.status === 'postponed') {
          await this.status.change(manager, item, event, { status: 'in-review' });
        }
        return;
      }
      case 'runs.step-postponed':
        if (!active) return;
        await this.status.change(
          manager,
          item,
          event,
          {
            status: 'postponed',
            lastOutcome: {
              kind: 'postponed',
              ...(event.data.reason ? { reason: event.data.reason } : {}),
              by: event.data.by,
              at: event.occurredAt,
            },
          },
          event.data.reason,
        );
        return;
      case 'runs.step-resumed':
        if (!active) return;
        await this.status.change(manager, item, event, { status: 'in-review' });
        return;
      case 'runs.run-ended': {
        if (!active) return;
        if (event.data.outcome === 'completed') {
          await this.status.change(manager, item, event, {
            status: item.status === 'published' ? 'published' : 'approved',
            workflowId: null,
          });
          return;
        }
        await this.status.change(
          manager,
          item,
          event,
          {
            status: 'draft',
            workflowId: null,
            lastOutcome: {
              kind: event.data.outcome,
              ...(event.data.reason ? { reason: event.data.reason } : {}),
              ...(event.data.by ? { by: event.data.by } : {}),
              at: event.occurredAt,
            },
          },
          event.data.reason,
        );
        return;
      }
    }
  }

  /** The item's latest revision when the decision was taken (events arrive later than they happen). */
  private async revisionAt(manager: EntityManager, item: Item, at: string): Promise<number> {
    const [row]: { number: number }[] = await manager.query(
      `SELECT number FROM ${qualified(manager, 'revisions')}
        WHERE office = $1 AND item_id = $2 AND created_at <= $3 ORDER BY number DESC LIMIT 1`,
      [item.office, item.id, at],
    );
    return row?.number ?? item.currentRevisionNumber;
  }
}
