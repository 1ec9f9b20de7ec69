import { idempotencyKeysMigration } from '@tatalaman/messaging';
import { serviceSchema } from '@tatalaman/persistence';
import { ApprovalsTables1795500000000 } from './migrations/1795500000000-approvals-tables';
import { TaskDueSeq1795500412000 } from './migrations/1795500412000-task-due-seq';
import { DecisionDeadline1795500900000 } from './migrations/1795500900000-decision-deadline';

export const APPROVALS_SCHEMA = 'approvals';

/** The approvals schema: raw SQL throughout, no entities (the module and the CLI both use it). */
export const persistence = serviceSchema({
  schema: APPROVALS_SCHEMA,
  migrations: [
    ApprovalsTables1795500000000,
    TaskDueSeq1795500412000,
    DecisionDeadline1795500900000,
    // Keys were per actor already, with a pending state for decisions the run takes.
    idempotencyKeysMigration({
      table: 'idempotency',
      hashColumn: 'fingerprint',
      actor: true,
      state: true,
      createdIndex: true,
    }),
  ],
});
