import { qualified, schemaOf } from '@tatalaman/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log office admins read: every `audit.change-recorded` event of every
 * service. Append-only in the database itself: a trigger refuses UPDATE and DELETE
 * row by row and TRUNCATE as a statement, whoever asks. (A retention job, if the law
 * ever allows one, would have to drop the trigger explicitly, in a migration.)
 */
export class AuditLog1795600100000 implements MigrationInterface {
  name = 'AuditLog1795600100000';

  async up(q: QueryRunner): Promise<void> {
    const table = qualified(q, 'audit_log');
    const fn = `"${schemaOf(q)}"."audit_log_append_only"`;
    await q.query(`
      CREATE TABLE ${table} (
        "id" uuid PRIMARY KEY,
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "office" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "actor_kind" text NOT NULL,
        "actor_id" text NOT NULL,
        "actor_name" text,
        "service" text NOT NULL,
        "entity" text NOT NULL,
        "entity_id" text NOT NULL,
        "action" text NOT NULL,
        "changes" jsonb NOT NULL,
        "request_id" text,
        "correlation_id" text
      )`);
    await q.query(`CREATE UNIQUE INDEX "audit_log_office_seq" ON ${table} ("office", "seq")`);
    await q.query(
      `CREATE INDEX "audit_log_office_entity" ON ${table} ("office", "entity", "entity_id", "seq")`,
    );
    await q.query(`CREATE INDEX "audit_log_office_actor" ON ${table} ("office", "actor_id", "seq")`);
    await q.query(`CREATE INDEX "audit_log_office_time" ON ${table} ("office", "occurred_at")`);
    await q.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${qualified(q, 'audit_log')}`);
    await q.query(`DROP FUNCTION IF EXISTS "${schemaOf(q)}"."audit_log_append_only"()`);
  }
}
