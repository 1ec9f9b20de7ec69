import { Injectable } from '@nestjs/common';
import {
  type ApprovalsCaller,
  type CommandRequest,
  type CommandResponse,
  type EventEnvelope,
  makeEvent,
  roleCodesOf,
  type TaskView,
} from '@tatalaman/contracts';
import { auditEvent } from '@tatalaman/audit';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { compact } from '@tatalaman/persistence';
import { matchingRoles } from '../common/caller';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';

import { loadTask, type TaskRow, toTaskView } from './task.row';
import { claimTask, clearClaim, inboxCounts, inboxTasks } from './tasks.queries';

/** The claim fields of a task as the audit trail shows them. */
function claimState(row: Pick<TaskRow, 'claimed_by' | 'claimed_by_name'>) {
  return { claimedBy: row.claimed_by, claimedByName: row.claimed_by_name };
}

/**
 * The inbox and claims. A claim says who is working on a task; others still
 * see it, marked as claimed. Only the claimer or an office admin releases it.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async inbox(req: CommandRequest<'approvals.inbox.list'>): Promise<CommandResponse<'approvals.inbox.list'>> {
    const limit = pageLimit(req.limit);
    const statuses = req.status?.length ? req.status : ['open', 'deciding', 'postponed'];
    const after = decodeCursor(req.cursor, 3);
    if (req.cursor && !after) throw fail.badCursor();
    const found = await inboxTasks(this.ds, {
      office: req.office,
      statuses,
      roles: roleCodesOf(req),
      claimedBy: req.claimedByMe ? req.actor.id : undefined,
      claimed: req.claimed,
      breached: req.breached,
      contentType: req.contentType,
      definitionKey: req.definitionKey,
      after,
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      tasks: page.map((row) => toTaskView(row, req)),
      nextCursor: found.length > limit && last ? encodeCursor([last.k1, last.k2, last.id]) : undefined,
    });
  }

  async counts(caller: ApprovalsCaller): Promise<CommandResponse<'approvals.inbox.counts'>> {
    const row = await inboxCounts(this.ds, caller.office, roleCodesOf(caller), caller.actor.id);
    return row as CommandResponse<'approvals.inbox.counts'>;
  }

  /** A task the caller may see: one of its roles, or an office admin. Another office's task does not exist. */
  async visibleTask(
    db: DataSource | EntityManager,
    caller: ApprovalsCaller,
    taskId: string,
    forUpdate = false,
  ) {
    const row = await loadTask(db, caller.office, taskId, forUpdate);
    if (!row) throw fail.taskNotFound();
    if (!caller.officeAdmin && !matchingRoles(row.roles, caller).length)
      throw fail.roleNotHolder(row.step_id);
    return row;
  }

  async get(caller: ApprovalsCaller, taskId: string): Promise<TaskView> {
    return toTaskView(await this.visibleTask(this.ds, caller, taskId), caller);
  }

  async claim(caller: ApprovalsCaller, taskId: string, key: string): Promise<TaskView> {
    return this.idempotency.execute(
      {
        office: caller.office,
        actorId: caller.actor.id,
        key,
        command: 'approvals.task.claim',
        request: { taskId },
      },
      async (manager) => {
        const row = await loadTask(manager, caller.office, taskId, true);
        if (!row) throw fail.taskNotFound();
        // Claiming means intending to decide: the step's role is needed, admin or not.
        if (!matchingRoles(row.roles, caller).length) throw fail.roleNotHolder(row.step_id);
        if (row.status === 'closed') throw fail.taskClosed();
        if (row.status === 'deciding') throw fail.taskDeciding();
        if (row.claimed_by === caller.actor.id) return toTaskView(row, caller);
        if (row.claimed_by)
          throw fail.taskClaimed({ userId: row.claimed_by, name: row.claimed_by_name ?? undefined });
        const after = await claimTask(manager, caller.office, taskId, caller.actor);
        await this.outbox.add(manager, [
          makeEvent('approvals.task-claimed', {
            office: caller.office,
            actor: caller.actor,
            data: compact({
              taskId,
              runId: row.workflow_id,
              stepId: row.step_id,
              attempt: row.attempt,
              userId: caller.actor.id,
              userName: caller.actor.name,
            }),
          }),
          auditEvent({
            office: caller.office,
            actor: caller.actor,
            service: 'approvals',
            entity: 'task',
            entityId: taskId,
            action: 'claim',
            before: claimState(row),
            after: claimState(after!),
          }),
        ]);
        return toTaskView({ ...row, ...after! }, caller);
      },
    );
  }

  async release(caller: ApprovalsCaller, taskId: string, key: string, reason?: string): Promise<TaskView> {
    return this.idempotency.execute(
      {
        office: caller.office,
        actorId: caller.actor.id,
        key,
        command: 'approvals.task.release',
        request: { taskId, reason },
      },
      async (manager) => {
        const row = await this.visibleTask(manager, caller, taskId, true);
        if (row.status === 'closed') throw fail.taskClosed();
        if (!row.claimed_by) throw fail.notClaimed();
        if (row.claimed_by !== caller.actor.id && !caller.officeAdmin) throw fail.notClaimer();
        return this.releaseRow(manager, row, caller.actor, reason, caller);
      },
    );
  }

  /** Clears a claim and says so (also used when the claimer is deactivated). */
  async releaseRow(
    manager: EntityManager,
    row: TaskRow,
    by: ApprovalsCaller['actor'],
    reason: string | undefined,
    caller?: ApprovalsCaller,
  ): Promise<TaskView> {
    const after = await clearClaim(manager, row.office, row.id);
    const events: EventEnvelope[] = [
      makeEvent('approvals.task-released', {
        office: row.office,
        actor: by,
        data: compact({
          taskId: row.id,
          runId: row.workflow_id,
          stepId: row.step_id,
          attempt: row.attempt,
          userId: row.claimed_by!,
          releasedBy: by.id !== row.claimed_by ? by.id : undefined,
          reason,
        }),
      }),
    ];
    // The audit trail is for changes people make; a deactivation's clean-up is the platform's.
    if (by.kind !== 'system') {
      events.push(
        auditEvent({
          office: row.office,
          actor: by,
          service: 'approvals',
          entity: 'task',
          entityId: row.id,
          action: 'release',
          before: claimState(row),
          after: { ...claimState(after!), ...(reason ? { releaseReason: reason } : {}) },
        }),
      );
    }
    await this.outbox.add(manager, events);
    return toTaskView({ ...row, ...after! }, caller);
  }
}
