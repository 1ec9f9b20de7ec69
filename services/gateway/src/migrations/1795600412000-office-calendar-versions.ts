import { qualified } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions of each office's working calendar (zone, hours, holiday overrides, extra working
 * days): a run counts time with the version it was given, and reporting asks for that
 * version, so every version is kept. Existing offices start at version 1.
 */
export class OfficeCalendarVersions1795600412000 implements MigrationInterface {
  name = 'OfficeCalendarVersions1795600412000';

  async up(q: QueryRunner): Promise<void> {
    const offices = qualified(q, 'offices');
    const versions = qualified(q, 'office_calendar_versions');
    await q.query(`ALTER TABLE ${offices} ADD COLUMN "calendar_version" integer NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE TABLE ${versions} (
        "office" text NOT NULL REFERENCES ${offices} ("code"),
        "version" integer NOT NULL CHECK ("version" > 0),
        "time_zone" text NOT NULL,
        "working_hours" jsonb NOT NULL,
        "holiday_overrides" jsonb NOT NULL,
        "extra_working_days" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("office", "version")
      )`);
    await q.query(`
      INSERT INTO ${versions} ("office", "version", "time_zone", "working_hours", "holiday_overrides",
        "extra_working_days", "created_at")
      SELECT "code", 1, "time_zone", "working_hours", "holiday_overrides", "extra_working_days", "updated_at"
      FROM ${offices}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'office_calendar_versions')}`);
    await q.query(`ALTER TABLE ${qualified(q, 'offices')} DROP COLUMN IF EXISTS "calendar_version"`);
  }
}
