import { ApprovalsTables1795500000000 } from './1795500000000-approvals-tables';
import { TaskDueSeq1795500412000 } from './1795500412000-task-due-seq';

/** The approvals schema's own migrations, after the shared messaging tables. */
export const approvalsMigrations = [ApprovalsTables1795500000000, TaskDueSeq1795500412000];
