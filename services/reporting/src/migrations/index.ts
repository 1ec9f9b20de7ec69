import { MessagingTables1795305600000 } from '@tatalaman/persistence';
import { ReportingTables1795700000000 } from './1795700000000-reporting-tables';
import { StepFactsTimedIndex1795700100000 } from './1795700100000-step-facts-timed-index';
import { CalendarVersions1795700412000 } from './1795700412000-calendar-versions';

/** Every migration of the reporting schema, in order (the shared messaging tables first). */
export const reportingMigrations = [
  MessagingTables1795305600000,
  ReportingTables1795700000000,
  StepFactsTimedIndex1795700100000,
  CalendarVersions1795700412000,
];
