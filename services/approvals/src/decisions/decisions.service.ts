import { Injectable, Logger } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type ApprovalsCaller,
  type BulkDecisionResult,
  type CommandResponse,
  type RunDecisionKind,
  type RunSummary,
} from '@tatalaman/contracts';
import {
  CommandClient,
  errorReplyFor,
  IdempotencyStore,
  type IdempotentCall,
  OutboxWriter,
  RemoteError,
} from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { compact } from '@tatalaman/persistence';
import { matchingRoles, pickRole } from '../common/caller';
import { fail } from '../common/failures';

import { loadTask, type TaskRow, toTaskView } from '../tasks/task.row';
import { DecisionHistory } from './decision-history';
import { toDecisionView } from './decision.row';
import { decisionById, markDeciding } from './decisions.queries';

export interface DecisionAsk {
  taskId: string;
  decision: RunDecisionKind;
  role?: string;
  note?: string;
  reason?: string;
  /** With `extend`: the deadline across steps to extend instead of the task's own limit. */
  deadline?: string;
}

type DecideAnswer = CommandResponse<'approvals.task.decide'>;

/** How many decisions of one bulk request go to the runtime at once. */
const BULK_CONCURRENCY = 8;

/**
 * Decisions: checked here (the task, the caller's role, the claim), taken by the
 * run (`worker.run.decide`, a Temporal Update), recorded here only once the run
 * accepted them. The task then shows `deciding` until the run's
 * `step-completed` (or `step-postponed`/`step-resumed`) closes or changes it.
 */
@Injectable()
export class DecisionsService {
  private readonly logger = new Logger('Decisions');

  constructor(
    private readonly ds: DataSource,
    private readonly commands: CommandClient,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly history: DecisionHistory,
  ) {}

  decide(
    caller: ApprovalsCaller,
    ask: DecisionAsk,
    key: string,
    correlationId?: string,
  ): Promise<DecideAnswer> {
    return this.decideOne(caller, ask, {
      scope: {
        office: caller.office,
        actorId: caller.actor.id,
        key,
        command: 'approvals.task.decide',
        request: ask,
      },
      runtimeKey: key,
      correlationId,
    });
  }

  /**
   * Each task on its own, under `<key>:<taskId>`: a retried bulk request returns
   * the first answer for the tasks already decided and tries the others again.
   */
  async bulk(
    caller: ApprovalsCaller,
    req: { taskIds: string[]; decision: 'approve' | 'send-back'; reason?: string; note?: string },
    key: string,
    correlationId?: string,
  ): Promise<CommandResponse<'approvals.tasks.bulk-decide'>> {
    const reason = req.reason?.trim() || undefined;
    if (req.decision === 'send-back' && !reason) throw fail.reasonRequired('send-back');
    const taskIds = [...new Set(req.taskIds)];
    const results: BulkDecisionResult[] = new Array(taskIds.length);
    let next = 0;
    const worker = async () => {
      while (next < taskIds.length) {
        const i = next++;
        const taskId = taskIds[i]!;
        const ask: DecisionAsk = compact({ taskId, decision: req.decision, reason, note: req.note });
        const itemKey = `${key}:${taskId}`;
        try {
          const answer = await this.decideOne(caller, ask, {
            scope: {
              office: caller.office,
              actorId: caller.actor.id,
              key: itemKey,
              command: 'approvals.tasks.bulk-decide',
              request: ask,
            },
            runtimeKey: itemKey,
            correlationId,
            reviewOnly: true,
          });
          results[i] = {
            taskId,
            outcome: 'accepted',
            decisionId: answer.decision.decisionId,
            runStatus: answer.run.status,
          };
        } catch (error) {
          results[i] = { taskId, outcome: 'refused', error: errorReplyFor(error, this.logger).error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, taskIds.length) }, worker));
    const accepted = results.filter((r) => r.outcome === 'accepted').length;
    return { results, accepted, refused: results.length - accepted };
  }

