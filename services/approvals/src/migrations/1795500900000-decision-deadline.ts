import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * decisions.deadline: the deadline across steps an `extend` decision extended ('' for a
 * decision on the step itself). Part of what makes a decision unique, so the first
 * extension of a deadline and the first of the step it was asked from are two decisions.
 */
export class DecisionDeadline1795500900000 implements MigrationInterface {
  name = 'DecisionDeadline1795500900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approvals.decisions ADD COLUMN deadline text NOT NULL DEFAULT ''`);
    await dropUnique(q);
    await q.query(
      `ALTER TABLE approvals.decisions ADD CONSTRAINT decisions_once
         UNIQUE (office, workflow_id, step_id, attempt, outcome, ordinal, deadline)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await dropUnique(q);
    await q.query(`DELETE FROM approvals.decisions WHERE deadline <> ''`);
    await q.query(`ALTER TABLE approvals.decisions DROP COLUMN deadline`);
    await q.query(
      `ALTER TABLE approvals.decisions ADD UNIQUE (office, workflow_id, step_id, attempt, outcome, ordinal)`,
    );
  }
}

/** The table has one unique constraint; its generated name is Postgres's to choose. */
async function dropUnique(q: QueryRunner): Promise<void> {
  await q.query(`DO $$
    DECLARE c text;
    BEGIN
      SELECT conname INTO c FROM pg_constraint
        WHERE conrelid = 'approvals.decisions'::regclass AND contype = 'u';
      IF c IS NOT NULL THEN EXECUTE format('ALTER TABLE approvals.decisions DROP CONSTRAINT %I', c); END IF;
    END $$`);
}
