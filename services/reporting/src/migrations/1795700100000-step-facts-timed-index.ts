import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Databases migrated before the projection DDL had `step_facts_timed` (the recap asks
 * whether an office's SOP has time standards at all). New databases already have it.
 */
export class StepFactsTimedIndex1795700100000 implements MigrationInterface {
  name = 'StepFactsTimedIndex1795700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS step_facts_timed ON reporting.step_facts (office) WHERE due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS reporting.step_facts_timed`);
  }
}
