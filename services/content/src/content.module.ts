import { Module } from '@nestjs/common';
import {
  IdempotencyStore,
  MessagingModule,
  NATS_CONNECTION,
  streamSettingsFromEnv,
} from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import { AttachmentCommands } from './attachments/attachments.commands';
import { AttachmentUploadsService } from './attachments/attachment-uploads.service';
import { AttachmentsService } from './attachments/attachments.service';
import { MediaStore, NatsMediaStore } from './attachments/media-store';
import { ContentTypeCatalog, RegistryContentTypes } from './items/content-types';
import { ItemCommands } from './items/items.commands';
import { ItemsService } from './items/items.service';
import { persistence } from './persistence';
import { PUBLICATION_EVENTS, PublicationEventsHandler } from './publications/publication-events.handler';
import { RevisionsService } from './revisions/revisions.service';
import { ItemStatus } from './runs/item-status';
import { RUN_EVENTS, RunEventsHandler } from './runs/run-events.handler';
import { SubmissionsService } from './submissions/submissions.service';

/** The content process: items, revisions and attachments over NATS; runs and publications followed through events. */
@Module({
  imports: [
    PersistenceModule.forService(persistence),
    MessagingModule.forService({
      service: 'content',
      produces: ['content', 'audit'],
      consumes: [
        { purpose: 'runs', events: RUN_EVENTS, handler: RunEventsHandler },
        { purpose: 'publications', events: PUBLICATION_EVENTS, handler: PublicationEventsHandler },
      ],
    }),
  ],
  controllers: [ItemCommands, AttachmentCommands],
  providers: [
    IdempotencyStore,
    ItemsService,
    RevisionsService,
    SubmissionsService,
    AttachmentsService,
    AttachmentUploadsService,
    ItemStatus,
    RunEventsHandler,
    PublicationEventsHandler,
    { provide: ContentTypeCatalog, useClass: RegistryContentTypes },
    {
      provide: MediaStore,
      useFactory: (nc: NatsConnection) => new NatsMediaStore(nc, undefined, streamSettingsFromEnv().replicas),
      inject: [NATS_CONNECTION],
    },
  ],
})
export class ContentModule {}
