import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  COMMON_ERRORS,
  type CommandParsed,
  type CommandResponse,
  type RunSummary,
  WORKER_ERRORS,
} from '@tatalaman/contracts';
import {
  CommandClient,
  CommandController,
  HandleCommand,
  commandFailure,
  commandMeta,
} from '@tatalaman/messaging';
import {
  SOP_DEFINITION_KEY,
  SOP_ITEM_ID,
  SOP_OFFICE,
  SOP_STATE,
  SUPPORTED_FORMAT,
  cancelUpdate,
  decideUpdate,
  sopRun,
  stateQuery,
  type CompiledSop,
  type RunView,
} from '@tatalaman/workflows';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS, type TemporalSettings } from '../temporal/temporal.tokens';
import { runOffice } from './office-input';
import { runEnded, runNotFound, toCommandFailure } from './run-errors';

/** Workflow ids of item runs: one per office, item and submission key, so a retried start finds the first run. */
export function itemRunId(office: string, itemId: string, key: string): string {
  const digest = createHash('sha256').update(`${office}\n${itemId}\n${key}`).digest('hex').slice(0, 20);
  return `sop-${office}-${digest}`;
}

/** Workflow ids of standalone flows: one per office, definition, flow and request key. */
export function flowRunId(office: string, key: string, flowId: string, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(`${office}\n${key}\n${flowId}\n${idempotencyKey}`)
    .digest('hex')
    .slice(0, 20);
  return `sop-${office}-flow-${digest}`;
}

function unknownFlow(key: string, flowId: string) {
  return commandFailure(WORKER_ERRORS['unknown-flow'], {
    message: {
      id: `Definisi ${key} tidak memiliki alur "${flowId}".`,
      en: `Definition ${key} has no flow "${flowId}".`,
    },
  });
}

/** A definition compiled in a form this runtime cannot run is refused before any run starts. */
function checkFormat(definition: CompiledSop): void {
  if (definition.format !== SUPPORTED_FORMAT) {
    throw commandFailure(WORKER_ERRORS['unsupported-format'], {
      message: {
        id: `Definisi ${definition.key} dikompilasi dalam format ${String(definition.format)}; runtime ini menjalankan ${SUPPORTED_FORMAT}.`,
        en: `Definition ${definition.key} is compiled as ${String(definition.format)}; this runtime runs ${SUPPORTED_FORMAT}.`,
      },
    });
  }
}

