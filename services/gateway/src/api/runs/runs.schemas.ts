import { z } from 'zod';
import { ActorView, apiSchema, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { instant } from '../shared';

// Views of libs/contracts/src/commands/worker.ts; only what is described here leaves the edge.

export const RUN_DECISIONS = [
  'complete',
  'approve',
  'send-back',
  'postpone',
  'resume',
  'reject',
  'extend',
  'skip',
  'retry',
] as const;
export const RunDecision = z.enum(RUN_DECISIONS);

/** `skipped`: an older "last day of the month" schedule started it on another day; it did nothing. */
export const RUN_STATUSES = [
  'running',
  'postponed',
  'completed',
  'rejected',
  'cancelled',
  'skipped',
] as const;

export const RunSummaryView = apiSchema(
  'RunSummary',
  z.object({
    workflowId: z.string(),
    office: z.string(),
    definition: z.object({ key: z.string(), version: z.number().int(), title: z.string() }),
    flowId: z.string(),
    item: z
      .object({
        id: z.string(),
        contentType: z.string(),
        title: z.string(),
        tags: z.array(z.string()).optional(),
        revision: z.number().int().optional(),
      })
      .optional()
      .describe('The content item the run reviews.'),
    period: z
      .object({ from: z.string(), to: z.string(), label: z.string() })
      .optional()
      .describe('For a recurring process: the period it covers.'),
    status: z.enum(RUN_STATUSES),
    startedAt: instant,
    endedAt: instant.optional(),
    outcome: z
      .object({
        kind: z.enum(['completed', 'rejected', 'cancelled']),
        reason: z.string().optional(),
        by: ActorView.optional(),
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
          allowed: z.array(RunDecision).describe('Decisions the step takes now.'),
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
          actor: ActorView.optional(),
          onBehalfOf: ActorView.optional().describe('The absent role holder a delegate decided for.'),
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
  }),
  'An SOP run: its open steps with their holders and deadlines, and its timeline of decisions.',
);

export const ListRunsQuery = z.object({
  itemId: uuid.optional().describe('Runs of one content item (its id).'),
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('At most this many (default 50).'),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const RunList = apiSchema(
  'RunList',
  z.object({
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
  "The office's SOP runs, newest first.",
);

export const CancelRunBody = apiSchema(
  'CancelRunBody',
  z.object({
    reason: z.string().trim().min(1, bilingual('Alasan wajib diisi', 'A reason is required')).max(2000),
  }),
  'Why the run is cancelled (kept in its timeline).',
);
export type CancelRunBody = z.infer<typeof CancelRunBody>;

export const StartFlowBody = apiSchema(
  'StartFlowBody',
  z.object({
    definitionKey: z
      .string()
      .min(1)
      .max(128)
      .describe('The SOP definition, e.g. `diskominfo-kab-ketapang.pengelolaan-website`.'),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("A version to pin; default: the office's active version."),
    flowId: z
      .string()
      .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/)
      .max(64)
      .describe('The standalone flow (neither `item` nor a recurring flow), e.g. `pengembangan-website`.'),
  }),
  'Which standalone process of an SOP to start.',
);
export type StartFlowBody = z.infer<typeof StartFlowBody>;

export const StartedRunView = apiSchema(
  'StartedRun',
  z.object({
    workflowId: z.string(),
    definition: z.object({ key: z.string(), version: z.number().int() }),
    started: z.boolean().describe('False when this Idempotency-Key started the run before.'),
  }),
  'The run a request started (or had started).',
);
