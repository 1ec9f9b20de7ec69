import type { Actor } from '../envelope';

/**
 * The runtime: commands the worker serves about SOP runs. Only the worker talks
 * to Temporal; other services start runs, send decisions and read runs here.
 * Refusals come back as error replies: 404 `run-not-found`, 409 for a decision
 * that does not fit the run now (`step-not-open`, `duplicate-key`, `run-ended`,
 * `decision-not-allowed`, `step-busy`), 403 `role-not-holder`, 422
 * `reason-required` / `invalid-request`, with the run's bilingual message.
 */

/**
 * The role an office admin decides in when retrying a failed platform step
 * (`worker.run.decide` with `decision: 'retry'`): not a role code of any definition, so
 * no binding can grant it; only the gateway sends it, for office admins. Equal to
 * `OFFICE_ADMIN_ROLE` of @tatalaman/workflows.
 */
export const OFFICE_ADMIN_ROLE = '@office-admin';

export type RunDecisionKind =
  | 'complete'
  | 'approve'
  | 'send-back'
  | 'postpone'
  | 'resume'
  | 'reject'
  | 'extend'
  | 'skip'
  /** Try a failed publish or automatic step again. */
  | 'retry';

export interface RunItemRef {
  id: string;
  contentType: string;
  title: string;
  tags?: string[];
  revision?: number;
}

/** A run as screens show it (the interpreter's query result). */
export interface RunSummary {
  workflowId: string;
  office: string;
  definition: { key: string; version: number; title: string };
  flowId: string;
  item?: RunItemRef;
  period?: { from: string; to: string; label: string };
  /** `skipped`: started by an older "last day of the month" schedule on another day; it did nothing. */
  status: 'running' | 'postponed' | 'completed' | 'rejected' | 'cancelled' | 'skipped';
  startedAt: string;
  endedAt?: string;
  outcome?: { kind: 'completed' | 'rejected' | 'cancelled'; reason?: string; by?: Actor };
  open: {
    stepId: string;
    number: number;
    kind: string;
    description: string;
    roles: string[];
    attempt: number;
    openedAt: string;
    targetAt?: string;
    dueAt?: string;
    remindAt?: string;
    breached: boolean;
    extensions: number;
    postponed: boolean;
    busy: boolean;
    failure?: { code: string; message: string; at: string };
    allowed: RunDecisionKind[];
    timeStandard?: string;
  }[];
  history: {
    seq: number;
    at: string;
    stepId: string;
    attempt: number;
    kind: string;
    actor?: Actor;
    onBehalfOf?: Actor;
    role?: string;
    note?: string;
    reason?: string;
    to?: string;
    workingMs?: number;
    savedMinutes?: number;
    result?: unknown;
  }[];
  deadlines: { id: string; startedAt?: string; dueAt?: string; endedAt?: string; breached: boolean }[];
  /** The office calendar the run counts working time with now (absent for runs started before versions). */
  calendar?: { version?: number; until?: string };
}

export interface WorkerCommands {
  /**
   * Starts the SOP run for a content item under the office's active definition for
   * its content type (or the pinned one given). Exactly once per `idempotencyKey`:
   * a retry returns the run the first call started.
   */
  'worker.run.start': {
    request: {
      office: string;
      item: RunItemRef;
      startedBy: Actor;
      idempotencyKey: string;
      definition?: { key: string; version: number };
      flowId?: string;
    };
    response: { workflowId: string; definition: { key: string; version: number }; started: boolean };
  };
  /**
   * Starts a standalone flow of a definition (a flow with neither `item` nor a schedule,
   * e.g. Ketapang's website build and maintenance): an office admin's action. The
   * definition is the office's active version of `key` unless `version` pins one. Exactly
   * once per `idempotencyKey`. Errors: 404 `definition-not-found` / `definition-not-active`,
   * 422 `unknown-flow`, 422 `not-a-standalone-flow`, 422 `unsupported-format`.
   */
  'worker.flow.start': {
    request: {
      office: string;
      definition: { key: string; version?: number };
      flowId: string;
      startedBy: Actor;
      idempotencyKey: string;
    };
    response: { workflowId: string; definition: { key: string; version: number }; started: boolean };
  };
  /**
   * Gives the office's current working calendar to its running runs (a `calendar` Update:
   * their open limits that have not fired move) and to its recurring flows' Schedules (the
   * runs they start next). Idempotent: runs that already have the version are counted as
   * current.
   */
  'worker.calendar.sync': {
    request: { office: string };
    response: {
      calendarVersion: number;
      runs: { updated: number; current: number; failed: number };
      schedules: number;
    };
  };
  'worker.run.decide': {
    request: {
      office: string;
      workflowId: string;
      stepId: string;
      decision: RunDecisionKind;
      actor: Actor;
      role: string;
      /** When the actor decides as a delegate: the person who holds the role and is away. */
      onBehalfOf?: Actor;
      note?: string;
      reason?: string;
      idempotencyKey: string;
    };
    response: RunSummary;
  };
  'worker.run.cancel': {
    request: { office: string; workflowId: string; actor: Actor; reason: string; idempotencyKey: string };
    response: RunSummary;
  };
  'worker.run.get': {
    request: { office: string; workflowId: string };
    response: RunSummary;
  };
  'worker.runs.list': {
    request: { office: string; itemId?: string; status?: RunSummary['status']; limit?: number };
    response: {
      runs: {
        workflowId: string;
        status: string;
        definitionKey: string;
        itemId?: string;
        startedAt: string;
      }[];
    };
  };
  /**
   * Creates or updates the Temporal Schedules of a definition's recurring processes
   * for one office (on activation); with `remove`, deletes them (on retirement).
   */
  'worker.schedules.sync': {
    request: { office: string; definition: { key: string; version: number }; remove?: boolean };
    response: { schedules: { scheduleId: string; flowId: string; next?: string }[] };
  };
}
