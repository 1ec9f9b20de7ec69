// Approvals' tasks and run records from the run events: each `runs.*` event opens, fills
// in, closes or annotates (deadlines) the task it concerns, in the transaction of its
// inbox row, and queues the notifications it implies.
import { Injectable } from '@nestjs/common';
import { type Actor, type EventOf, type RunDecisionKind } from '@tatalaman/contracts';
import { type EventContext, type EventHandler } from '@tatalaman/messaging';
import { type EntityManager } from 'typeorm';
import { one } from '@tatalaman/persistence';
import { BackgroundWork } from '../common/background-work';
import { taskIdFor } from '../common/ids';
import { DecisionHistory } from '../decisions/decision-history';
import { type NotificationJob, NotificationJobs } from '../notifications/notification-jobs';

export const RUN_EVENTS = [
  'runs.run-started',
  'runs.step-opened',
  'runs.step-completed',
  'runs.step-reminded',
  'runs.step-breached',
  'runs.step-escalated',
  'runs.step-extended',
  'runs.step-postponed',
  'runs.step-resumed',
  'runs.step-rescheduled',
  'runs.step-failed',
  'runs.deadline-breached',
  'runs.deadline-reminded',
  'runs.run-ended',
] as const;

type RunEventType = (typeof RUN_EVENTS)[number];
type RunEvent = EventOf<RunEventType>;
type StepEvent = Exclude<
  RunEvent,
  EventOf<'runs.run-started' | 'runs.run-ended' | 'runs.deadline-breached' | 'runs.deadline-reminded'>
>;

/** Steps people act on. */
const HUMAN_KINDS = new Set(['work', 'review']);
/** Platform steps that become a task only when their work failed and waits for a person to retry it. */
const PLATFORM_KINDS = new Set(['publish', 'automatic']);
/** Step-completed decisions a person takes (the rest are the platform's: handoff, published, cancelled…). */
const PERSON_DECISIONS = new Set<string>(['complete', 'approve', 'send-back', 'reject', 'skip']);
/**
 * Placeholder outcome of a step completed in the instant it opened (the submitter's own first
 * step): born closed, so nobody ever sees it open or is told about it; its `step-completed`,
 * right behind, says who completed it.
 */
const COMPLETED_AT_OPEN = 'completed-at-open';
/** Closed with a placeholder outcome: the step's own closing event, arriving late, still tells the truth. */
const REPLACEABLE = `(status <> 'closed' OR outcome IN ('superseded', '${COMPLETED_AT_OPEN}') OR outcome LIKE 'run-%')`;

interface RunState {
  status: string;
  ended_seq: number | null;
}

/**
 * The inbox projection of the runs events: one task per attempt of a human
 * step (and per failed publish/automatic step), its state, and the decision
 * history as the run reports it.
 *
 * Order: events carry the run's `seq`. Every event locks its run's row first,
 * so the events of one run apply one at a time even across replicas. A status
 * change applies only when its event is newer than the one that set the
 * current status (`status_seq`); `closed` is final, except that a placeholder
 * outcome (superseded by a newer attempt, or closed by the run's end) gives
 * way to the step's own closing event when that arrives late. An event for a
 * task not seen yet creates it (closed at once if the run already ended after
 * the event or a newer attempt exists); `step-opened`, when it comes, fills in
 * what only it carries. Redeliveries never get here (the consumer's inbox
 * table), and every statement is idempotent besides.
 */
@Injectable()
export class RunEventsProjection implements EventHandler<RunEventType> {
  constructor(
    private readonly history: DecisionHistory,
    private readonly jobs: NotificationJobs,
    private readonly background: BackgroundWork,
  ) {}

  async handle(event: RunEvent, { manager }: EventContext): Promise<void> {
    const run = await this.touchRun(manager, event);
    switch (event.type) {
      case 'runs.run-started':
        return this.runStarted(manager, event);
      case 'runs.run-ended':
        return this.runEnded(manager, event);
      case 'runs.deadline-breached':
        return this.deadlineBreached(manager, event, run);
      case 'runs.deadline-reminded':
        return this.deadlineReminded(manager, event, run);
      default:
        return this.stepEvent(manager, event, run);
    }
  }

