import { qualified } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * calendar_syncs: per office, the newest calendar version the runtime still has to give to
 * the office's running runs and schedules (`worker.calendar.sync`), until it confirms.
 */
export class CalendarSyncs1795400412000 implements MigrationInterface {
  name = 'CalendarSyncs1795400412000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${qualified(q, 'calendar_syncs')} (
      office text PRIMARY KEY,
      version integer NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      result jsonb,
      requested_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX calendar_syncs_pending ON ${qualified(q, 'calendar_syncs')} (requested_at) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'calendar_syncs')}`);
  }
}
