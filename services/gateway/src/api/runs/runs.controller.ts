import { Get, Logger, Post } from '@nestjs/common';
import {
  OFFICE_ADMIN_ROLE,
  type PublicationActionView,
  type RunSummary,
  workerFlowStart,
  workerRunCancel,
  workerRunDecide,
  workerRunGet,
  workerRunsList,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { type OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { RUNTIME_TIMEOUT_MS, SERVICE_PROBLEMS, workflowIdParam } from '../shared';
import {
  CancelRunBody,
  ListRunsQuery,
  RunList,
  RunSummaryView,
  StartedRunView,
  StartFlowBody,
} from './runs.schemas';

export const RUNS_TAG = {
  name: 'Runs',
  description:
    'SOP runs (the runtime): their open steps, who holds them, deadlines, and the timeline of decisions. ' +
    "Runs belong to an office: another office's run is a 404.",
};

export const RunParams = z.object({ workflowId: workflowIdParam });
export type RunParams = z.infer<typeof RunParams>;

/**
 * Corrections and retractions of what the run published, appended to its timeline (after
 * the run's own entries, as events of its publish step).
 */
export function withPublicationActions(run: RunSummary, actions: PublicationActionView[]): RunSummary {
  if (!actions.length) return run;
  let seq = Math.max(0, ...run.history.map((h) => h.seq));
  const lastPublished = [...run.history].reverse().find((h) => h.kind === 'published');
  const extra = actions.map((a): RunSummary['history'][number] => {
    const stepId = a.stepId || lastPublished?.stepId || '';
    const attempt = [...run.history].reverse().find((h) => h.stepId === stepId)?.attempt ?? 1;
    const role = a.authority?.as === 'role' ? a.authority : undefined;
    return {
      seq: ++seq,
      at: a.at,
      stepId,
      attempt,
      kind: a.kind === 'correct' ? 'corrected' : 'retracted',
      ...(a.actor ? { actor: a.actor } : {}),
      ...(role?.onBehalfOf ? { onBehalfOf: role.onBehalfOf } : {}),
      ...(role ? { role: role.role } : {}),
      ...(a.note ? (a.kind === 'correct' ? { note: a.note } : { reason: a.note }) : {}),
      result: { itemId: a.itemId, revision: a.revision, authority: a.authority },
    };
  });
  return { ...run, history: [...run.history, ...extra] };
}

export const RunStepParams = z.object({
  workflowId: workflowIdParam,
  stepId: z
    .string()
    .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/)
    .max(64),
});
export type RunStepParams = z.infer<typeof RunStepParams>;

/** SOP runs: `worker.run.get`, `worker.runs.list`, `worker.run.cancel`, `worker.flow.start`, admin retries. */
@OfficeController('runs', RUNS_TAG)
export class RunsController {
  private readonly logger = new Logger('Runs');

  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'listRuns',
    summary: "The office's SOP runs",
    description: 'Filtered by content item or status.',
    requires: 'runs:read',
    query: ListRunsQuery,
    response: RunList,
    commands: [workerRunsList],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListRunsQuery) {
    return this.commands.send('worker.runs.list', query);
  }

  @Get(':workflowId')
  @Endpoint({
    operationId: 'getRun',
    summary: 'An SOP run',
    description:
      'Its open steps (roles, deadlines, decisions they take) and its timeline. After the run published, the ' +
      'timeline also lists the corrections (`corrected`) and retractions (`retracted`) of that publication, ' +
      'with who made them and on whose authority (`role`, or none for an office admin).',
    requires: 'runs:read',
    params: RunParams,
    response: RunSummaryView,
    commands: [workerRunGet],
    problems: [...SERVICE_PROBLEMS],
  })
  async get(@ValidParams() p: RunParams) {
    const [run, actions] = await Promise.all([
      this.commands.send('worker.run.get', { workflowId: p.workflowId }),
      this.commands
        .send('publishing.publication.run-actions', { workflowId: p.workflowId })
        .then((r) => r.actions)
        .catch((e: unknown) => {
          // The run itself is still worth showing; its publication's later history is not.
          this.logger.warn(`run-actions of ${p.workflowId} unavailable: ${(e as Error)?.message ?? e}`);
          return [] as PublicationActionView[];
        }),
    ]);
    return withPublicationActions(run, actions);
  }

  @Post()
  @Endpoint({
    operationId: 'startStandaloneRun',
    summary: 'Start a standalone process of an SOP',
    description:
      "Office admins. Starts a flow that runs neither per content item nor on a schedule (e.g. Ketapang's " +
      "website build and maintenance, `pengembangan-website`) under the office's active version of the " +
      'definition, or the version given. Its steps are timed by their own time standards in the office ' +
      'calendar, and reports count them like any step. Once per Idempotency-Key.',
    requires: 'office:admin',
    body: StartFlowBody,
    response: StartedRunView,
    status: 201,
    commands: [workerFlowStart],
    // The runtime asks the SOP registry for the definition and passes its refusal through.
    problems: ['definition-not-found', ...SERVICE_PROBLEMS],
  })
  start(@Access() access: OfficeAccess, @ValidBody() body: StartFlowBody) {
    return this.commands.send(
      'worker.flow.start',
      {
        definition: { key: body.definitionKey, version: body.version },
        flowId: body.flowId,
        startedBy: access.actor,
      },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }

  @Post(':workflowId/steps/:stepId/retry')
  @Endpoint({
    operationId: 'retryRunStep',
    summary: 'Retry a failed platform step',
    description:
      'Office admins. A publish or automatic step whose work was refused (`open[].failure`) is tried again, ' +
      "with the same result as its holders' own `retry` (an automatic step may have no holders at all). " +
      'Recorded in the timeline with the admin as actor.',
    requires: 'office:admin',
    params: RunStepParams,
    response: RunSummaryView,
    status: 200,
    commands: [workerRunDecide],
    problems: [...SERVICE_PROBLEMS],
  })
  retry(@ValidParams() p: RunStepParams) {
    return this.commands.send(
      'worker.run.decide',
      { workflowId: p.workflowId, stepId: p.stepId, decision: 'retry', role: OFFICE_ADMIN_ROLE },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
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
    commands: [workerRunCancel],
    problems: [...SERVICE_PROBLEMS],
  })
  cancel(@ValidParams() p: RunParams, @ValidBody() body: CancelRunBody) {
    return this.commands.send(
      'worker.run.cancel',
      { workflowId: p.workflowId, reason: body.reason },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }
}
