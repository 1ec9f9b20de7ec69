import { Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { RUNTIME_TIMEOUT_MS, SERVICE_PROBLEMS, workflowIdParam } from '../shared';
import { CancelRunBody, ListRunsQuery, RunList, RunSummaryView } from './runs.schemas';

export const RUNS_TAG = {
  name: 'Runs',
  description:
    'SOP runs (the runtime): their open steps, who holds them, deadlines, and the timeline of decisions. ' +
    "Runs belong to an office: another office's run is a 404.",
};

export const RunParams = z.object({ workflowId: workflowIdParam });
export type RunParams = z.infer<typeof RunParams>;

/** SOP runs: `worker.run.get`, `worker.runs.list`, `worker.run.cancel` of the runtime. */
@OfficeController('runs', RUNS_TAG)
export class RunsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'listRuns',
    summary: "The office's SOP runs",
    description: 'Filtered by content item or status.',
    requires: 'runs:read',
    query: ListRunsQuery,
    response: RunList,
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListRunsQuery) {
    return this.commands.send('worker.runs.list', query);
  }

  @Get(':workflowId')
  @Endpoint({
    operationId: 'getRun',
    summary: 'An SOP run',
    description: 'Its open steps (roles, deadlines, decisions they take) and its timeline.',
    requires: 'runs:read',
    params: RunParams,
    response: RunSummaryView,
    problems: ['run-not-found', ...SERVICE_PROBLEMS],
  })
  get(@ValidParams() p: RunParams) {
    return this.commands.send('worker.run.get', { workflowId: p.workflowId });
  }

  @Post(':workflowId/cancel')
  @Endpoint({
    operationId: 'cancelRun',
    summary: 'Cancel an SOP run',
    description:
      'Office admins only; the reason stays in the timeline. A content item under review goes back to draft.',
    requires: 'office:admin',
    params: RunParams,
    body: CancelRunBody,
    response: RunSummaryView,
    status: 200,
    problems: ['run-not-found', 'run-ended', ...SERVICE_PROBLEMS],
  })
  cancel(@ValidParams() p: RunParams, @ValidBody() body: CancelRunBody) {
    return this.commands.send(
      'worker.run.cancel',
      { workflowId: p.workflowId, reason: body.reason },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }
}
