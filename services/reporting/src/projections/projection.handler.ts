import { Injectable } from '@nestjs/common';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { OfficeDirectory } from '../offices/office-directory';
import { type ProjectedEvent, type ProjectedEventType, Projector } from './projector';

/**
 * The live consumers (one durable `reporting-projection` per stream): each event is
 * applied to the projection tables in the consumer's transaction, together with its
 * inbox row. A redelivered or duplicated event changes nothing (inbox, then
 * `applied_events`).
 */
@Injectable()
export class ProjectionHandler implements EventHandler<ProjectedEventType> {
  readonly projector: Projector;

  constructor(directory: OfficeDirectory) {
    this.projector = new Projector(directory);
  }

  async handle(event: ProjectedEvent, { manager }: EventContext): Promise<void> {
    await this.projector.apply(manager, event, { mode: 'live' });
  }
}
