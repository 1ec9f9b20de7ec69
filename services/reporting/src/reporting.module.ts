import { type DynamicModule, Module } from '@nestjs/common';
import { IDEMPOTENCY_OPTIONS, IdempotencyStore, MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { Housekeeping } from './common/housekeeping';
import { OfficeDirectory } from './offices/office-directory';
import { ProblemsCommands } from './problems/problems.commands';
import { ProblemsService } from './problems/problems.service';
import { DeadLetterRetry } from './projections/dead-letter-retry';
import { ProjectionHandler } from './projections/projection.handler';
import { PROJECTED_EVENTS } from './projections/projector';
import { ProjectionsCommands } from './rebuild/projections.commands';
import { RecapService } from './recaps/recap.service';
import { RecapsCommands } from './recaps/recaps.commands';
import { ReportBuilder } from './reports/report-builder';
import { ReportsCommands } from './reports/reports.commands';
import { ReportsService } from './reports/reports.service';
import { persistence } from './persistence';

export interface ReportingOptions {
  /** Default DATABASE_URL. */
  databaseUrl?: string;
}

/**
 * The reporting service: projections of the event streams (runs, content, approvals,
 * publishing, identity), recaps and SLA figures in each office's working time, the
 * problem inventory, stored reports and exports.
 */
@Module({})
export class ReportingModule {
  static register(options: ReportingOptions = {}): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        PersistenceModule.forService({
          ...persistence,
          url: options.databaseUrl,
        }),
        MessagingModule.forService({
          service: 'reporting',
          produces: ['audit'],
          consumes: [
            {
              purpose: 'projection',
              events: PROJECTED_EVENTS,
              handler: ProjectionHandler,
              // A gateway outage (office calendars) delays projections; it must not dead-letter them.
              options: { maxDeliver: 40, retryDelaysMs: [1000, 5000, 30_000, 120_000] },
            },
          ],
        }),
      ],
      controllers: [RecapsCommands, ReportsCommands, ProblemsCommands, ProjectionsCommands],
      providers: [
        OfficeDirectory,
        ProjectionHandler,
        DeadLetterRetry,
        // Keys are per caller: two people may send the same key.
        { provide: IDEMPOTENCY_OPTIONS, useValue: { scope: 'actor' } },
        IdempotencyStore,
        Housekeeping,
        RecapService,
        ReportBuilder,
        ReportsService,
        ProblemsService,
      ],
    };
  }
}