  private async stepEvent(manager: EntityManager, event: StepEvent, run: RunState): Promise<void> {
    const d = event.data;
    const human = HUMAN_KINDS.has(d.kind);
    if (!human && !PLATFORM_KINDS.has(d.kind)) return;
    const taskId = taskIdFor(event.office, d.workflowId, d.stepId, d.attempt);
    // A platform step has a task only once its work failed; its other events update that task if it exists.
    if (human || event.type === 'runs.step-failed') await this.ensureTask(manager, event, taskId, run);
    else if (event.type === 'runs.step-opened') return;
    switch (event.type) {
      case 'runs.step-opened':
        return this.opened(manager, event, taskId);
      case 'runs.step-completed':
        return this.completed(manager, event, taskId);
      case 'runs.step-postponed': {
        const p = event.data;
        await manager.query(
          `UPDATE approvals.tasks SET status = 'postponed', status_seq = $3, postponed_at = $4,
             postponed_by = $5, postpone_reason = $6, updated_at = now()
           WHERE office = $1 AND id = $2 AND status <> 'closed' AND status_seq < $3`,
          [event.office, taskId, p.seq, event.occurredAt, JSON.stringify(p.by), p.reason ?? null],
        );
        return this.recordFromEvent(manager, event, taskId, 'postpone', 0, p.by, p.role, p.reason);
      }
      case 'runs.step-resumed': {
        // The postponed attempt ends here; the step opens again as a new attempt (a new task).
        const r = event.data;
        await manager.query(
          `UPDATE approvals.tasks SET status = 'closed', status_seq = greatest(status_seq, $3), closed_at = $4,
             outcome = 'resume', outcome_by = $5, postponed_at = coalesce(postponed_at, $6), updated_at = now()
           WHERE office = $1 AND id = $2 AND ${REPLACEABLE}`,
          [event.office, taskId, r.seq, event.occurredAt, JSON.stringify(r.by), r.postponedAt ?? null],
        );
        return this.recordFromEvent(manager, event, taskId, 'resume', 0, r.by, r.role);
      }
      case 'runs.step-extended': {
        const x = event.data;
        await manager.query(
          `UPDATE approvals.tasks SET due_at = CASE WHEN due_seq < $5 THEN coalesce($3, due_at) ELSE due_at END,
             due_seq = greatest(due_seq, $5), extensions = greatest(extensions, $4), updated_at = now()
           WHERE office = $1 AND id = $2 AND status <> 'closed'`,
          [event.office, taskId, x.dueAt ?? null, x.extensions, x.seq],
        );
        return this.recordFromEvent(
          manager,
          event,
          taskId,
          'extend',
          x.extensions,
          x.by,
          undefined,
          x.reason,
        );
      }
      case 'runs.step-rescheduled': {
        // The office calendar changed: the task shows its new limit (unless a later event set one).
        const r = event.data;
        await manager.query(
          `UPDATE approvals.tasks SET due_at = $3, target_at = $4, due_seq = $5, updated_at = now()
           WHERE office = $1 AND id = $2 AND status <> 'closed' AND due_seq < $5`,
          [event.office, taskId, r.dueAt ?? null, r.targetAt ?? null, r.seq],
        );
        return;
      }
      case 'runs.step-failed': {
        const f = event.data;
        const task = await one<{ status: string }>(
          manager,
          `UPDATE approvals.tasks SET roles = $3, status = 'open', status_seq = $4, failures = failures + 1,
             failure_code = $5, failure_message = $6, failed_at = $7, opened_at = coalesce(opened_at, $7),
             deciding_decision = NULL, deciding_by = NULL, deciding_at = NULL, updated_at = now()
           WHERE office = $1 AND id = $2 AND status <> 'closed' AND status_seq < $4
           RETURNING status`,
          [event.office, taskId, f.roles, f.seq, f.code, f.message, event.occurredAt],
        );
        if (task) {
          await this.queue(manager, {
            office: event.office,
            kind: 'failed',
            causeEventId: event.id,
            workflowId: f.workflowId,
            taskId,
            roles: f.roles,
            data: { code: f.code, message: f.message },
          });
        }
        return;
      }
      case 'runs.step-reminded': {
        const m = event.data;
        const task = await one<{ status: string }>(
          manager,
          `UPDATE approvals.tasks SET reminded_at = $3, updated_at = now()
           WHERE office = $1 AND id = $2 AND status <> 'closed' RETURNING status`,
          [event.office, taskId, event.occurredAt],
        );
        if (task?.status === 'open') {
          await this.queue(manager, {
            office: event.office,
            kind: 'reminder',
            causeEventId: event.id,
            workflowId: m.workflowId,
            taskId,
            roles: m.roles,
            data: { dueAt: m.dueAt },
          });
        }
        return;
      }
      case 'runs.step-breached': {
        const b = event.data;
        const task = await one<{ status: string }>(
          manager,
          `UPDATE approvals.tasks SET breached = true, breached_at = coalesce(breached_at, $3), updated_at = now()
           WHERE office = $1 AND id = $2 RETURNING status`,
          [event.office, taskId, event.occurredAt],
        );
        if (task && task.status !== 'closed') {
          await this.queue(manager, {
            office: event.office,
            kind: 'breached',
            causeEventId: event.id,
            workflowId: b.workflowId,
            taskId,
            roles: b.roles,
            data: { dueAt: b.dueAt, timeStandard: b.timeStandard },
          });
        }
        return;
      }
      case 'runs.step-escalated': {
        const e = event.data;
        const task = await one<{ status: string }>(
          manager,
          `UPDATE approvals.tasks SET escalated_at = coalesce(escalated_at, $3), updated_at = now()
           WHERE office = $1 AND id = $2 RETURNING status`,
          [event.office, taskId, event.occurredAt],
        );
        if (task && task.status !== 'closed') {
          await this.queue(manager, {
            office: event.office,
            kind: 'escalated',
            causeEventId: event.id,
            workflowId: e.workflowId,
            taskId,
            roles: e.notify,
            data: { dueAt: e.dueAt },
          });
        }
        return;
      }
    }
  }

