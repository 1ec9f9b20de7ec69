import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * definitions      published versions; `office` is `platform` or the uploading office.
 *                  Rows are never updated or deleted (a trigger refuses it): a version is immutable.
 * activations      an office's use of one version for some content types.
 * active_types     which activation holds each (office, content type): at most one.
 * schedule_syncs   calls to worker.schedules.sync still to make or made, in order.
 * idempotency_keys the first answer of every mutating command, per (office, key).
 */
export class RegistryTables1795400000000 implements MigrationInterface {
  name = 'RegistryTables1795400000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    await q.query(`CREATE TABLE ${t('definitions')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      key text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      title text NOT NULL,
      source text NOT NULL,
      source_format text NOT NULL CHECK (source_format IN ('yaml', 'json')),
      compiled jsonb NOT NULL,
      checksum text NOT NULL,
      content_types text[] NOT NULL,
      has_schedules boolean NOT NULL,
      warnings jsonb NOT NULL,
      uploaded_by jsonb NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (office, key, version)
    )`);
    await q.query(`CREATE INDEX definitions_key_version ON ${t('definitions')} (key, version)`);
    await q.query(`CREATE FUNCTION ${t('refuse_definition_change')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'published SOP definition versions are immutable'; END $$`);
    await q.query(`CREATE TRIGGER definitions_immutable BEFORE UPDATE OR DELETE ON ${t('definitions')}
      FOR EACH ROW EXECUTE FUNCTION ${t('refuse_definition_change')}()`);

    await q.query(`CREATE TABLE ${t('activations')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      definition_id uuid NOT NULL REFERENCES ${t('definitions')} (id),
      key text NOT NULL,
      version integer NOT NULL,
      content_types text[] NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'retired')),
      note text,
      activated_by jsonb NOT NULL,
      activated_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      retired_by jsonb,
      reason text,
      replaced_by uuid
    )`);
    // One active activation per office and version: activating it again extends it.
    await q.query(`CREATE UNIQUE INDEX activations_active_definition ON ${t('activations')} (office, definition_id)
      WHERE status = 'active'`);
    await q.query(`CREATE INDEX activations_office_key ON ${t('activations')} (office, key)`);

    await q.query(`CREATE TABLE ${t('active_types')} (
      office text NOT NULL,
      content_type text NOT NULL,
      activation_id uuid NOT NULL REFERENCES ${t('activations')} (id),
      PRIMARY KEY (office, content_type)
    )`);

    await q.query(`CREATE TABLE ${t('schedule_syncs')} (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      office text NOT NULL,
      key text NOT NULL,
      version integer NOT NULL,
      action text NOT NULL CHECK (action IN ('sync', 'remove')),
      activation_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz
    )`);
    await q.query(`CREATE INDEX schedule_syncs_pending ON ${t('schedule_syncs')} (office, seq)
      WHERE status = 'pending'`);
    await q.query(`CREATE INDEX schedule_syncs_activation ON ${t('schedule_syncs')} (activation_id)`);

    await q.query(`CREATE TABLE ${t('idempotency_keys')} (
      office text NOT NULL,
      key text NOT NULL,
      command text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['idempotency_keys', 'schedule_syncs', 'active_types', 'activations', 'definitions']) {
      await q.query(`DROP TABLE IF EXISTS ${qualified(q, name)}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS ${qualified(q, 'refuse_definition_change')}()`);
  }
}
