import { z } from 'zod';
import { defineEvent, id, isoDateTime } from './define';

/**
 * The inbox of human steps; emitted by `approvals`. `runId` is the run's
 * workflow id (the `workflowId` of the runs events). Every change a person makes
 * here is also recorded as an `audit.change-recorded` event.
 */

const taskRef = {
  taskId: id,
  runId: id,
  stepId: id,
  /** Attempt of the step the task is for (a step opened again is a new task). */
  attempt: z.number().int().positive().optional(),
};

const person = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
});

export const taskClaimed = defineEvent('approvals', 'task-claimed', {
  description: 'A person took a task from a shared role inbox: others still see it, marked as claimed.',
  schema: z.object({ ...taskRef, userId: id, userName: z.string().max(300).optional() }),
});

export const taskReleased = defineEvent('approvals', 'task-released', {
  description:
    'A claimed task went back to the role inbox (released by its claimer or an office admin, or its claimer was deactivated).',
  schema: z.object({
    ...taskRef,
    /** Who had claimed it. */
    userId: id,
    /** Who released it, when not the claimer (an office admin, or the platform). */
    releasedBy: id.optional(),
    reason: z.string().max(2000).optional(),
  }),
});

export const decisionRecorded = defineEvent('approvals', 'decision-recorded', {
  description:
    "A decision the run accepted entered the decision history (forwarded by approvals, or seen in the run's events).",
  schema: z.object({
    decisionId: id,
    taskId: id.optional(),
    runId: id,
    stepId: id,
    attempt: z.number().int().positive(),
    outcome: z.enum([
      'complete',
      'approve',
      'send-back',
      'postpone',
      'resume',
      'reject',
      'extend',
      'skip',
      'retry',
    ]),
    /** For `extend` of a deadline across steps: its id. */
    deadline: z.string().optional(),
    by: person.optional(),
    onBehalfOf: person.optional(),
    role: z.string().optional(),
    reason: z.string().optional(),
    note: z.string().optional(),
    decidedAt: isoDateTime,
  }),
});

export const commentAdded = defineEvent('approvals', 'comment-added', {
  description: 'Someone commented on a run (or one of its tasks).',
  schema: z.object({
    commentId: id,
    runId: id,
    taskId: id.optional(),
    authorId: id,
    /** The text itself stays in approvals; a preview for feeds and reports. */
    preview: z.string().max(200),
  }),
});

export const notificationSent = defineEvent('approvals', 'notification-sent', {
  description:
    'A person was notified (assignment, reminder, breach, escalation, a failed platform step) on one channel.',
  schema: z.object({
    notificationId: id,
    userId: id,
    channel: z.enum(['in-app', 'email']),
    kind: z.enum([
      'assigned',
      'reminder',
      'breached',
      'escalated',
      'deadline-breached',
      'deadline-reminder',
      'failed',
      'notice',
    ]),
    taskId: id.optional(),
    runId: id.optional(),
    /** The runs event that caused it. */
    causeEventId: id,
  }),
});

export const approvalsEvents = [
  taskClaimed,
  taskReleased,
  decisionRecorded,
  commentAdded,
  notificationSent,
] as const;

// Payload types, named for readability at call sites.
export type TaskClaimed = z.output<typeof taskClaimed.schema>;
export type TaskReleased = z.output<typeof taskReleased.schema>;
export type DecisionRecorded = z.output<typeof decisionRecorded.schema>;
export type CommentAdded = z.output<typeof commentAdded.schema>;
export type NotificationSent = z.output<typeof notificationSent.schema>;
