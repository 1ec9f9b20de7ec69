import { idempotencyKeysMigration } from '@tatalaman/messaging';
import { serviceSchema } from '@tatalaman/persistence';
import { ReportingTables1795700000000 } from './migrations/1795700000000-reporting-tables';
import { StepFactsTimedIndex1795700100000 } from './migrations/1795700100000-step-facts-timed-index';
import { CalendarVersions1795700412000 } from './migrations/1795700412000-calendar-versions';
import { DeadlineOutcomes1795700900000 } from './migrations/1795700900000-deadline-outcomes';
import { REPORTING_SCHEMA } from './projections/schema';

/** The reporting schema: raw SQL throughout, no entities (the module and the CLI both use it). */
export const persistence = serviceSchema({
  schema: REPORTING_SCHEMA,
  migrations: [
    ReportingTables1795700000000,
    StepFactsTimedIndex1795700100000,
    CalendarVersions1795700412000,
    DeadlineOutcomes1795700900000,
    // Keys were per actor already, stored with their answer only.
    idempotencyKeysMigration({
      table: 'idempotency',
      hashColumn: 'fingerprint',
      actor: true,
      state: false,
      createdIndex: false,
    }),
  ],
});
