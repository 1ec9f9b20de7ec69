import { Injectable } from '@nestjs/common';
import { type EventOf } from '@tatalaman/contracts';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { Revision } from '../revisions/revision.entity';
import { ItemStatus } from '../runs/item-status';

export const PUBLICATION_EVENTS = [
  'publishing.publication-published',
  'publishing.publication-retracted',
  'publishing.publication-corrected',
] as const;
type PublicationEvent = EventOf<(typeof PUBLICATION_EVENTS)[number]>;

/**
 * `published` is the publishing service's word, not the run's: an item becomes
 * `published` when a publication of it went live, `retracted` when it was taken down;
 * a correction points the publication at a newer revision. States are set, never
 * counted, so a second delivery changes nothing.
 */
@Injectable()
export class PublicationEventsHandler implements EventHandler<(typeof PUBLICATION_EVENTS)[number]> {
  constructor(private readonly status: ItemStatus) {}

  async handle(event: PublicationEvent, { manager }: EventContext): Promise<void> {
    const item = await this.status.lockItem(manager, event.office, event.data.itemId);
    if (!item) return;
    if (event.type === 'publishing.publication-retracted') {
      await this.status.change(
        manager,
        item,
        event,
        { status: 'retracted', published: null },
        event.data.reason,
      );
      return;
    }
    if (!/^[0-9a-f-]{36}$/i.test(event.data.revisionId)) return;
    const revision = await scoped(manager.getRepository(Revision), item.office).findOneBy({
      id: event.data.revisionId,
      itemId: item.id,
    });
    if (!revision) return; // not a revision of this item: nothing to show
    if (event.type === 'publishing.publication-corrected' && !item.published) return;
    await this.status.change(
      manager,
      item,
      event,
      {
        status: 'published',
        published: {
          revisionId: revision.id,
          revisionNumber: revision.number,
          path: event.type === 'publishing.publication-published' ? event.data.path : item.published!.path,
          at: event.occurredAt,
        },
      },
      event.type === 'publishing.publication-corrected' ? event.data.note : undefined,
    );
  }
}
