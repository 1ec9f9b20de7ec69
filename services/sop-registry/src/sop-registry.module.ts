import { Module } from '@nestjs/common';
import { IdempotencyStore, MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { ActivationCommands } from './activations/activations.commands';
import { ActivationsService } from './activations/activations.service';
import { DefinitionCommands } from './definitions/definitions.commands';
import { DefinitionsService } from './definitions/definitions.service';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS, REGISTRY_SCHEMA } from './persistence';
import { ScheduleSyncer } from './schedules/schedule-syncer';

/** The registry's process: definitions and activations over NATS, events through the outbox. */
@Module({
  imports: [
    PersistenceModule.forService({
      schema: REGISTRY_SCHEMA,
      entities: REGISTRY_ENTITIES,
      migrations: REGISTRY_MIGRATIONS,
    }),
    MessagingModule.forService({ service: 'sop-registry', produces: ['registry', 'audit'] }),
  ],
  controllers: [DefinitionCommands, ActivationCommands],
  providers: [IdempotencyStore, DefinitionsService, ActivationsService, ScheduleSyncer],
})
export class SopRegistryModule {}
