import { z } from 'zod';
import type { Actor } from '../envelope';
import { actorShape } from './caller';

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

/** Decisions a run's open step may take (`allowed` says which, now). */
export const RUN_DECISIONS = [
  'complete',
  'approve',
  'send-back',
  'postpone',
  'resume',
  'reject',
  'extend',
  'skip',
  /** Try a failed publish or automatic step again. */
  'retry',
] as const;
export const RunDecisionKind = z.enum(RUN_DECISIONS);
export type RunDecisionKind = z.output<typeof RunDecisionKind>;

/** `skipped`: an older "last day of the month" schedule started it on another day; it did nothing. */
export const RUN_STATUSES = [
  'running',
  'postponed',
  'completed',
  'rejected',
  'cancelled',
  'skipped',
] as const;
export const RunStatus = z.enum(RUN_STATUSES);

const instant = z.iso.datetime({ offset: true });

/** The content item a run reviews (limits of the content service's fields). */
export const RunItemRef = z.object({
  id: z.string().min(1).max(200),
  contentType: z.string().min(1).max(64),
  title: z.string().max(500),
  tags: z.array(z.string().max(64)).max(30).optional(),
  revision: z.number().int().min(0).optional(),
});
export type RunItemRef = z.output<typeof RunItemRef>;

/** A run as screens show it (the interpreter's query result). */
export const RunSummary = z.object({
  workflowId: z.string(),
  office: z.string(),
  definition: z.object({ key: z.string(), version: z.number().int(), title: z.string() }),
  flowId: z.string(),
  item: RunItemRef.optional().describe('The content item the run reviews.'),
  period: z
    .object({ from: z.string(), to: z.string(), label: z.string() })
    .optional()
    .describe('For a recurring process: the period it covers.'),
  status: RunStatus,
  startedAt: instant,
  endedAt: instant.optional(),
  outcome: z
    .object({
      kind: z.enum(['completed', 'rejected', 'cancelled']),
      reason: z.string().optional(),
      by: actorShape.optional(),
    })
    .optional(),
  open: z
    .array(
      z.object({
        stepId: z.string(),
        number: z.number().int(),
        kind: z.string(),
        description: z.string(),
        roles: z.array(z.string()).describe('Who may decide: holders of these SOP roles.'),
        attempt: z.number().int(),
        openedAt: instant,
        targetAt: instant.optional().describe("When the time standard's target is reached."),
        dueAt: instant.optional().describe("When the time standard's limit is reached (breach)."),
        remindAt: instant.optional(),
        breached: z.boolean(),
        extensions: z.number().int(),
        postponed: z.boolean(),
        busy: z.boolean().describe("The platform is doing the step's work (publishing…)."),
        failure: z.object({ code: z.string(), message: z.string(), at: instant }).optional(),
        allowed: z.array(RunDecisionKind).describe('Decisions the step takes now.'),
        timeStandard: z.string().optional().describe('As the definition says it, e.g. `1-3 jam`.'),
      }),
    )
    .describe('The steps waiting now, with who holds them and their deadlines.'),
  history: z
    .array(
      z.object({
        seq: z.number().int(),
        at: instant,
        stepId: z.string(),
        attempt: z.number().int(),
        kind: z.string().describe('What happened: opened, completed, sent-back, postponed, breached…'),
        actor: actorShape.optional(),
        onBehalfOf: actorShape.optional().describe('The absent role holder a delegate decided for.'),
        role: z.string().optional(),
        note: z.string().optional(),
        reason: z.string().optional(),
        to: z.string().optional(),
        workingMs: z.number().optional(),
        savedMinutes: z.number().optional(),
        result: z.unknown().optional(),
      }),
    )
    .describe('The timeline of the run, in order.'),
  deadlines: z.array(
    z.object({
      id: z.string(),
      startedAt: instant.optional(),
      dueAt: instant.optional(),
      endedAt: instant.optional(),
      breached: z.boolean(),
    }),
  ),
  calendar: z
    .object({
      version: z.number().int().optional(),
      until: z.string().optional().describe('Last local day its holidays are known for.'),
    })
    .optional()
    .describe(
      "The office calendar the run counts working time with now: a calendar change moves the run's open limits.",
    ),
});
export type RunSummary = z.output<typeof RunSummary>;

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