/** The runtime API: the only place other services start, decide and read SOP runs. */
@CommandController()
export class RunsController {
  /** A run's office never changes: remembered so a decision costs one round trip to Temporal, not two. */
  private readonly owners = new Map<string, string>();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly commands: CommandClient,
  ) {}

  @HandleCommand('worker.run.start')
  async start(
    req: CommandParsed<'worker.run.start'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'worker.run.start'>> {
    const workflowId = itemRunId(req.office, req.item.id, req.idempotencyKey);
    const existing = await this.describe(workflowId);
    if (existing) return { workflowId, definition: existing, started: false };

    const correlationId = commandMeta(ctx).correlationId;
    const [definition, office] = await Promise.all([
      this.definitionFor(req, correlationId),
      this.commands.send('gateway.office.get', { office: req.office }, { correlationId }),
    ]);
    const flowId = req.flowId ?? 'item';
    if (!definition.flows[flowId]) {
      throw unknownFlow(definition.key, flowId);
    }
    checkFormat(definition);
    try {
      await this.temporal.workflow.start(sopRun, {
        workflowId,
        taskQueue: this.settings.taskQueue,
        args: [
          {
            office: runOffice(office),
            definition,
            flowId,
            item: req.item,
            startedBy: req.startedBy,
            ...(req.startedByRoles?.length ? { startedByRoles: req.startedByRoles } : {}),
          },
        ],
        typedSearchAttributes: [
          { key: SOP_OFFICE, value: req.office },
          { key: SOP_DEFINITION_KEY, value: definition.key },
          { key: SOP_ITEM_ID, value: req.item.id },
          { key: SOP_STATE, value: 'running' },
        ],
        memo: { definitionVersion: definition.version },
      });
      return { workflowId, definition: { key: definition.key, version: definition.version }, started: true };
    } catch (error) {
      // Two identical requests raced: the other one started it.
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        return {
          workflowId,
          definition: { key: definition.key, version: definition.version },
          started: false,
        };
      }
      throw error;
    }
  }

  @HandleCommand('worker.flow.start')
  async startFlow(
    req: CommandParsed<'worker.flow.start'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'worker.flow.start'>> {
    const workflowId = flowRunId(req.office, req.definition.key, req.flowId, req.idempotencyKey);
    const existing = await this.describe(workflowId);
    if (existing) return { workflowId, definition: existing, started: false };

    const correlationId = commandMeta(ctx).correlationId;
    const [definition, office] = await Promise.all([
      this.activeDefinition(req.office, req.definition, correlationId),
      this.commands.send('gateway.office.get', { office: req.office }, { correlationId }),
    ]);
    const flow = definition.flows[req.flowId];
    if (!flow) {
      throw unknownFlow(definition.key, req.flowId);
    }
    if (flow.trigger !== 'manual') {
      throw commandFailure(WORKER_ERRORS['not-a-standalone-flow'], {
        message: {
          id: `Alur "${req.flowId}" bukan proses mandiri: ${flow.trigger === 'item' ? 'alur ini berjalan untuk setiap konten yang diajukan' : 'alur ini berjalan sesuai jadwalnya'}.`,
          en: `Flow "${req.flowId}" is not a standalone process: ${flow.trigger === 'item' ? 'it runs for each submitted content item' : 'it runs on its schedule'}.`,
        },
      });
    }
    checkFormat(definition);
    const ref = { key: definition.key, version: definition.version };
    try {
      await this.temporal.workflow.start(sopRun, {
        workflowId,
        taskQueue: this.settings.taskQueue,
        args: [{ office: runOffice(office), definition, flowId: req.flowId, startedBy: req.startedBy }],
        typedSearchAttributes: [
          { key: SOP_OFFICE, value: req.office },
          { key: SOP_DEFINITION_KEY, value: definition.key },
          { key: SOP_STATE, value: 'running' },
        ],
        memo: { definitionVersion: definition.version },
      });
      return { workflowId, definition: ref, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        return { workflowId, definition: ref, started: false };
      throw error;
    }
  }

  @HandleCommand('worker.run.decide')
  async decide(req: CommandParsed<'worker.run.decide'>): Promise<CommandResponse<'worker.run.decide'>> {
    const handle = await this.handleFor(req.office, req.workflowId);
    try {
      const view = await handle.executeUpdate(decideUpdate, {
        // Temporal de-duplicates Updates by id: a retried command gets the first answer.
        updateId: `decide:${req.idempotencyKey}`,
        args: [
          {
            stepId: req.stepId,
            decision: req.decision,
            actor: req.actor,
            role: req.role,
            onBehalfOf: req.onBehalfOf,
            note: req.note,
            reason: req.reason,
            deadline: req.deadline,
            idempotencyKey: req.idempotencyKey,
          },
        ],
      });
      return summary(req.workflowId, view);
    } catch (error) {
      throw await this.updateFailure(handle, error);
    }
  }

  @HandleCommand('worker.run.cancel')
  async cancel(req: CommandParsed<'worker.run.cancel'>): Promise<CommandResponse<'worker.run.cancel'>> {
    const handle = await this.handleFor(req.office, req.workflowId);
    try {
      const view = await handle.executeUpdate(cancelUpdate, {
        updateId: `cancel:${req.idempotencyKey}`,
        args: [{ actor: req.actor, reason: req.reason, idempotencyKey: req.idempotencyKey }],
      });
      return summary(req.workflowId, view);
    } catch (error) {
      throw await this.updateFailure(handle, error);
    }
  }

  @HandleCommand('worker.run.get')
  async get(req: CommandParsed<'worker.run.get'>): Promise<CommandResponse<'worker.run.get'>> {
    const handle = await this.handleFor(req.office, req.workflowId);
    try {
      return summary(req.workflowId, await handle.query(stateQuery));
    } catch (error) {
      throw toCommandFailure(error);
    }
  }

  @HandleCommand('worker.runs.list')
  async list(req: CommandParsed<'worker.runs.list'>): Promise<CommandResponse<'worker.runs.list'>> {
    const clauses = [`SopOffice = '${visibilityValue('office', req.office)}'`];
    if (req.itemId) clauses.push(`SopItemId = '${visibilityValue('itemId', req.itemId)}'`);
    if (req.status) clauses.push(`SopState = '${visibilityValue('status', req.status)}'`);
    const runs: CommandResponse<'worker.runs.list'>['runs'] = [];
    const limit = Math.min(Math.max(req.limit ?? 50, 1), 500);
    try {
      for await (const wf of this.temporal.workflow.list({ query: clauses.join(' AND ') })) {
        const attrs = wf.typedSearchAttributes;
        runs.push({
          workflowId: wf.workflowId,
          status: attrs.get(SOP_STATE) ?? wf.status.name.toLowerCase(),
          definitionKey: attrs.get(SOP_DEFINITION_KEY) ?? '',
          itemId: attrs.get(SOP_ITEM_ID),
          startedAt: wf.startTime.toISOString(),
        });
        if (runs.length >= limit) break;
      }
    } catch (error) {
      throw toCommandFailure(error);
    }
    return { runs };
  }

  /** An Update sent to a run that has already closed is a late decision, not a missing run. */
  private async updateFailure(handle: WorkflowHandle<typeof sopRun>, error: unknown): Promise<unknown> {
    if (error instanceof WorkflowNotFoundError) {
      const closed = await handle.describe().then(
        (d) => d.status.name !== 'RUNNING',
        () => false,
      );
      if (closed) return runEnded();
    }
    return toCommandFailure(error);
  }

  /** The run, if it belongs to the office; otherwise it does not exist as far as the caller is concerned. */
  private async handleFor(office: string, workflowId: string): Promise<WorkflowHandle<typeof sopRun>> {
    const handle = this.temporal.workflow.getHandle<typeof sopRun>(workflowId);
    let owner = this.owners.get(workflowId);
    if (owner === undefined) {
      try {
        const description = await handle.describe();
        owner = description.typedSearchAttributes.get(SOP_OFFICE) ?? '';
      } catch (error) {
        throw toCommandFailure(error);
      }
      if (this.owners.size > 50_000) this.owners.clear();
      this.owners.set(workflowId, owner);
    }
    if (owner !== office) throw runNotFound();
    return handle;
  }

  private async describe(workflowId: string): Promise<{ key: string; version: number } | undefined> {
    try {
      const d = await this.temporal.workflow.getHandle(workflowId).describe();
      return {
        key: String(d.typedSearchAttributes.get(SOP_DEFINITION_KEY)),
        version: Number(d.memo?.definitionVersion ?? 0),
      };
    } catch {
      return undefined;
    }
  }

  /** The pinned version, or the office's active version of the key (the highest, if several are active). */
  private async activeDefinition(
    office: string,
    ref: { key: string; version?: number },
    correlationId?: string,
  ): Promise<CompiledSop> {
    let version = ref.version;
    if (version === undefined) {
      const { activations } = await this.commands.send(
        'sop-registry.activation.list',
        { office, status: 'active', key: ref.key },
        { correlationId },
      );
      const active = activations.filter((a) => a.key === ref.key && a.status === 'active');
      if (!active.length) {
        throw commandFailure(WORKER_ERRORS['definition-not-active'], {
          message: {
            id: `Kantor ini tidak memiliki versi aktif definisi ${ref.key}.`,
            en: `This office has no active version of definition ${ref.key}.`,
          },
        });
      }
      version = Math.max(...active.map((a) => a.version));
    }
    const found = await this.commands.send(
      'sop-registry.definition.get',
      { office, key: ref.key, version },
      { correlationId },
    );
    return found.compiled;
  }

  private async definitionFor(
    req: CommandParsed<'worker.run.start'>,
    correlationId?: string,
  ): Promise<CompiledSop> {
    if (req.definition) {
      const found = await this.commands.send(
        'sop-registry.definition.get',
        { office: req.office, key: req.definition.key, version: req.definition.version },
        { correlationId },
      );
      return found.compiled;
    }
    const resolved = await this.commands.send(
      'sop-registry.definition.resolve',
      { office: req.office, contentType: req.item.contentType },
      { correlationId },
    );
    return resolved.compiled;
  }
}

/**
 * A value for Temporal's visibility query: office codes, item ids and run states are
 * letters, digits and `._:-`, so only those are taken, as they are. Anything else (a
 * quote, a backslash, a NUL that makes the server fail the list after retrying for
 * 20 s) is refused rather than rewritten into a value that means something else.
 */
const VISIBILITY_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function visibilityValue(field: string, value: string): string {
  if (VISIBILITY_VALUE.test(value)) return value;
  throw commandFailure(COMMON_ERRORS['invalid-request'], {
    message: { id: 'Permintaan tidak valid.', en: 'The request is not valid.' },
    detail: [
      {
        path: [field],
        message: {
          id: 'Hanya huruf, angka dan . _ : - (paling banyak 200).',
          en: 'Only letters, digits and . _ : - (at most 200).',
        },
      },
    ],
  });
}

export function summary(workflowId: string, view: RunView): RunSummary {
  return { workflowId, ...view };
}
