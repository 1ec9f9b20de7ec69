import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * items            one row per content item with the values of its current revision
 *                  (for lists and search), its status and its review/publication state.
 * revisions        immutable, numbered snapshots (a trigger refuses UPDATE and DELETE).
 * attachments      files of an item; bytes live in the media store under `<office>/<id>`.
 * submissions      one per submit idempotency key: persisted before the runtime is called.
 * decisions        what each review decision of an item's run saw (revision number).
 * idempotency_keys first answer of every other mutating command per (office, key).
 */
export class ContentTables1795400000000 implements MigrationInterface {
  name = 'ContentTables1795400000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    await q.query(`CREATE TABLE ${t('items')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      type text NOT NULL,
      language text NOT NULL CHECK (language IN ('id', 'en')),
      status text NOT NULL,
      title text NOT NULL,
      summary text,
      tags text[] NOT NULL DEFAULT '{}',
      fields jsonb NOT NULL DEFAULT '{}',
      body_text text NOT NULL DEFAULT '',
      current_revision_id uuid NOT NULL,
      current_revision_number integer NOT NULL,
      author jsonb NOT NULL,
      workflow_id text,
      review jsonb,
      last_outcome jsonb,
      published jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('simple', body_text), 'C')
      ) STORED
    )`);
    await q.query(`CREATE INDEX items_office_updated ON ${t('items')} (office, updated_at DESC, id DESC)`);
    await q.query(`CREATE INDEX items_office_status ON ${t('items')} (office, status)`);
    await q.query(`CREATE INDEX items_office_type ON ${t('items')} (office, type)`);
    await q.query(`CREATE INDEX items_search ON ${t('items')} USING gin (search)`);
    await q.query(`CREATE INDEX items_tags ON ${t('items')} USING gin (tags)`);
    await q.query(
      `CREATE INDEX items_workflow ON ${t('items')} (office, workflow_id) WHERE workflow_id IS NOT NULL`,
    );

    await q.query(`CREATE TABLE ${t('revisions')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL REFERENCES ${t('items')} (id),
      number integer NOT NULL CHECK (number > 0),
      title text NOT NULL,
      summary text,
      body text NOT NULL,
      body_text text NOT NULL,
      tags text[] NOT NULL,
      fields jsonb NOT NULL,
      language text NOT NULL,
      author jsonb NOT NULL,
      note text,
      based_on integer,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (item_id, number)
    )`);
    await q.query(`CREATE FUNCTION ${t('refuse_revision_change')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'content revisions are immutable'; END $$`);
    await q.query(`CREATE TRIGGER revisions_immutable BEFORE UPDATE OR DELETE ON ${t('revisions')}
      FOR EACH ROW EXECUTE FUNCTION ${t('refuse_revision_change')}()`);

    await q.query(`CREATE TABLE ${t('attachments')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL REFERENCES ${t('items')} (id),
      status text NOT NULL CHECK (status IN ('pending', 'ready', 'removed')),
      file_name text NOT NULL,
      claimed_type text NOT NULL,
      media_type text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('image', 'document', 'video')),
      size bigint NOT NULL,
      sha256 text,
      object_name text NOT NULL,
      alt text,
      caption text,
      uploaded_by jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      removed_at timestamptz,
      removed_by jsonb
    )`);
    await q.query(
      `CREATE INDEX attachments_item ON ${t('attachments')} (office, item_id) WHERE status <> 'removed'`,
    );
    await q.query(
      `CREATE INDEX attachments_expiring ON ${t('attachments')} (expires_at) WHERE status = 'pending'`,
    );

    await q.query(`CREATE TABLE ${t('submissions')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL REFERENCES ${t('items')} (id),
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      revision_id uuid NOT NULL,
      revision_number integer NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'started')),
      workflow_id text,
      definition_key text,
      definition_version integer,
      submitted_by jsonb NOT NULL,
      note text,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      UNIQUE (office, idempotency_key)
    )`);
    // One submission of an item may wait for the runtime at a time (see SubmissionsService).
    await q.query(`CREATE UNIQUE INDEX submissions_one_pending ON ${t('submissions')} (item_id)
      WHERE status = 'pending'`);

    await q.query(`CREATE TABLE ${t('decisions')} (
      event_id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL,
      workflow_id text NOT NULL,
      step_id text NOT NULL,
      attempt integer NOT NULL,
      decision text NOT NULL,
      by jsonb,
      role text,
      reason text,
      note text,
      to_step text,
      revision_number integer NOT NULL,
      occurred_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX decisions_item ON ${t('decisions')} (office, item_id, occurred_at)`);

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
    for (const name of [
      'idempotency_keys',
      'decisions',
      'submissions',
      'attachments',
      'revisions',
      'items',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${qualified(q, name)}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS ${qualified(q, 'refuse_revision_change')}()`);
  }
}
