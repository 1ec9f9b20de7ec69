import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox and everything around it. Every table holds tenant data and has an
 * `office` column; every query names it.
 */
export class ApprovalsTables1795500000000 implements MigrationInterface {
  name = 'ApprovalsTables1795500000000';

  async up(q: QueryRunner): Promise<void> {
    // Runs, as far as the inbox needs them: what they are about and whether they ended.
    await q.query(`CREATE TABLE approvals.runs (
      office text NOT NULL,
      workflow_id text NOT NULL,
      definition_key text NOT NULL,
      definition_version int NOT NULL,
      definition_title text,
      flow_id text NOT NULL,
      item_id text,
      item_title text,
      content_type text,
      trigger text,
      started_at timestamptz,
      started_by jsonb,
      status text NOT NULL DEFAULT 'running',
      outcome_reason text,
      ended_at timestamptz,
      ended_seq int,
      last_seq int NOT NULL DEFAULT 0,
      details_state text NOT NULL DEFAULT 'pending',
      details_version int NOT NULL DEFAULT 0,
      details_attempts int NOT NULL DEFAULT 0,
      details_next_at timestamptz NOT NULL DEFAULT now(),
      details_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (office, workflow_id),
      CHECK (status IN ('running', 'completed', 'rejected', 'cancelled')),
      CHECK (details_state IN ('pending', 'done', 'failed'))
    )`);
    await q.query(
      `CREATE INDEX runs_details_pending ON approvals.runs (details_next_at) WHERE details_state = 'pending'`,
    );

    // Step descriptions per pinned definition version: the events do not carry them.
    await q.query(`CREATE TABLE approvals.step_descriptions (
      office text NOT NULL,
      definition_key text NOT NULL,
      definition_version int NOT NULL,
      step_id text NOT NULL,
      description text NOT NULL,
      PRIMARY KEY (office, definition_key, definition_version, step_id)
    )`);

    await q.query(`CREATE TABLE approvals.tasks (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      workflow_id text NOT NULL,
      step_id text NOT NULL,
      attempt int NOT NULL,
      step_number int,
      step_kind text NOT NULL,
      description text,
      roles text[] NOT NULL DEFAULT '{}',
      definition_key text NOT NULL,
      definition_version int NOT NULL,
      item_id text,
      cause_kind text NOT NULL DEFAULT 'next',
      cause_from text,
      cause_reason text,
      status text NOT NULL,
      status_seq int NOT NULL,
      opened_seq int,
      opened_at timestamptz,
      target_at timestamptz,
      due_at timestamptz,
      time_standard text,
      reminded_at timestamptz,
      breached boolean NOT NULL DEFAULT false,
      breached_at timestamptz,
      escalated_at timestamptz,
      extensions int NOT NULL DEFAULT 0,
      failures int NOT NULL DEFAULT 0,
      failure_code text,
      failure_message text,
      failed_at timestamptz,
      claimed_by text,
      claimed_by_name text,
      claimed_at timestamptz,
      deciding_decision text,
      deciding_by jsonb,
      deciding_at timestamptz,
      postponed_at timestamptz,
      postponed_by jsonb,
      postpone_reason text,
      closed_at timestamptz,
      outcome text,
      outcome_by jsonb,
      outcome_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (office, workflow_id, step_id, attempt),
      CHECK (status IN ('open', 'deciding', 'postponed', 'closed')),
      CHECK (step_kind IN ('work', 'review', 'publish', 'automatic'))
    )`);
    // The inbox: not-closed tasks of an office, soonest due first, filtered by role overlap.
    await q.query(
      `CREATE INDEX tasks_inbox ON approvals.tasks (office, (coalesce(due_at, 'infinity'::timestamptz)), opened_at, id) WHERE status <> 'closed'`,
    );
    await q.query(`CREATE INDEX tasks_roles ON approvals.tasks USING gin (roles) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX tasks_run ON approvals.tasks (office, workflow_id)`);
    await q.query(
      `CREATE INDEX tasks_claimed ON approvals.tasks (office, claimed_by) WHERE claimed_by IS NOT NULL AND status <> 'closed'`,
    );

    await q.query(`CREATE TABLE approvals.decisions (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      workflow_id text NOT NULL,
      task_id uuid,
      step_id text NOT NULL,
      step_number int,
      attempt int NOT NULL,
      outcome text NOT NULL,
      ordinal int NOT NULL DEFAULT 0,
      actor jsonb,
      actor_id text,
      on_behalf_of jsonb,
      on_behalf_of_id text,
      role text,
      reason text,
      note text,
      decided_at timestamptz NOT NULL,
      definition_key text NOT NULL,
      item_id text,
      source text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (office, workflow_id, step_id, attempt, outcome, ordinal),
      CHECK (outcome IN ('complete', 'approve', 'send-back', 'postpone', 'resume', 'reject', 'extend', 'skip', 'retry')),
      CHECK (source IN ('command', 'event'))
    )`);
    await q.query(`CREATE INDEX decisions_recent ON approvals.decisions (office, decided_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX decisions_outcome ON approvals.decisions (office, outcome, decided_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX decisions_run ON approvals.decisions (office, workflow_id, decided_at)`);
    await q.query(
      `CREATE INDEX decisions_person ON approvals.decisions (office, actor_id, decided_at DESC) INCLUDE (on_behalf_of_id)`,
    );

    await q.query(`CREATE TABLE approvals.comments (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      workflow_id text NOT NULL,
      task_id uuid,
      step_id text,
      author jsonb NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE INDEX comments_run ON approvals.comments (office, workflow_id, created_at, id)`);

    // The in-app channel's store: one row per person and cause.
    await q.query(`CREATE TABLE approvals.notifications (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      user_id text NOT NULL,
      kind text NOT NULL,
      task_id uuid,
      workflow_id text,
      subject jsonb NOT NULL,
      body jsonb NOT NULL,
      link text,
      cause_event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      read_at timestamptz,
      UNIQUE (office, user_id, cause_event_id, kind)
    )`);
    await q.query(
      `CREATE INDEX notifications_user ON approvals.notifications (office, user_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX notifications_unread ON approvals.notifications (office, user_id) WHERE read_at IS NULL`,
    );

    // Work the run events leave for after their transaction: who to notify is asked of the gateway.
    await q.query(`CREATE TABLE approvals.notification_jobs (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      kind text NOT NULL,
      cause_event_id uuid NOT NULL,
      workflow_id text NOT NULL,
      task_id uuid,
      roles text[] NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'pending',
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      UNIQUE (office, cause_event_id, kind),
      CHECK (state IN ('pending', 'done', 'failed'))
    )`);
    await q.query(
      `CREATE INDEX notification_jobs_pending ON approvals.notification_jobs (next_attempt_at) WHERE state = 'pending'`,
    );

    // E-mails to send through SMTP, queued by the e-mail channel in the notification's transaction.
    await q.query(`CREATE TABLE approvals.email_deliveries (
      id uuid PRIMARY KEY,
      office text NOT NULL,
      notification_id uuid NOT NULL,
      address text NOT NULL,
      message jsonb NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (notification_id),
      CHECK (state IN ('pending', 'sent', 'failed'))
    )`);
    await q.query(
      `CREATE INDEX email_deliveries_pending ON approvals.email_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );

    // First answers of mutating requests, per office, actor and Idempotency-Key.
    await q.query(`CREATE TABLE approvals.idempotency (
      office text NOT NULL,
      actor_id text NOT NULL,
      key text NOT NULL,
      command text NOT NULL,
      fingerprint text NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (office, actor_id, key),
      CHECK (state IN ('pending', 'done'))
    )`);
    await q.query(`CREATE INDEX idempotency_age ON approvals.idempotency (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency',
      'email_deliveries',
      'notification_jobs',
      'notifications',
      'comments',
      'decisions',
      'tasks',
      'step_descriptions',
      'runs',
    ]) {
      await q.query(`DROP TABLE IF EXISTS approvals.${t}`);
    }
  }
}
