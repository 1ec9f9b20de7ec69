import type { Actor } from '../envelope';

/**
 * The runtime: commands the worker serves about SOP runs. Only the worker talks
 * to Temporal; other services start runs, send decisions and read runs here.
 * Refusals come back as error replies: 404 `run-not-found`, 409 for a decision
 * that does not fit the run now (`step-not-open`, `duplicate-key`, `run-ended`,
 * `decision-not-allowed`, `step-busy`), 403 `role-not-holder`, 422
 * `reason-required` / `invalid-request`, with the run's bilingual message.
 */

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
  status: 'running' | 'postponed' | 'completed' | 'rejected' | 'cancelled';
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
