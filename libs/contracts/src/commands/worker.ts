import { z } from 'zod';
import { actorShape, effectiveRoleShape, idempotencyKeyShape, officeSlug } from './caller';
import { serialNumber } from './common';
import { defineCommand, registerCommands, type ContractsOf } from './define';
import { defineErrors } from './errors';

/**
 * The runtime: commands the worker serves about SOP runs. Only the worker talks to Temporal;
 * other services start runs, send decisions and read runs here. Runs belong to offices: a
 * run of another office is `run-not-found`. Refusals of a decision come from the run itself
 * (the interpreter's rejections, workflows/src/interpreter/rejections.ts) with its bilingual
 * message.
 */

export const WORKER_ERRORS = defineErrors('worker', {
  'run-not-found': { status: 404, title: { id: 'Proses SOP tidak ditemukan', en: 'SOP run not found' } },
  'run-ended': { status: 409, title: { id: 'Proses SOP sudah selesai', en: 'The SOP run has ended' } },
  'step-not-open': {
    status: 409,
    title: { id: 'Langkah ini tidak sedang terbuka', en: 'The step is not open' },
  },
  'duplicate-key': {
    status: 409,
    title: { id: 'Keputusan dengan kunci ini sudah ada', en: 'A decision with this key exists' },
  },
  'decision-not-allowed': {
    status: 409,
    title: {
      id: 'Keputusan ini tidak berlaku pada langkah ini',
      en: 'This decision does not apply to the step',
    },
  },
  'step-busy': { status: 409, title: { id: 'Langkah ini sedang diproses', en: 'The step is busy' } },
  'extensions-exhausted': {
    status: 409,
    title: { id: 'Perpanjangan waktu sudah habis', en: 'No more extensions are allowed' },
  },
  'role-not-holder': {
    status: 403,
    title: { id: 'Anda tidak memegang peran langkah ini', en: 'You do not hold a role of this step' },
  },
  'reason-required': { status: 422, title: { id: 'Alasan wajib diisi', en: 'A reason is required' } },
  'unknown-flow': { status: 422, title: { id: 'Alur SOP tidak dikenal', en: 'Unknown SOP flow' } },
  'not-a-standalone-flow': {
    status: 422,
    title: { id: 'Alur ini bukan proses mandiri', en: 'The flow is not a standalone process' },
  },
  'definition-not-active': {
    status: 404,
    title: {
      id: 'Kantor ini tidak memakai definisi SOP tersebut',
      en: 'The office has no active version of that SOP definition',
    },
  },
  'unsupported-format': {
    status: 422,
    title: {
      id: 'Format definisi terkompilasi tidak dikenal runtime',
      en: 'The runtime does not know the compiled definition format',
    },
  },
  'calendar-sync-incomplete': {
    status: 503,
    title: {
      id: 'Kalender belum sampai ke semua proses SOP',
      en: 'The calendar has not reached every SOP run yet',
    },
  },
});
const E = WORKER_ERRORS;

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
        deadline: z
          .string()
          .optional()
          .describe('For `extend` of a deadline across steps: its id (the step is where it was asked from).'),
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
      met: z.boolean().optional().describe('Ended by its `until` step within its limit (as extended).'),
      extensions: z.number().int().optional().describe('Extensions so far.'),
      maxExtensions: z
        .number()
        .int()
        .optional()
        .describe(
          'How many extensions the definition allows (0: none). Holders of an open step extend it with `extend` and `deadline`.',
        ),
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

const workflowId = z.string().min(1).max(200);
const definitionRef = z.object({ key: z.string().min(1).max(128), version: serialNumber });
const flowCode = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/)
  .max(64);
const startedRun = z.object({
  workflowId: z.string(),
  definition: z.object({ key: z.string(), version: z.number().int() }),
  started: z.boolean().describe('False when this Idempotency-Key started the run before.'),
});

export const workerRunStart = defineCommand('worker.run.start', {
  description:
    "Starts the SOP run for a content item under the office's active definition for its content type (or " +
    'the pinned one given). Exactly once per `idempotencyKey`: a retry returns the run the first call started.',
  request: z.object({
    office: officeSlug,
    item: RunItemRef,
    startedBy: actorShape,
    startedByRoles: z
      .array(effectiveRoleShape)
      .max(500)
      .optional()
      .describe(
        "The submitter's SOP roles (the caller envelope's): when they hold the first step, it is " +
          'completed by them at the start.',
      ),
    idempotencyKey: idempotencyKeyShape,
    definition: definitionRef.optional(),
    flowId: flowCode.optional(),
  }),
  response: startedRun,
  errors: [E['unknown-flow'], E['unsupported-format']],
});