  private async opened(manager: EntityManager, event: EventOf<'runs.step-opened'>, taskId: string) {
    const d = event.data;
    const applied = await one<{ status: string; description: string | null }>(
      manager,
      `UPDATE approvals.tasks SET
         roles = $3, step_number = $4, cause_kind = $5, cause_from = $6, cause_reason = $7,
         opened_at = coalesce(opened_at, $8), target_at = coalesce(target_at, $9),
         due_at = coalesce(due_at, $10), time_standard = coalesce(time_standard, $11),
         opened_seq = $12, due_seq = greatest(due_seq, CASE WHEN due_at IS NULL THEN $12 ELSE 0 END),
         status_seq = CASE WHEN status = 'open' AND status_seq < $12 THEN $12 ELSE status_seq END,
         updated_at = now()
       WHERE office = $1 AND id = $2 AND opened_seq IS NULL
       RETURNING status, description`,
      [
        event.office,
        taskId,
        d.roles,
        d.number,
        d.cause.kind,
        d.cause.from ?? null,
        d.cause.reason ?? null,
        event.occurredAt,
        d.targetAt ?? null,
        d.dueAt ?? null,
        d.timeStandard ?? null,
        d.seq,
      ],
    );
    // An older attempt still showing (its own closing event is late) is superseded by this one.
    await manager.query(
      `UPDATE approvals.tasks SET status = 'closed', outcome = 'superseded', closed_at = $5,
         status_seq = greatest(status_seq, $6), updated_at = now()
       WHERE office = $1 AND workflow_id = $2 AND step_id = $3 AND attempt < $4 AND status <> 'closed'`,
      [event.office, d.workflowId, d.stepId, d.attempt, event.occurredAt, d.seq],
    );
    if (!applied) return;
    if (applied.description === null) await this.wantRunDetails(manager, event.office, d.workflowId);
    if (applied.status === 'open' && !d.completedAtOpen) {
      await this.queue(manager, {
        office: event.office,
        kind: 'assigned',
        causeEventId: event.id,
        workflowId: d.workflowId,
        taskId,
        roles: d.roles,
      });
    }
  }

