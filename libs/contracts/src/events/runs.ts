import { z } from 'zod';
import { defineEvent, id, isoDateTime } from './define';

/**
 * SOP run and step lifecycle, emitted by the worker (the interpreter workflow's
 * activities). Every payload starts with the run it belongs to; `seq` numbers the
 * run's events in order (approvals and reporting use it to apply them in order).
 */

const actor = z.object({
  kind: z.enum(['user', 'api-key', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
});

const run = {
  workflowId: id,
  definitionKey: id,
  definitionVersion: z.number().int().positive(),
  flowId: id,
  itemId: id.optional(),
  seq: z.number().int().positive(),
  /** Version of the office calendar the run counted working time with when it emitted the event. */
  calendarVersion: z.number().int().positive().optional(),
};

const stepKind = z.enum(['work', 'review', 'handoff', 'publish', 'automatic', 'parallel']);

const step = {
  ...run,
  stepId: id,
  number: z.number().int(),
  kind: stepKind,
  attempt: z.number().int().positive(),
};

const period = z.object({ from: isoDateTime, to: isoDateTime, label: z.string() });

export const runStarted = defineEvent('runs', 'run-started', {
  description: 'An SOP run started, pinned to one definition version.',
  schema: z.object({
    ...run,
    trigger: z.enum(['item', 'schedule', 'manual']),
    /** The content item an item run is about. */
    item: z
      .object({
        id,
        contentType: z.string(),
        title: z.string(),
        tags: z.array(z.string()).optional(),
        revision: z.number().optional(),
      })
      .optional(),
    definitionTitle: z.string().optional(),
    startedBy: actor,
    period: period.optional(),
  }),
});

export const stepOpened = defineEvent('runs', 'step-opened', {
  description: 'A step became active; human steps appear in the inboxes of the people holding its roles.',
  schema: z.object({
    ...step,
    roles: z.array(z.string().min(1)),
    /** The step as the SOP sheet describes it (Uraian Prosedur). */
    description: z.string().optional(),
    cause: z.object({
      kind: z.enum(['start', 'next', 'send-back', 'resume', 'branch']),
      from: z.string().optional(),
      reason: z.string().optional(),
    }),
    targetAt: isoDateTime.optional(),
    dueAt: isoDateTime.optional(),
    timeStandard: z.string().optional(),
    /**
     * The step is completed in the same instant (the submitter's own first step): its
     * `step-completed` follows at once, so no task opens and nobody is told about it.
     */
    completedAtOpen: z.boolean().optional(),
  }),
});

export const stepCompleted = defineEvent('runs', 'step-completed', {
  description:
    'A step finished: a decision (complete, approve, send-back, reject, skip), a handoff done at once, a publication or an automatic step, or cancelled.',
  schema: z.object({
    ...step,
    decision: z.string().min(1).max(32),
    by: actor.optional(),
    onBehalfOf: actor.optional(),
    role: z.string().optional(),
    reason: z.string().optional(),
    note: z.string().optional(),
    /** For send-back: the step the item went back to. */
    to: z.string().optional(),
    result: z.unknown().optional(),
    openedAt: isoDateTime.optional(),
    targetAt: isoDateTime.optional(),
    dueAt: isoDateTime.optional(),
    /** Working time the step was open, in the office's calendar. */
    workingMs: z.number().nonnegative(),
    /** For handoffs: the paper SOP's time for this hop, now saved. */
    savedMinutes: z.number().nonnegative().optional(),
    recipients: z.array(z.string()).optional(),
    withinTarget: z.boolean().optional(),
    withinLimit: z.boolean().optional(),
    breached: z.boolean().optional(),
    extensions: z.number().int().nonnegative().optional(),
  }),
});

export const stepReminded = defineEvent('runs', 'step-reminded', {
  description: 'A step is close to its time standard; its holders are reminded.',
  schema: z.object({ ...step, roles: z.array(z.string()), dueAt: isoDateTime.optional() }),
});

export const stepBreached = defineEvent('runs', 'step-breached', {
  description: 'A step passed its time standard. A breach is an event, never a failure.',
  schema: z.object({
    ...step,
    roles: z.array(z.string()),
    dueAt: isoDateTime.optional(),
    timeStandard: z.string().optional(),
  }),
});

export const stepEscalated = defineEvent('runs', 'step-escalated', {
  description: 'After a breach, the roles the definition names are told.',
  schema: z.object({ ...step, notify: z.array(z.string().min(1)).min(1), dueAt: isoDateTime.optional() }),
});

export const stepExtended = defineEvent('runs', 'step-extended', {
  description: "A step's deadline was extended, with who and why.",
  schema: z.object({
    ...step,
    by: actor,
    reason: z.string().optional(),
    extensions: z.number().int().positive(),
    previousDueAt: isoDateTime.optional(),
    dueAt: isoDateTime.optional(),
  }),
});

export const stepPostponed = defineEvent('runs', 'step-postponed', {
  description: 'A review postponed the run (ditunda): it waits, without limit, until resumed or cancelled.',
  schema: z.object({
    ...step,
    by: actor,
    role: z.string(),
    reason: z.string().optional(),
    /** Working time the attempt was open before it was postponed (its clock stops here). */
    workingMs: z.number().nonnegative().optional(),
  }),
});

export const stepRescheduled = defineEvent('runs', 'step-rescheduled', {
  description:
    "The office calendar changed (a holiday or cuti bersama decreed, hours changed): an open step's target and limit moved.",
  schema: z.object({
    ...step,
    roles: z.array(z.string()),
    targetAt: isoDateTime.optional(),
    dueAt: isoDateTime.optional(),
    previousDueAt: isoDateTime.optional(),
  }),
});

export const stepResumed = defineEvent('runs', 'step-resumed', {
  description: 'A postponed step was resumed; it opens again.',
  schema: z.object({ ...step, by: actor, role: z.string(), postponedAt: isoDateTime.optional() }),
});

export const deadlineBreached = defineEvent('runs', 'deadline-breached', {
  description: 'A deadline across several steps ("answer within 10 working days") passed.',
  schema: z.object({
    ...run,
    deadlineId: id,
    from: z.string(),
    until: z.string(),
    dueAt: isoDateTime.optional(),
    timeStandard: z.string(),
    notify: z.array(z.string()),
  }),
});

export const deadlineExtended = defineEvent('runs', 'deadline-extended', {
  description:
    'A deadline across several steps was extended (its `extension` in the definition), with who, why and its new limit.',
  schema: z.object({
    ...run,
    deadlineId: id,
    from: z.string(),
    until: z.string(),
    /** The open step (and its attempt) whose holder asked for it. */
    stepId: id,
    attempt: z.number().int().positive(),
    by: actor,
    onBehalfOf: actor.optional(),
    role: z.string().optional(),
    reason: z.string().optional(),
    extensions: z.number().int().positive(),
    previousDueAt: isoDateTime.optional(),
    dueAt: isoDateTime.optional(),
  }),
});

export const deadlineReminded = defineEvent('runs', 'deadline-reminded', {
  description:
    "A deadline across several steps is near (its escalation's remindBefore): the holders of the open steps are reminded.",
  schema: z.object({
    ...run,
    deadlineId: id,
    from: z.string(),
    until: z.string(),
    dueAt: isoDateTime.optional(),
    timeStandard: z.string(),
    /** Roles of the steps open now: those who can move the run on. */
    roles: z.array(z.string()),
  }),
});

export const stepFailed = defineEvent('runs', 'step-failed', {
  description:
    "A publish or automatic step's work was refused (e.g. the item cannot be published); the run waits for its holders (an automatic step without actors: its recipients) or an office admin to retry.",
  schema: z.object({ ...step, roles: z.array(z.string()), code: z.string(), message: z.string() }),
});

export const runEnded = defineEvent('runs', 'run-ended', {
  description: 'A run reached its end: completed, rejected or cancelled.',
  schema: z.object({
    ...run,
    outcome: z.enum(['completed', 'rejected', 'cancelled']),
    reason: z.string().optional(),
    by: actor.optional(),
    workingMs: z.number().nonnegative(),
    elapsedMs: z.number().nonnegative(),
    /** The run's deadlines across steps that started, as they ended (absent from older runs). */
    deadlines: z
      .array(
        z.object({
          id,
          /** Its `until` step was done within its limit (as extended). */
          met: z.boolean(),
          breached: z.boolean(),
          extensions: z.number().int().nonnegative(),
        }),
      )
      .optional(),
  }),
});

export const runsEvents = [
  runStarted,
  stepOpened,
  stepCompleted,
  stepReminded,
  stepBreached,
  stepEscalated,
  stepExtended,
  stepPostponed,
  stepResumed,
  stepRescheduled,
  deadlineBreached,
  deadlineExtended,
  deadlineReminded,
  stepFailed,
  runEnded,
] as const;

// Payload types, named for readability at call sites.
export type RunStarted = z.output<typeof runStarted.schema>;
export type StepOpened = z.output<typeof stepOpened.schema>;
export type StepCompleted = z.output<typeof stepCompleted.schema>;
export type StepReminded = z.output<typeof stepReminded.schema>;
export type StepBreached = z.output<typeof stepBreached.schema>;
export type StepEscalated = z.output<typeof stepEscalated.schema>;
export type StepExtended = z.output<typeof stepExtended.schema>;
export type StepPostponed = z.output<typeof stepPostponed.schema>;
export type StepResumed = z.output<typeof stepResumed.schema>;
export type DeadlineBreached = z.output<typeof deadlineBreached.schema>;
export type DeadlineReminded = z.output<typeof deadlineReminded.schema>;
export type StepRescheduled = z.output<typeof stepRescheduled.schema>;
export type StepFailed = z.output<typeof stepFailed.schema>;
export type RunEnded = z.output<typeof runEnded.schema>;
