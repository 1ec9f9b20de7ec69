import { RUN_STATUSES, RunDecisionKind, RunSummary } from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { instant } from '../shared';

// Views of libs/contracts/src/commands/worker.ts; only what is described here leaves the edge.

export { RUN_DECISIONS, RUN_STATUSES } from '@tatalaman/contracts';
export const RunDecision = RunDecisionKind;

export const RunSummaryView = apiSchema(
  'RunSummary',
  RunSummary,
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