  private async decideOne(
    caller: ApprovalsCaller,
    ask: DecisionAsk,
    opts: { scope: IdempotentCall; runtimeKey: string; correlationId?: string; reviewOnly?: boolean },
  ): Promise<DecideAnswer> {
    const begun = await this.idempotency.begin(opts.scope);
    if (begun.state === 'done') return begun.response as DecideAnswer;
    const retry = begun.state === 'pending';
    let summary: RunSummary;
    let task: TaskRow;
    let role: ReturnType<typeof pickRole>;
    try {
      const row = await loadTask(this.ds, caller.office, ask.taskId);
      if (!row) throw fail.taskNotFound();
      task = row;
      if (!matchingRoles(task.roles, caller).length) throw fail.roleNotHolder(task.step_id);
      role = pickRole(task.roles, caller, ask.role);
      if (!role) throw fail.roleNotChosen(ask.role ?? '');
      if (opts.reviewOnly && task.step_kind !== 'review') throw fail.notAReview();
      if (task.status === 'closed') throw fail.taskClosed();
      // Our own earlier attempt under this key may be what made it `deciding`: let it through.
      const ownDeciding =
        retry && task.deciding_by?.id === caller.actor.id && task.deciding_decision === ask.decision;
      if (task.status === 'deciding' && !ownDeciding) throw fail.taskDeciding();
      if (task.claimed_by && task.claimed_by !== caller.actor.id && !caller.officeAdmin) {
        throw fail.taskClaimed({ userId: task.claimed_by, name: task.claimed_by_name ?? undefined });
      }
      summary = await this.forward(caller, task, ask, role, opts.runtimeKey, retry, opts.correlationId);
    } catch (error) {
      // Refused (by us or by the run): nothing happened, so the key is free again. A timeout or an
      // unavailable runtime may have decided after all: the pending key makes a retry ask again.
      if (!(error instanceof RemoteError) || error.status < 500) await this.idempotency.abandon(opts.scope);
      throw error;
    }
    return this.ds.transaction(async (manager) => {
      const before = { status: task.status };
      // Extending keeps the step open; every other decision changes it, which the run will report.
      // Only while the run's event has not arrived yet: once it has (status_seq moved on, e.g. to
      // `postponed`), the task already shows the outcome and must not go back to `deciding`.
      if (ask.decision !== 'extend') {
        await markDeciding(manager, {
          office: caller.office,
          taskId: task.id,
          decision: ask.decision,
          by: caller.actor,
          statusSeq: task.status_seq,
        });
      }
      const entry = [...summary.history]
        .reverse()
        .find(
          (h) =>
            h.stepId === task.step_id &&
            h.attempt === task.attempt &&
            h.kind === ask.decision &&
            h.deadline === ask.deadline,
        );
      const open = summary.open.find((o) => o.stepId === task.step_id);
      const deadline = ask.deadline ? summary.deadlines.find((d) => d.id === ask.deadline) : undefined;
      const { decisionId } = await this.history.record(manager, {
        office: caller.office,
        workflowId: task.workflow_id,
        taskId: task.id,
        stepId: task.step_id,
        stepNumber: task.step_number ?? undefined,
        attempt: task.attempt,
        outcome: ask.decision,
        // Repeated decisions of one attempt: the n-th extension, the retry after the n-th failure.
        ordinal: deadline
          ? (deadline.extensions ?? 1)
          : ask.decision === 'extend'
            ? (open?.extensions ?? task.extensions + 1)
            : ask.decision === 'retry'
              ? task.failures
              : 0,
        deadline: ask.deadline,
        actor: caller.actor,
        onBehalfOf: role!.onBehalfOf,
        role: role!.role,
        reason: ask.reason?.trim() || undefined,
        note: ask.note,
        decidedAt: entry?.at ?? new Date(),
        definitionKey: task.definition_key,
        itemId: task.item_id ?? task.run_item_id ?? undefined,
        source: 'command',
        correlationId: opts.correlationId,
      });
      const after = (await loadTask(manager, caller.office, task.id))!;
      await this.outbox.add(
        manager,
        auditEvent({
          office: caller.office,
          actor: caller.actor,
          service: 'approvals',
          entity: 'task',
          entityId: task.id,
          action: 'decide',
          before,
          after: compact({
            status: after.status,
            decision: ask.decision,
            deadline: ask.deadline,
            role: role!.role,
            onBehalfOf: role!.onBehalfOf?.id,
            reason: ask.reason,
            note: ask.note,
          }),
          correlationId: opts.correlationId,
        }),
      );
      const decision = await decisionById(manager, caller.office, decisionId);
      const answer: DecideAnswer = {
        task: toTaskView(after, caller),
        decision: toDecisionView(decision!),
        run: summary,
      };
      await this.idempotency.complete(manager, opts.scope, answer);
      return answer;
    });
  }

  private async forward(
    caller: ApprovalsCaller,
    task: TaskRow,
    ask: DecisionAsk,
    role: NonNullable<ReturnType<typeof pickRole>>,
    runtimeKey: string,
    retry: boolean,
    correlationId?: string,
  ): Promise<RunSummary> {
    try {
      return await this.commands.send(
        'worker.run.decide',
        compact({
          office: caller.office,
          workflowId: task.workflow_id,
          stepId: task.step_id,
          decision: ask.decision,
          actor: caller.actor,
          role: role.role,
          onBehalfOf: role.onBehalfOf,
          note: ask.note,
          reason: ask.reason?.trim() || undefined,
          deadline: ask.deadline,
          idempotencyKey: runtimeKey,
        }),
        { idempotencyKey: runtimeKey, correlationId, timeoutMs: 15_000 },
      );
    } catch (error) {
      // Our earlier attempt with this key was taken (its answer was lost): the run as it is now is the answer.
      if (retry && error instanceof RemoteError && error.code === 'duplicate-key') {
        return this.commands.send(
          'worker.run.get',
          { office: caller.office, workflowId: task.workflow_id },
          { correlationId, timeoutMs: 5000 },
        );
      }
      throw error;
    }
  }
}
