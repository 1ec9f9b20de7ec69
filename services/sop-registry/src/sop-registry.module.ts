import { Module } from '@nestjs/common';
import { IdempotencyStore, MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { ActivationCommands } from './activations/activations.commands';
import { CalendarChangeHandler } from './calendars/calendar-change.handler';
import { CalendarSyncer } from './calendars/calendar-syncer';
import { ActivationsService } from './activations/activations.service';
import { DefinitionCommands } from './definitions/definitions.commands';
import { DefinitionsService } from './definitions/definitions.service';
import { persistence } from './persistence';
import { ScheduleSyncer } from './schedules/schedule-syncer';

/**
 * The registry's process: definitions and activations over NATS, events through the
 * outbox; it passes office calendar changes on to the runtime.
 */
@Module({
  imports: [
    PersistenceModule.forService(persistence),
    MessagingModule.forService({
      service: 'sop-registry',
      produces: ['registry', 'audit'],
      // A calendar change reaches the office's running runs and schedules (worker.calendar.sync).
      consumes: [
        { purpose: 'calendars', events: ['identity.office-updated'], handler: CalendarChangeHandler },
      ],
    }),
  ],
  controllers: [DefinitionCommands, ActivationCommands],
  providers: [
    IdempotencyStore,
    DefinitionsService,
    ActivationsService,
    ScheduleSyncer,
    CalendarSyncer,
    CalendarChangeHandler,
  ],
})
export class SopRegistryModule {}