  private async completed(manager: EntityManager, event: EventOf<'runs.step-completed'>, taskId: string) {
    const d = event.data;
    await manager.query(
      `UPDATE approvals.tasks SET status = 'closed', status_seq = greatest(status_seq, $3),
         closed_at = $4, outcome = $5, outcome_by = $6, outcome_reason = $7,
         breached = breached OR $8, extensions = greatest(extensions, $9),
         opened_at = coalesce(opened_at, $10), target_at = coalesce(target_at, $11),
         due_at = coalesce(due_at, $12), updated_at = now()
       WHERE office = $1 AND id = $2 AND ${REPLACEABLE}`,
      [
        event.office,
        taskId,
        d.seq,
        event.occurredAt,
        d.decision,
        d.by ? JSON.stringify(d.by) : null,
        d.reason ?? null,
        d.breached ?? false,
        d.extensions ?? 0,
        d.openedAt ?? null,
        d.targetAt ?? null,
        d.dueAt ?? null,
      ],
    );
    if (PERSON_DECISIONS.has(d.decision) && d.by) {
      await this.history.record(manager, {
        office: event.office,
        workflowId: d.workflowId,
        taskId,
        stepId: d.stepId,
        stepNumber: d.number,
        attempt: d.attempt,
        outcome: d.decision as RunDecisionKind,
        actor: d.by,
        onBehalfOf: d.onBehalfOf,
        role: d.role,
        reason: d.reason,
        note: d.note,
        decidedAt: event.occurredAt,
        definitionKey: d.definitionKey,
        itemId: d.itemId,
        source: 'event',
        correlationId: event.correlationId ?? event.id,
        causationId: event.id,
      });
    }
  }

  /** The run's row, created by whichever of its events comes first; locked for the rest of the transaction. */
  private async touchRun(manager: EntityManager, event: RunEvent): Promise<RunState> {
    const d = event.data;
    const run = await one<RunState & { inserted: boolean }>(
      manager,
      `INSERT INTO approvals.runs AS r (office, workflow_id, definition_key, definition_version, flow_id, item_id, last_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (office, workflow_id) DO UPDATE SET
         last_seq = greatest(r.last_seq, EXCLUDED.last_seq),
         item_id = coalesce(r.item_id, EXCLUDED.item_id),
         updated_at = now()
       RETURNING status, ended_seq, (xmax = 0) AS inserted`,
      [event.office, d.workflowId, d.definitionKey, d.definitionVersion, d.flowId, d.itemId ?? null, d.seq],
    );
    if (!run) throw new Error(`run ${d.workflowId} could not be recorded`);
    // A new run waits for its details (item title, content type): the fetcher asks the runtime.
    if (run.inserted) this.background.afterCommit('run-details');
    return run;
  }

  /**
   * Creates the task the first time any event of it arrives. It starts open,
   * unless the run ended after this event or a newer attempt of the step exists
   * (the event is stale), or the step was completed as it opened: then the task
   * is born closed.
   */
  private async ensureTask(manager: EntityManager, event: StepEvent, taskId: string, run: RunState) {
    const d = event.data;
    let status = 'open';
    let outcome: string | null = null;
    if (run.ended_seq !== null && run.ended_seq > d.seq) {
      status = 'closed';
      outcome = `run-${run.status}`;
    } else {
      const newer = await one(
        manager,
        `SELECT 1 FROM approvals.tasks WHERE office = $1 AND workflow_id = $2 AND step_id = $3 AND attempt > $4 LIMIT 1`,
        [event.office, d.workflowId, d.stepId, d.attempt],
      );
      if (newer) {
        status = 'closed';
        outcome = 'superseded';
      } else if (event.type === 'runs.step-opened' && event.data.completedAtOpen) {
        status = 'closed';
        outcome = COMPLETED_AT_OPEN;
      }
    }
    const roles = 'roles' in d ? d.roles : [];
    await manager.query(
      `INSERT INTO approvals.tasks
         (id, office, workflow_id, step_id, attempt, step_number, step_kind, roles, definition_key,
          definition_version, item_id, status, status_seq, outcome, closed_at, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13,
         CASE WHEN $12 = 'closed' THEN $14::timestamptz END,
         (SELECT description FROM approvals.step_descriptions s
          WHERE s.office = $2 AND s.definition_key = $9 AND s.definition_version = $10 AND s.step_id = $4))
       ON CONFLICT (office, workflow_id, step_id, attempt) DO NOTHING`,
      [
        taskId,
        event.office,
        d.workflowId,
        d.stepId,
        d.attempt,
        d.number,
        d.kind,
        roles,
        d.definitionKey,
        d.definitionVersion,
        d.itemId ?? null,
        status,
        outcome,
        event.occurredAt,
      ],
    );
  }

