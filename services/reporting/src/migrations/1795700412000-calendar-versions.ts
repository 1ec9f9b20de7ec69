import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Calendars by version. Reporting computes working time with the calendar version the run
 * used (its events carry it): `office_calendar_versions` keeps the versions it asked the
 * gateway for, and `step_facts` keeps each attempt's version (and, for a postponed attempt,
 * the working time the run itself measured).
 *
 * It also repairs the calendar cache: an office change used to mark a row stale with
 * `fetched_at = '-infinity'`, which node-pg returns as a string, and every report and
 * projected event of that office then failed. Such rows become plain stale ones.
 */
export class CalendarVersions1795700412000 implements MigrationInterface {
  name = 'CalendarVersions1795700412000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE reporting.office_calendars SET fetched_at = 'epoch' WHERE NOT isfinite(fetched_at)`,
    );
    await q.query(`ALTER TABLE reporting.office_calendars
      ADD COLUMN IF NOT EXISTS calendar_version int,
      ADD COLUMN IF NOT EXISTS calendar_until text`);
    await q.query(`CREATE TABLE IF NOT EXISTS reporting.office_calendar_versions (
      office text NOT NULL,
      version int NOT NULL,
      year int NOT NULL,
      calendar jsonb NOT NULL,
      fetched_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, version, year)
    )`);
    // Databases created before these columns were in the projection DDL.
    await q.query(`ALTER TABLE reporting.step_facts
      ADD COLUMN IF NOT EXISTS calendar_version int,
      ADD COLUMN IF NOT EXISTS postponed_working_ms bigint,
      ADD COLUMN IF NOT EXISTS due_seq int NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS ext_seq int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reporting.office_calendar_versions`);
    await q.query(`ALTER TABLE reporting.office_calendars DROP COLUMN IF EXISTS calendar_version,
      DROP COLUMN IF EXISTS calendar_until`);
    await q.query(`ALTER TABLE reporting.step_facts DROP COLUMN IF EXISTS calendar_version,
      DROP COLUMN IF EXISTS postponed_working_ms, DROP COLUMN IF EXISTS due_seq, DROP COLUMN IF EXISTS ext_seq`);
  }
}
