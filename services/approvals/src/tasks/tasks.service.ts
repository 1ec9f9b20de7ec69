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
import { compact, one, rows } from '@tatalaman/persistence';
import { matchingRoles } from '../common/caller';
import { fail } from '../common/failures';
import { decodeCursor, encodeCursor, pageLimit } from '../common/ids';

import { loadTask, TASK_SELECT, type TaskRow, toTaskView } from './task.row';

/** TASK_SELECT with the inbox's sort key as text, for cursors. */
const TASK_SELECT_KEYED = TASK_SELECT.replace(
  'SELECT t.*,',
  `SELECT t.*, coalesce(t.due_at, 'infinity'::timestamptz)::text AS k1,
     coalesce(t.opened_at, '-infinity'::timestamptz)::text AS k2,`,
);

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
    const params: unknown[] = [req.office, statuses, roleCodesOf(req)];
    const where = [`t.office = $1`, `t.status = ANY($2::text[])`, `t.roles && $3::text[]`];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (req.claimedByMe) add((p) => `t.claimed_by = ${p}`, req.actor.id);
    if (req.claimed === true) where.push('t.claimed_by IS NOT NULL');
    if (req.claimed === false) where.push('t.claimed_by IS NULL');
    if (req.breached !== undefined) add((p) => `t.breached = ${p}`, req.breached);
    if (req.contentType) add((p) => `r.content_type = ${p}`, req.contentType);
    if (req.definitionKey) add((p) => `t.definition_key = ${p}`, req.definitionKey);
    const after = decodeCursor(req.cursor, 3);
    if (req.cursor && !after) throw fail.badCursor();
    if (after) {
      params.push(after[0], after[1], after[2]);
      const n = params.length;
      where.push(
        `(coalesce(t.due_at, 'infinity'::timestamptz), coalesce(t.opened_at, '-infinity'::timestamptz), t.id) > ($${n - 2}::timestamptz, $${n - 1}::timestamptz, $${n}::uuid)`,
      );
    }
    params.push(limit + 1);
    // Soonest due first; tasks without a time standard last; then oldest first.
    const found = await rows<TaskRow & { k1: string; k2: string }>(
      this.ds,
      `${TASK_SELECT_KEYED}
       WHERE ${where.join(' AND ')}
       ORDER BY coalesce(t.due_at, 'infinity'::timestamptz), coalesce(t.opened_at, '-infinity'::timestamptz), t.id
       LIMIT $${params.length}`,
      params,
    );
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return compact({
      tasks: page.map((row) => toTaskView(row, req)),
      nextCursor: found.length > limit && last ? encodeCursor([last.k1, last.k2, last.id]) : undefined,
    });
  }

  async counts(caller: ApprovalsCaller): Promise<CommandResponse<'approvals.inbox.counts'>> {
    const row = await one<Record<string, number>>(
      this.ds,
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE status = 'open')::int AS open,
         count(*) FILTER (WHERE status = 'deciding')::int AS deciding,
         count(*) FILTER (WHERE status = 'postponed')::int AS postponed,
         count(*) FILTER (WHERE claimed_by = $3)::int AS "claimedByMe",
         count(*) FILTER (WHERE claimed_by IS NULL)::int AS unclaimed,
         count(*) FILTER (WHERE breached)::int AS breached,
         (SELECT count(*)::int FROM approvals.notifications n
          WHERE n.office = $1 AND n.user_id = $3 AND n.read_at IS NULL) AS "unreadNotifications"
       FROM approvals.tasks
       WHERE office = $1 AND status <> 'closed' AND roles && $2::text[]`,
      [caller.office, roleCodesOf(caller), caller.actor.id],
    );
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
        const after = await one<TaskRow>(
          manager,
          `UPDATE approvals.tasks SET claimed_by = $3, claimed_by_name = $4, claimed_at = now(), updated_at = now()
           WHERE office = $1 AND id = $2 RETURNING *`,
          [caller.office, taskId, caller.actor.id, caller.actor.name ?? null],
        );
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
    const after = await one<TaskRow>(
      manager,
      `UPDATE approvals.tasks SET claimed_by = NULL, claimed_by_name = NULL, claimed_at = NULL, updated_at = now()
       WHERE office = $1 AND id = $2 RETURNING *`,
      [row.office, row.id],
    );
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