  private async recordFromEvent(
    manager: EntityManager,
    event: StepEvent,
    taskId: string,
    outcome: RunDecisionKind,
    ordinal: number,
    by: Actor,
    role?: string,
    reason?: string,
  ) {
    const d = event.data;
    await this.history.record(manager, {
      office: event.office,
      workflowId: d.workflowId,
      taskId,
      stepId: d.stepId,
      stepNumber: d.number,
      attempt: d.attempt,
      outcome,
      ordinal,
      actor: by,
      role,
      reason,
      decidedAt: event.occurredAt,
      definitionKey: d.definitionKey,
      itemId: d.itemId,
      source: 'event',
      correlationId: event.correlationId ?? event.id,
      causationId: event.id,
    });
  }

  private async runStarted(manager: EntityManager, event: EventOf<'runs.run-started'>) {
    const d = event.data;
    await manager.query(
      `UPDATE approvals.runs SET trigger = $3, started_at = $4, started_by = $5, updated_at = now()
       WHERE office = $1 AND workflow_id = $2`,
      [event.office, d.workflowId, d.trigger, event.occurredAt, JSON.stringify(d.startedBy)],
    );
  }

  private async runEnded(manager: EntityManager, event: EventOf<'runs.run-ended'>) {
    const d = event.data;
    await manager.query(
      `UPDATE approvals.runs SET status = $3, ended_seq = $4, ended_at = $5, outcome_reason = $6, updated_at = now()
       WHERE office = $1 AND workflow_id = $2 AND ended_seq IS NULL`,
      [event.office, d.workflowId, d.outcome, d.seq, event.occurredAt, d.reason ?? null],
    );
    // Whatever is still open (e.g. another branch of a rejected run) ends with the run.
    await manager.query(
      `UPDATE approvals.tasks SET status = 'closed', status_seq = greatest(status_seq, $3), closed_at = $4,
         outcome = $5, outcome_reason = coalesce(outcome_reason, $6), updated_at = now()
       WHERE office = $1 AND workflow_id = $2 AND status <> 'closed'`,
      [event.office, d.workflowId, d.seq, event.occurredAt, `run-${d.outcome}`, d.reason ?? null],
    );
  }

  private async deadlineBreached(
    manager: EntityManager,
    event: EventOf<'runs.deadline-breached'>,
    run: RunState,
  ) {
    const d = event.data;
    if (run.ended_seq !== null) return;
    await this.queue(manager, {
      office: event.office,
      kind: 'deadline-breached',
      causeEventId: event.id,
      workflowId: d.workflowId,
      roles: d.notify,
      data: {
        deadlineId: d.deadlineId,
        from: d.from,
        until: d.until,
        dueAt: d.dueAt,
        timeStandard: d.timeStandard,
      },
    });
  }

  private async deadlineReminded(
    manager: EntityManager,
    event: EventOf<'runs.deadline-reminded'>,
    run: RunState,
  ) {
    const d = event.data;
    if (run.ended_seq !== null) return;
    await this.queue(manager, {
      office: event.office,
      kind: 'deadline-reminder',
      causeEventId: event.id,
      workflowId: d.workflowId,
      roles: d.roles,
      data: {
        deadlineId: d.deadlineId,
        from: d.from,
        until: d.until,
        dueAt: d.dueAt,
        timeStandard: d.timeStandard,
      },
    });
  }

  /** Asks the run-details fetcher for what the events do not carry (here: the step's description). */
  private async wantRunDetails(manager: EntityManager, office: string, workflowId: string) {
    await manager.query(
      `UPDATE approvals.runs SET details_state = 'pending', details_next_at = now(), details_attempts = 0,
         details_version = details_version + 1
       WHERE office = $1 AND workflow_id = $2`,
      [office, workflowId],
    );
    this.background.afterCommit('run-details');
  }

  private async queue(manager: EntityManager, job: NotificationJob) {
    if (await this.jobs.enqueue(manager, job)) this.background.afterCommit('notifications');
  }
}
