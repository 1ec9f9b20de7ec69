import { RunSummary, workerFlowStart, workerRunCancel, workerRunsList } from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand } from '../../http/schemas';
import { numberQuery } from '../shared';

// Views of libs/contracts/src/commands/worker.ts; only what is described here leaves the edge.

export const RunSummaryView = apiSchema(
  'RunSummary',
  RunSummary,
  'An SOP run: its open steps with their holders and deadlines, and its timeline of decisions.',
);

const list = workerRunsList.request.shape;
export const ListRunsQuery = z.object({
  itemId: list.itemId,
  status: list.status,
  limit: numberQuery(list.limit),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const RunList = apiSchema('RunList', workerRunsList.response, "The office's SOP runs, newest first.");

export const CancelRunBody = bodyFromCommand('CancelRunBody', workerRunCancel, {
  omit: { workflowId: true },
  description: 'Why the run is cancelled (kept in its timeline).',
});
export type CancelRunBody = z.infer<typeof CancelRunBody>;

// The edge names the definition flat; `worker.flow.start` takes it as `definition: { key, version? }`.
const flow = workerFlowStart.request.shape;
export const StartFlowBody = apiSchema(
  'StartFlowBody',
  z.object({
    definitionKey: flow.definition.shape.key,
    version: flow.definition.shape.version,
    flowId: flow.flowId,
  }),
  'Which standalone process of an SOP to start.',
);
export type StartFlowBody = z.infer<typeof StartFlowBody>;

export const StartedRunView = apiSchema(
  'StartedRun',
  workerFlowStart.response,
  'The run a request started (or had started).',
);
