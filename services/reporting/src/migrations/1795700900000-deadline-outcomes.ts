import { type MigrationInterface, type QueryRunner } from 'typeorm';

const METRICS = ['deadlines_met', 'deadlines_extended', 'deadlines_breached'];

/**
 * How runs' deadlines across steps ended (met, extended, breached): columns of `runs` and
 * counters of the aggregates, for databases created before the projection DDL had them.
 * Runs that ended earlier count nothing here until a rebuild (their run-ended events did
 * not say how their deadlines ended; breaches are counted from their own events then).
 */
export class DeadlineOutcomes1795700900000 implements MigrationInterface {
  name = 'DeadlineOutcomes1795700900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.runs
      ADD COLUMN IF NOT EXISTS deadlines_met int NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS deadlines_extended int NOT NULL DEFAULT 0`);
    for (const table of ['office_month', 'office_day']) {
      await q.query(
        `ALTER TABLE reporting.${table} ${METRICS.map((m) => `ADD COLUMN IF NOT EXISTS ${m} bigint NOT NULL DEFAULT 0`).join(', ')}`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['office_month', 'office_day']) {
      await q.query(
        `ALTER TABLE reporting.${table} ${METRICS.map((m) => `DROP COLUMN IF EXISTS ${m}`).join(', ')}`,
      );
    }
    await q.query(
      `ALTER TABLE reporting.runs DROP COLUMN IF EXISTS deadlines_met, DROP COLUMN IF EXISTS deadlines_extended`,
    );
  }
}
