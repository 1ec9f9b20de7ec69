import { ApprovalsTables1795500000000 } from './1795500000000-approvals-tables';

/** The approvals schema's own migrations, after the shared messaging tables. */
export const approvalsMigrations = [ApprovalsTables1795500000000];
