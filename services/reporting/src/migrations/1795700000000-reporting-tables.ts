import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { projectionDdl, REPORTING_SCHEMA } from '../projections/schema';

/**
 * The projection tables (derived from the streams, see projections/schema.ts) and the
 * state the service owns: the problem inventory, stored reports, idempotency records,
 * the office calendar cache and the record of rebuilds.
 */
export class ReportingTables1795700000000 implements MigrationInterface {
  name = 'ReportingTables1795700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of projectionDdl(REPORTING_SCHEMA)) await q.query(statement);

    // The website problem inventory (inventarisasi permasalahan website/jaringan).
    await q.query(`CREATE TABLE reporting.problems (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      number int NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      category text NOT NULL,
      severity text NOT NULL,
      status text NOT NULL DEFAULT 'open',
      resolution text,
      reported_by jsonb NOT NULL,
      reported_at timestamptz NOT NULL,
      updated_by jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      resolved_by jsonb,
      resolved_at timestamptz,
      UNIQUE (office, number),
      CHECK (status IN ('open', 'in-progress', 'resolved')),
      CHECK (severity IN ('low', 'medium', 'high', 'critical')),
      CHECK (category IN ('content', 'display', 'network', 'server', 'security', 'domain', 'email', 'other'))
    )`);
    await q.query(`CREATE INDEX problems_by_office ON reporting.problems (office, status, number)`);

    // Reports built by report.generate (recurring runs): the document as it was built.
    await q.query(`CREATE TABLE reporting.reports (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      report text NOT NULL,
      title text NOT NULL,
      period_from timestamptz NOT NULL,
      period_to timestamptz NOT NULL,
      period_label text NOT NULL,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      run_workflow_id text,
      run_step_id text,
      definition_key text,
      document jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (office, idempotency_key)
    )`);
    await q.query(`CREATE INDEX reports_by_office ON reporting.reports (office, created_at DESC)`);

    await q.query(`CREATE TABLE reporting.idempotency (
      office text NOT NULL,
      actor_id text NOT NULL,
      key text NOT NULL,
      command text NOT NULL,
      fingerprint text NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, actor_id, key)
    )`);

    // Office calendars from gateway.office.get, so working time does not ask for every event.
    await q.query(`CREATE TABLE reporting.office_calendars (
      office text PRIMARY KEY,
      name text NOT NULL,
      kind text,
      time_zone text NOT NULL,
      calendar jsonb NOT NULL,
      source text NOT NULL,
      fetched_at timestamptz NOT NULL,
      CHECK (source IN ('gateway', 'default'))
    )`);

    await q.query(`CREATE TABLE reporting.rebuilds (
      id uuid PRIMARY KEY,
      state text NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      started_by text,
      streams jsonb NOT NULL DEFAULT '[]',
      error text,
      CHECK (state IN ('running', 'done', 'failed'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rebuilds', 'office_calendars', 'idempotency', 'reports', 'problems'])
      await q.query(`DROP TABLE IF EXISTS reporting.${t}`);
    for (const t of [
      'applied_events',
      'office_day',
      'office_month',
      'views_month',
      'page_views',
      'posts',
      'step_facts',
      'items',
      'runs',
      'offices',
    ])
      await q.query(`DROP TABLE IF EXISTS reporting.${t}`);
  }
}
