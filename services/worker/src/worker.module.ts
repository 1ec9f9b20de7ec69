import { Module } from '@nestjs/common';
import { MessagingModule } from '@tatalaman/messaging';
import { RunActivitiesImpl } from './activities/run-activities';
import { CalendarsController } from './calendars/calendars.controller';
import { RunsController } from './runs/runs.controller';
import { SchedulesController } from './schedules/schedules.controller';
import { SopWorker } from './temporal/sop-worker';
import { TemporalModule } from './temporal/temporal.module';

/**
 * The runtime process: hosts the interpreter workflow and its activities, and
 * serves the runtime commands (start, decide, cancel, read runs; schedules;
 * the office calendar of running runs and schedules).
 * It owns no database: runs live in Temporal, events go straight to JetStream
 * (activities are retried, event ids make that safe).
 */
@Module({
  imports: [
    TemporalModule,
    MessagingModule.forService({ service: 'worker', produces: ['runs'], relay: false }),
  ],
  controllers: [RunsController, SchedulesController, CalendarsController],
  providers: [RunActivitiesImpl, SopWorker],
})
export class WorkerModule {}
