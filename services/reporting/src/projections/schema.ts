import { assertSchemaName } from '@tatalaman/persistence';
import { METRICS } from './metrics';

/** The live schema of the service. */
export const REPORTING_SCHEMA = 'reporting';
/** Where a rebuild writes its shadow projections before swapping them in. */
export const REBUILD_SCHEMA = 'reporting_rebuild';

/**
 * The projection tables: everything here is derived from the event streams and can be
 * dropped and rebuilt (`cli.js rebuild`). Owned state (problem inventory, stored reports,
 * idempotency, the calendar cache, rebuild runs) lives in other tables and survives a
 * rebuild. Order matters only for readability; there are no foreign keys between them.
 */
export const PROJECTION_TABLES = [
  'offices',
  'runs',
  'items',
  'step_facts',
  'posts',
  'page_views',
  'views_month',
  'office_month',
  'office_day',
  'applied_events',
] as const;
export type ProjectionTable = (typeof PROJECTION_TABLES)[number];

const metricColumns = METRICS.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(',\n  ');

/**
 * The DDL of the projection tables in a schema. The migration creates them in `reporting`
 * with it and a rebuild creates its shadow copies in `reporting_rebuild` with the same
 * statements, so a swapped-in table is exactly what the migration made (indexes and their
 * names included). Every table has an `office` column (tenancy), except `applied_events`.
 */
export function projectionDdl(schema: string): string[] {
  const s = assertSchemaName(schema);
  return [
    // Offices as the identity events describe them (name, zone, kind) for report headers.
    `CREATE TABLE ${s}.offices (
  office text PRIMARY KEY,
  name text,
  time_zone text,
  kind text,
  name_at timestamptz,
  name_key text
)`,
    // One row per SOP run (item flows and recurring processes).
    `CREATE TABLE ${s}.runs (
  office text NOT NULL,
  workflow_id text NOT NULL,
  definition_key text NOT NULL,
  definition_version int NOT NULL,
  definition_title text,
  flow_id text NOT NULL,
  trigger text,
  item_id text,
  content_type text,
  item_title text,
  period_label text,
  started_at timestamptz,
  started_by text,
  started_day text,
  ended_at timestamptz,
  ended_day text,
  outcome text,
  end_reason text,
  ended_by text,
  working_ms bigint,
  elapsed_ms bigint,
  deadline_breaches int NOT NULL DEFAULT 0,
  deadlines_met int NOT NULL DEFAULT 0,
  deadlines_extended int NOT NULL DEFAULT 0,
  PRIMARY KEY (office, workflow_id)
)`,
    `CREATE INDEX runs_by_started ON ${s}.runs (office, started_day)`,
    `CREATE INDEX runs_by_ended ON ${s}.runs (office, ended_day)`,
    // Content items: type and title (the latest known), first publication.
    `CREATE TABLE ${s}.items (
  office text NOT NULL,
  item_id text NOT NULL,
  content_type text,
  title text,
  title_at timestamptz,
  title_key text,
  created_at timestamptz,
  first_published_at timestamptz,
  first_published_day text,
  PRIMARY KEY (office, item_id)
)`,
    // One row per attempt of a step: the step fact every SLA figure is computed from.
    `CREATE TABLE ${s}.step_facts (
  office text NOT NULL,
  workflow_id text NOT NULL,
  step_id text NOT NULL,
  attempt int NOT NULL,
  definition_key text,
  definition_version int,
  flow_id text,
  item_id text,
  step_number int,
  step_kind text,
  roles text[],
  description text,
  time_standard text,
  cause_kind text,
  cause_from text,
  cause_reason text,
  opened_at timestamptz,
  target_at timestamptz,
  due_at timestamptz,
  closed_at timestamptz,
  decision text,
  by_id text,
  by_name text,
  on_behalf_of_id text,
  on_behalf_of_name text,
  role text,
  reason text,
  note text,
  sent_to text,
  event_working_ms bigint,
  within_target boolean,
  within_limit boolean,
  breached_flag boolean,
  saved_minutes int,
  closed_target_at timestamptz,
  closed_due_at timestamptz,
  extensions int NOT NULL DEFAULT 0,
  ext_due_at timestamptz,
  ext_count int NOT NULL DEFAULT 0,
  postponed_at timestamptz,
  postponed_by_id text,
  postponed_by_name text,
  postpone_role text,
  postpone_reason text,
  resumed_at timestamptz,
  resumed_by_id text,
  resumed_by_name text,
  breached_at timestamptz,
  escalated_at timestamptz,
  escalated_to text[],
  reminded_at timestamptz,
  claimed_at timestamptz,
  claimed_by_id text,
  claimed_by_name text,
  failures int NOT NULL DEFAULT 0,
  acted_at timestamptz,
  acted_day text,
  outcome text,
  total_ms bigint,
  waiting_ms bigint,
  active_ms bigint,
  is_rework boolean NOT NULL DEFAULT false,
  timed boolean NOT NULL DEFAULT false,
  met_limit boolean,
  met_target boolean,
  is_breached boolean NOT NULL DEFAULT false,
  calendar_version int,
  postponed_working_ms bigint,
  due_seq int NOT NULL DEFAULT 0,
  ext_seq int NOT NULL DEFAULT 0,
  PRIMARY KEY (office, workflow_id, step_id, attempt)
)`,
    `CREATE INDEX step_facts_by_acted ON ${s}.step_facts (office, acted_day)`,
    `CREATE INDEX step_facts_postponed ON ${s}.step_facts (office, postponed_at) WHERE postponed_at IS NOT NULL`,
    // Whether an office's SOP has time standards at all (Mentawai's has none): one probe.
    `CREATE INDEX step_facts_timed ON ${s}.step_facts (office) WHERE due_at IS NOT NULL`,
    // Posts: an item on a channel, from publish-step receipts and publication events.
    `CREATE TABLE ${s}.posts (
  office text NOT NULL,
  item_id text NOT NULL,
  channel text NOT NULL,
  first_published_at timestamptz,
  first_published_day text,
  last_published_at timestamptz,
  url text,
  url_at timestamptz,
  path text,
  path_at timestamptz,
  publication_id text,
  last_retracted_at timestamptz,
  retract_reason text,
  corrections int NOT NULL DEFAULT 0,
  last_corrected_at timestamptz,
  PRIMARY KEY (office, item_id, channel)
)`,
    `CREATE INDEX posts_by_first ON ${s}.posts (office, first_published_day)`,
    // Page views per day, item and path (item '' for pages that are not an item).
    `CREATE TABLE ${s}.page_views (
  office text NOT NULL,
  day text NOT NULL,
  item_id text NOT NULL,
  path text NOT NULL,
  views bigint NOT NULL,
  PRIMARY KEY (office, day, item_id, path)
)`,
    `CREATE TABLE ${s}.views_month (
  office text NOT NULL,
  month text NOT NULL,
  item_id text NOT NULL,
  views bigint NOT NULL,
  PRIMARY KEY (office, month, item_id)
)`,
    `CREATE TABLE ${s}.office_month (
  office text NOT NULL,
  month text NOT NULL,
  ${metricColumns},
  PRIMARY KEY (office, month)
)`,
    `CREATE INDEX office_month_by_month ON ${s}.office_month (month)`,
    `CREATE TABLE ${s}.office_day (
  office text NOT NULL,
  day text NOT NULL,
  ${metricColumns},
  PRIMARY KEY (office, day)
)`,
    // Events applied to these tables: a rebuild's catch-up and the live consumers agree through it.
    `CREATE TABLE ${s}.applied_events (
  event_id uuid PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`,
  ];
}
