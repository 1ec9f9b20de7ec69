import { qualified } from '@tatalaman/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * sites              one row per office website: name and time zone (from the gateway), and a
 *                    version bumped with every change that alters what the site shows (caches
 *                    of every replica are keyed by it).
 * pages              the read model: one row per published item (the public page), with the
 *                    sanitized body, media, type fields, corrections and retraction.
 * page_revisions     every version of a page the public saw (evidence), immutable.
 * receipts           each publish, correction, retraction and schedule per channel: URL, time,
 *                    revision, run or person (the SOP's records).
 * step_requests      the first answer of `publishing.step.publish` per (office, key).
 * idempotency_keys   the first answer of every other mutating command per (office, key).
 * schedules          publication times (durable: polled and claimed with FOR UPDATE SKIP LOCKED).
 * page_views         views per item and local day, flushed from memory.
 * webhooks, webhook_deliveries, webhook_attempts   signed outbound notifications with retries.
 * social_channels, social_posts                    social-media adapters and what they returned.
 */
export class PublishingTables1795700000000 implements MigrationInterface {
  name = 'PublishingTables1795700000000';

  async up(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);

    await q.query(`CREATE TABLE ${t('sites')} (
      office text PRIMARY KEY,
      name text NOT NULL,
      time_zone text NOT NULL,
      kind text,
      version bigint NOT NULL DEFAULT 1,
      source text NOT NULL,
      fetched_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE ${t('pages')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL,
      type text NOT NULL,
      slug text NOT NULL,
      status text NOT NULL CHECK (status IN ('published', 'retracted')),
      language text NOT NULL DEFAULT 'id',
      title text NOT NULL,
      summary text,
      body_html text NOT NULL,
      body_text text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      fields jsonb NOT NULL DEFAULT '{}',
      media jsonb NOT NULL DEFAULT '[]',
      information_category text,
      content_revision integer NOT NULL,
      content_revision_id uuid NOT NULL,
      publication_revision integer NOT NULL,
      first_published_at timestamptz NOT NULL,
      published_at timestamptz NOT NULL,
      corrected_at timestamptz,
      corrections jsonb NOT NULL DEFAULT '[]',
      retracted_at timestamptz,
      retraction_reason text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('simple', body_text), 'C')
      ) STORED,
      UNIQUE (office, item_id),
      UNIQUE (office, type, slug)
    )`);
    await q.query(
      `CREATE INDEX pages_office_live ON ${t('pages')} (office, published_at DESC, id) WHERE status = 'published'`,
    );
    await q.query(
      `CREATE INDEX pages_office_type_live ON ${t('pages')} (office, type, published_at DESC, id) WHERE status = 'published'`,
    );
    await q.query(`CREATE INDEX pages_search ON ${t('pages')} USING gin (search)`);
    await q.query(`CREATE INDEX pages_media ON ${t('pages')} USING gin (media jsonb_path_ops)`);

    await q.query(`CREATE TABLE ${t('page_revisions')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      page_id uuid NOT NULL REFERENCES ${t('pages')} (id),
      number integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('published', 'corrected', 'republished', 'retracted')),
      content_revision integer NOT NULL,
      content_revision_id uuid NOT NULL,
      title text NOT NULL,
      summary text,
      body_html text NOT NULL,
      fields jsonb NOT NULL,
      media jsonb NOT NULL,
      note text,
      actor jsonb,
      run jsonb,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (page_id, number)
    )`);
    await q.query(`CREATE FUNCTION ${t('refuse_page_revision_change')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'published page revisions are evidence and immutable'; END $$`);
    await q.query(`CREATE TRIGGER page_revisions_immutable BEFORE UPDATE OR DELETE ON ${t('page_revisions')}
      FOR EACH ROW EXECUTE FUNCTION ${t('refuse_page_revision_change')}()`);

    await q.query(`CREATE TABLE ${t('receipts')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      page_id uuid,
      item_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('publish', 'correct', 'retract', 'schedule')),
      channel text NOT NULL,
      target text,
      url text NOT NULL,
      status text NOT NULL CHECK (status IN ('published', 'scheduled', 'failed', 'retracted')),
      error text,
      revision integer,
      published_at timestamptz NOT NULL,
      request_key text,
      run jsonb,
      actor jsonb,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE INDEX receipts_item ON ${t('receipts')} (office, item_id, created_at DESC)`);

    await q.query(`CREATE TABLE ${t('step_requests')} (
      office text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      item_id uuid NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, key)
    )`);

    await q.query(`CREATE TABLE ${t('idempotency_keys')} (
      office text NOT NULL,
      key text NOT NULL,
      command text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, key)
    )`);

    await q.query(`CREATE TABLE ${t('schedules')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      item_id uuid NOT NULL,
      publish_at timestamptz NOT NULL,
      time_zone text NOT NULL,
      state text NOT NULL CHECK (state IN ('waiting-for-run', 'armed', 'done', 'cancelled', 'failed')),
      revision integer,
      channels text[] NOT NULL DEFAULT '{}',
      request jsonb,
      attempts integer NOT NULL DEFAULT 0,
      retry_at timestamptz,
      last_error text,
      created_by jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      fired_at timestamptz
    )`);
    await q.query(
      `CREATE UNIQUE INDEX schedules_active ON ${t('schedules')} (office, item_id) WHERE state IN ('waiting-for-run', 'armed')`,
    );
    await q.query(`CREATE INDEX schedules_due ON ${t('schedules')} (publish_at) WHERE state = 'armed'`);

    await q.query(`CREATE TABLE ${t('page_views')} (
      office text NOT NULL,
      item_id uuid NOT NULL,
      day date NOT NULL,
      views bigint NOT NULL,
      PRIMARY KEY (office, day, item_id)
    )`);

    await q.query(`CREATE TABLE ${t('webhooks')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      url text NOT NULL,
      description text,
      secret text NOT NULL,
      events text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`);
    await q.query(`CREATE INDEX webhooks_office ON ${t('webhooks')} (office) WHERE active`);

    await q.query(`CREATE TABLE ${t('webhook_deliveries')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      webhook_id uuid NOT NULL REFERENCES ${t('webhooks')} (id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      item_id uuid,
      payload jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      dead_at timestamptz,
      replays integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (webhook_id, event_id)
    )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due ON ${t('webhook_deliveries')} (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_office ON ${t('webhook_deliveries')} (office, created_at DESC, id)`,
    );

    await q.query(`CREATE TABLE ${t('webhook_attempts')} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      office text NOT NULL,
      delivery_id uuid NOT NULL REFERENCES ${t('webhook_deliveries')} (id),
      attempt integer NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      status_code integer,
      error text,
      duration_ms integer NOT NULL
    )`);
    await q.query(
      `CREATE INDEX webhook_attempts_delivery ON ${t('webhook_attempts')} (delivery_id, attempt)`,
    );

    await q.query(`CREATE TABLE ${t('social_channels')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      adapter text NOT NULL CHECK (adapter IN ('bridge-webhook', 'facebook-page')),
      name text NOT NULL,
      endpoint text NOT NULL,
      page_id text,
      token text,
      enabled boolean NOT NULL DEFAULT true,
      created_by jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX social_channels_office ON ${t('social_channels')} (office)`);

    await q.query(`CREATE TABLE ${t('social_posts')} (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      channel_id uuid NOT NULL REFERENCES ${t('social_channels')} (id),
      page_id uuid,
      item_id uuid NOT NULL,
      content_revision integer NOT NULL,
      status text NOT NULL CHECK (status IN ('posted', 'failed')),
      receipt_id uuid,
      link text,
      error text,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX social_posts_once ON ${t('social_posts')} (channel_id, item_id, content_revision) WHERE status = 'posted'`,
    );
    await q.query(`CREATE INDEX social_posts_office ON ${t('social_posts')} (office, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const t = (name: string) => qualified(q, name);
    for (const table of [
      'social_posts',
      'social_channels',
      'webhook_attempts',
      'webhook_deliveries',
      'webhooks',
      'page_views',
      'schedules',
      'idempotency_keys',
      'step_requests',
      'receipts',
      'page_revisions',
      'pages',
      'sites',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t(table)}`);
    await q.query(`DROP FUNCTION IF EXISTS ${t('refuse_page_revision_change')}()`);
  }
}