export const workerFlowStart = defineCommand('worker.flow.start', {
  description:
    "Starts a standalone flow of a definition (a flow with neither `item` nor a schedule, e.g. Ketapang's " +
    "website build and maintenance): an office admin's action. The definition is the office's active " +
    'version of `key` unless `version` pins one. Exactly once per `idempotencyKey`.',
  request: z.object({
    office: officeSlug,
    definition: z.object({
      key: definitionRef.shape.key.describe(
        'The SOP definition, e.g. `diskominfo-kab-ketapang.pengelolaan-website`.',
      ),
      version: definitionRef.shape.version
        .optional()
        .describe("A version to pin; default: the office's active version."),
    }),
    flowId: flowCode.describe(
      'The standalone flow (neither `item` nor a recurring flow), e.g. `pengembangan-website`.',
    ),
    startedBy: actorShape,
    idempotencyKey: idempotencyKeyShape,
  }),
  response: startedRun,
  errors: [
    E['definition-not-active'],
    E['unknown-flow'],
    E['not-a-standalone-flow'],
    E['unsupported-format'],
  ],
});

export const workerCalendarSync = defineCommand('worker.calendar.sync', {
  description:
    "Gives the office's current working calendar to its running runs (a `calendar` Update: their open " +
    "limits that have not fired move) and to its recurring flows' Schedules (the runs they start next). " +
    'Idempotent: runs that already have the version are counted as current.',
  request: z.object({ office: officeSlug }),
  response: z.object({
    calendarVersion: z.number().int(),
    runs: z.object({ updated: z.number().int(), current: z.number().int(), failed: z.number().int() }),
    schedules: z.number().int(),
  }),
  // It also answers `calendar-sync-incomplete` (503) when some runs missed the update; only the
  // registry's calendar consumer sends it and asks again, so no HTTP operation documents it.
});

/** What the runtime may refuse a decision (or a cancellation) with. */
const DECISION_REFUSALS = [
  E['run-not-found'],
  E['run-ended'],
  E['step-not-open'],
  E['duplicate-key'],
  E['decision-not-allowed'],
  E['extensions-exhausted'],
  E['step-busy'],
  E['role-not-holder'],
  E['reason-required'],
];

export const workerRunDecide = defineCommand('worker.run.decide', {
  description: "A person's decision on an open step (a Temporal Update); answers with the run after it.",
  request: z.object({
    office: officeSlug,
    workflowId,
    stepId: z.string().min(1).max(200),
    decision: RunDecisionKind,
    actor: actorShape,
    role: z.string().min(1).max(64),
    /** When the actor decides as a delegate: the person who holds the role and is away. */
    onBehalfOf: actorShape.optional(),
    note: z.string().max(4000).optional(),
    reason: z.string().max(4000).optional(),
    /** With `extend`: the deadline across steps to extend instead of the step. */
    deadline: z.string().min(1).max(64).optional(),
    idempotencyKey: idempotencyKeyShape,
  }),
  response: RunSummary,
  errors: DECISION_REFUSALS,
});

export const workerRunCancel = defineCommand('worker.run.cancel', {
  description: 'Ends a run as cancelled, with who and why.',
  request: z.object({
    office: officeSlug,
    workflowId,
    actor: actorShape,
    reason: z.string().trim().min(1).max(2000).describe('Why the run is cancelled (kept in its timeline).'),
    idempotencyKey: idempotencyKeyShape,
  }),
  response: RunSummary,
  errors: [E['run-not-found'], E['run-ended']],
});

export const workerRunGet = defineCommand('worker.run.get', {
  description: "A run's state: open steps, holders, deadlines, history.",
  request: z.object({ office: officeSlug, workflowId }),
  response: RunSummary,
  errors: [E['run-not-found']],
});

export const workerRunsList = defineCommand('worker.runs.list', {
  description:
    "An office's runs by item or status, newest first (Temporal visibility). Filters go into the " +
    'visibility query only as they are: letters, digits and `._:-`; anything else is refused.',
  request: z.object({
    office: officeSlug,
    itemId: z.string().min(1).max(200).optional().describe('Runs of one content item (its id).'),
    status: RunStatus.optional(),
    limit: z.number().int().min(1).max(500).optional().describe('At most this many (default 50).'),
  }),
  response: z.object({
    runs: z.array(
      z.object({
        workflowId: z.string(),
        status: z.string(),
        definitionKey: z.string(),
        itemId: z.string().optional(),
        startedAt: instant,
      }),
    ),
  }),
});

export const workerSchedulesSync = defineCommand('worker.schedules.sync', {
  description:
    "Creates or updates the Temporal Schedules of a definition's recurring processes for one office (on " +
    'activation); with `remove`, deletes them (on retirement).',
  request: z.object({ office: officeSlug, definition: definitionRef, remove: z.boolean().optional() }),
  response: z.object({
    schedules: z.array(z.object({ scheduleId: z.string(), flowId: z.string(), next: z.string().optional() })),
  }),
});

export const WORKER_COMMAND_DEFINITIONS = registerCommands(
  workerRunStart,
  workerFlowStart,
  workerCalendarSync,
  workerRunDecide,
  workerRunCancel,
  workerRunGet,
  workerRunsList,
  workerSchedulesSync,
);

export type WorkerCommands = ContractsOf<typeof WORKER_COMMAND_DEFINITIONS>;
