import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * tasks.due_seq: the run event that set the task's limit last (opening, an extension, a
 * calendar change moving it), so a late event never puts back an older limit.
 */
export class TaskDueSeq1795500412000 implements MigrationInterface {
  name = 'TaskDueSeq1795500412000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approvals.tasks ADD COLUMN due_seq bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approvals.tasks DROP COLUMN IF EXISTS due_seq`);
  }
}
