import { z } from 'zod';
import {
  actorShape,
  callerFields,
  effectiveRoleShape,
  idempotencyKeyShape,
  mutationFields,
  officeSlug,
  pageFields,
} from './caller';
import { localizedText } from './common';
import { defineCommand, registerCommands, type ContractsOf } from './define';
import { defineErrors } from './errors';
import { RUN_DECISIONS, RunDecisionKind, RunStatus, RunSummary } from './worker';

/**
 * Commands and queries the approvals service serves (the inbox). Owned by the approvals
 * service. Each maps 1:1 to an HTTP operation of the gateway, which fills the caller fields
 * from the session: `office`, `actor`, the actor's effective `roles` in the office and
 * `officeAdmin` (may release anyone's claim and decide a task someone else claimed, still
 * only with one of the step's roles). Mutations carry the HTTP `Idempotency-Key` as
 * `idempotencyKey`: a retry with the same key returns the first answer and changes nothing
 * twice (keys are per office and actor). Ids of another office, and runs the caller cannot
 * see, are not found. Decisions forwarded to the runtime come back with the runtime's own
 * refusals unchanged (`worker.run.decide`, see WORKER_ERRORS).
 */

export const APPROVALS_ERRORS = defineErrors('approvals', {
  'task-not-found': { status: 404, title: { id: 'Tugas tidak ditemukan', en: 'Task not found' } },
  'run-not-found': { status: 404, title: { id: 'Proses SOP tidak ditemukan', en: 'SOP run not found' } },
  'role-not-holder': {
    status: 403,
    title: { id: 'Anda tidak memegang peran langkah ini', en: 'You do not hold a role of this step' },
  },
  'not-claimer': {
    status: 403,
    title: { id: 'Tugas ini diklaim orang lain', en: 'Someone else claimed this task' },
  },
  'task-closed': { status: 409, title: { id: 'Tugas sudah selesai', en: 'The task is closed' } },
  'task-deciding': {
    status: 409,
    title: {
      id: 'Keputusan atas tugas ini sedang diproses',
      en: 'A decision on this task is being processed',
    },
  },
  'task-claimed': {
    status: 409,
    title: { id: 'Tugas sudah diklaim orang lain', en: 'The task is claimed by someone else' },
  },
  'not-claimed': { status: 409, title: { id: 'Tugas belum diklaim', en: 'The task is not claimed' } },
  'reason-required': { status: 422, title: { id: 'Alasan wajib diisi', en: 'A reason is required' } },
  'not-a-review': { status: 422, title: { id: 'Bukan langkah pemeriksaan', en: 'Not a review step' } },
});
const E = APPROVALS_ERRORS;

/** A role the actor holds in the office now; `onBehalfOf` is set when held as a delegate of someone away. */
export type ActorRole = z.output<typeof effectiveRoleShape>;

/** Approvals needs the caller's roles always (none is an empty list). */
const approvalsCaller = { ...callerFields, roles: callerFields.roles.unwrap() };
const approvalsMutation = { ...approvalsCaller, idempotencyKey: mutationFields.idempotencyKey };
export type ApprovalsCaller = z.output<z.ZodObject<typeof approvalsCaller>>;

/**
 * `open`: waiting for a decision; `deciding`: the run accepted a decision and the task
 * closes when the run reports the step done; `postponed`: the run waits (ditunda) until
 * someone resumes it; `closed`: done.
 */
export const TASK_STATUSES = ['open', 'deciding', 'postponed', 'closed'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.output<typeof TaskStatus>;

/** Decisions the history records and searches by. */
export const DecisionOutcome = RunDecisionKind;
export type DecisionOutcome = RunDecisionKind;

const instant = z.iso.datetime({ offset: true });
const workflowId = z.string().min(1).max(200);
const text = z.string().max(4000);
const contentType = z.string().min(1).max(64);
const definitionKey = z.string().min(1).max(200);

const ItemRef = z.object({
  id: z.string(),
  title: z.string().optional(),
  contentType: z.string().optional(),
});

/**
 * One task: an open (or past) attempt of a human step of a run (work or review), or of a
 * publish/automatic step whose work failed and waits for its holders to `retry`.
 */
export const TaskView = z.object({
  taskId: z.uuid(),
  office: z.string(),
  workflowId: z.string(),
  stepId: z.string(),
  attempt: z.number().int(),
  step: z.object({
    number: z.number().int().optional(),
    kind: z.enum(['work', 'review', 'publish', 'automatic']),
    description: z.string().optional(),
  }),
  roles: z.array(z.string()).describe('Roles of the step: their holders (and delegates) see the task.'),
  myRoles: z.array(effectiveRoleShape).describe("Which of the caller's roles give access to it."),
  definition: z.object({ key: z.string(), version: z.number().int(), title: z.string().optional() }),
  item: ItemRef.optional(),
  status: TaskStatus,
  cause: z
    .object({ kind: z.string(), from: z.string().optional(), reason: z.string().optional() })
    .describe('Why the step opened: the step before, a send-back (with its reason), a resume.'),
  openedAt: instant.optional(),
  targetAt: instant.optional(),
  dueAt: instant.optional(),
  timeStandard: z.string().optional(),
  breached: z.boolean(),
  remindedAt: instant.optional(),
  escalatedAt: instant.optional(),
  extensions: z.number().int(),
  /** Why the platform's work on the step failed (publish/automatic steps), the latest failure. */
  failure: z.object({ code: z.string(), message: z.string(), at: instant }).optional(),
  claim: z.object({ userId: z.string(), name: z.string().optional(), at: instant }).optional(),
  deciding: z.object({ decision: RunDecisionKind, by: actorShape, at: instant }).optional(),
  postponed: z.object({ at: instant, by: actorShape.optional(), reason: z.string().optional() }).optional(),
  closed: z
    .object({ at: instant, outcome: z.string(), by: actorShape.optional(), reason: z.string().optional() })
    .optional(),
});
export type TaskView = z.output<typeof TaskView>;

/** One accepted decision in a run's history. */
export const DecisionView = z.object({
  decisionId: z.string(),
  workflowId: z.string(),
  taskId: z.string().optional(),
  stepId: z.string(),
  stepNumber: z.number().int().optional(),
  attempt: z.number().int(),
  outcome: DecisionOutcome,
  deadline: z
    .string()
    .optional()
    .describe('For `extend` of a deadline across steps: its id (the step is where it was asked from).'),
  by: actorShape.optional(),
  onBehalfOf: actorShape.optional().describe('The role holder a delegate decided for.'),
  role: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
  decidedAt: instant,
  definitionKey: z.string(),
  item: ItemRef.optional(),
});
export type DecisionView = z.output<typeof DecisionView>;

export const CommentView = z.object({
  commentId: z.string(),
  workflowId: z.string(),
  taskId: z.string().optional(),
  stepId: z.string().optional(),
  author: actorShape,
  body: z.string(),
  createdAt: instant,
});
export type CommentView = z.output<typeof CommentView>;

export const NOTIFICATION_KINDS = [
  'assigned',
  'reminder',
  'breached',
  'escalated',
  'deadline-breached',
  /** A deadline across steps is near: the holders of the open steps are reminded. */
  'deadline-reminder',
  /** A publish or automatic step failed and waits for its holders to retry. */
  'failed',
  /** An SOP's automatic `notify` step told its recipients (the step's description is the message). */
  'notice',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.output<typeof NotificationKind>;

export const NotificationView = z.object({
  notificationId: z.string(),
  kind: NotificationKind,
  subject: localizedText,
  body: localizedText,
  link: z.string().optional().describe('Where the console shows the task or run.'),
  taskId: z.string().optional(),
  workflowId: z.string().optional(),
  createdAt: instant,
  readAt: instant.optional(),
});
export type NotificationView = z.output<typeof NotificationView>;

export const BulkDecisionResult = z.discriminatedUnion('outcome', [
  z.object({
    taskId: z.string(),
    outcome: z.literal('accepted'),
    decisionId: z.string(),
    runStatus: RunStatus,
  }),
  z.object({
    taskId: z.string(),
    outcome: z.literal('refused'),
    error: z
      .object({
        status: z.number().int(),
        code: z.string(),
        message: localizedText,
      })
      .describe("Why this task was refused (as a problem's status, code and message)."),
  }),
]);
export type BulkDecisionResult = z.output<typeof BulkDecisionResult>;

const taskRef = { taskId: z.uuid() };

export const approvalsInboxList = defineCommand('approvals.inbox.list', {
  description:
    "The caller's inbox: tasks (not closed) whose roles intersect the caller's roles, soonest due first " +
    '(tasks without a time standard last), paged.',
  request: z.object({
    ...approvalsCaller,
    ...pageFields,
    status: z
      .array(z.enum(['open', 'deciding', 'postponed']))
      .max(3)
      .optional()
      .describe('Default: all three (open, deciding, postponed).'),
    claimedByMe: z.boolean().optional().describe('Only tasks the caller claimed.'),
    claimed: z.boolean().optional().describe('true: only claimed tasks; false: only unclaimed ones.'),
    breached: z.boolean().optional().describe('Only tasks past (or not past) their time standard.'),
    contentType: contentType.optional(),
    definitionKey: definitionKey.optional(),
  }),
  response: z.object({
    tasks: z.array(TaskView).describe('Soonest due first; tasks without a time standard last.'),
    nextCursor: z.string().optional(),
  }),
});

export const approvalsInboxCounts = defineCommand('approvals.inbox.counts', {
  description: 'Numbers for the inbox badge.',
  request: z.object(approvalsCaller),
  response: z.object({
    total: z.number().int().describe('Visible tasks not closed.'),
    open: z.number().int().describe('Waiting for a decision (the badge).'),
    deciding: z.number().int(),
    postponed: z.number().int(),
    claimedByMe: z.number().int(),
    unclaimed: z.number().int(),
    breached: z.number().int(),
    unreadNotifications: z.number().int(),
  }),
});

export const approvalsTaskGet = defineCommand('approvals.task.get', {
  description: 'One task, also a closed one, if the caller holds one of its roles (or is an office admin).',
  request: z.object({ ...approvalsCaller, ...taskRef }),
  response: TaskView,
  errors: [E['task-not-found'], E['role-not-holder']],
});

export const approvalsTaskClaim = defineCommand('approvals.task.claim', {
  description: "Marks the caller as working on the task. Claiming one's own claim again is a no-op.",
  request: z.object({ ...approvalsMutation, ...taskRef }),
  response: TaskView,
  errors: [
    E['task-not-found'],
    E['role-not-holder'],
    E['task-claimed'],
    E['task-closed'],
    E['task-deciding'],
  ],
});

export const approvalsTaskRelease = defineCommand('approvals.task.release', {
  description: 'Gives a claimed task back to the role inbox: its claimer, or an office admin.',
  request: z.object({
    ...approvalsMutation,
    ...taskRef,
    reason: z.string().trim().max(2000).optional().describe('Why the task goes back to the role inbox.'),
  }),
  response: TaskView,
  errors: [E['task-not-found'], E['not-claimed'], E['not-claimer'], E['task-closed']],
});

export const approvalsTaskDecide = defineCommand('approvals.task.decide', {
  description:
    "Forwards a decision to the run (`worker.run.decide`) in one of the caller's roles of the step (`role` " +
    'picks one when they hold several; a role held by delegation is sent with `onBehalfOf`). Answers with ' +
    'the run as it is after the decision. The task becomes `deciding` until the run reports the step done.',
  request: z.object({
    ...approvalsMutation,
    ...taskRef,
    decision: RunDecisionKind.describe(
      "One of the decisions the step allows now (`allowed` of the run's open step).",
    ),
    role: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The role to decide in, when the caller holds several of the step's roles."),
    note: text.optional(),
    reason: text.optional().describe('Required for send-back, reject and postpone.'),
    deadline: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "With `extend`: extends this deadline across steps (its id, see the run's `deadlines`) instead of the " +
          "task's own limit, by the definition's `extension`; refused with `extensions-exhausted` past its `max`.",
      ),
  }),
  response: z.object({
    task: TaskView.describe('`deciding` until the run reports the step done.'),
    decision: DecisionView,
    run: RunSummary.describe('The run as it is after the decision.'),
  }),
  errors: [
    E['task-not-found'],
    E['role-not-holder'],
    E['task-claimed'],
    E['task-closed'],
    E['task-deciding'],
    E['reason-required'],
  ],
});

export const approvalsTasksBulkDecide = defineCommand('approvals.tasks.bulk-decide', {
  description:
    'One review decision for many tasks (approve, or send back with one reason), each forwarded on its own; ' +
    "partial success is normal. Each task's decision is idempotent under `<idempotencyKey>:<taskId>`.",
  request: z.object({
    ...approvalsMutation,
    taskIds: z.array(z.uuid()).min(1).max(100),
    decision: z.enum(['approve', 'send-back']),
    reason: text.optional().describe('Required for send-back.'),
    note: text.optional(),
  }),
  response: z.object({
    results: z.array(BulkDecisionResult),
    accepted: z.number().int(),
    refused: z.number().int(),
  }),
  errors: [E['reason-required'], E['not-a-review']],
});

export const approvalsCommentAdd = defineCommand('approvals.comment.add', {
  description: 'A comment on a run, optionally about one of its tasks. Give `taskId` or `workflowId`.',
  request: z.object({
    ...approvalsMutation,
    taskId: z.uuid().optional().describe('The task of the run it is about, if any.'),
    workflowId: workflowId.optional(),
    body: z.string().trim().min(1).max(4000),
  }),
  response: CommentView,
  errors: [E['run-not-found'], E['task-not-found'], E['role-not-holder']],
});

export const approvalsCommentsList = defineCommand('approvals.comments.list', {
  description:
    "Comments of a run (of the task's run when `taskId` is given), oldest first. Give one of them.",
  request: z.object({
    ...approvalsCaller,
    ...pageFields,
    workflowId: workflowId.optional(),
    taskId: z.uuid().optional().describe("Only when it belongs to the run; the run's comments either way."),
  }),
  response: z.object({
    comments: z.array(CommentView).describe('Oldest first.'),
    nextCursor: z.string().optional(),
  }),
  errors: [E['run-not-found'], E['task-not-found'], E['role-not-holder']],
});

export const approvalsHistoryRun = defineCommand('approvals.history.run', {
  description: 'The full decision history of one run, in order.',
  request: z.object({ ...approvalsCaller, workflowId }),
  response: z.object({
    workflowId: z.string(),
    definition: z.object({ key: z.string(), version: z.number().int(), title: z.string().optional() }),
    item: ItemRef.optional(),
    status: z.enum(['running', 'completed', 'rejected', 'cancelled']),
    decisions: z.array(DecisionView).describe('In order.'),
  }),
  errors: [E['run-not-found'], E['role-not-holder']],
});

export const approvalsHistorySearch = defineCommand('approvals.history.search', {
  description:
    'Office-wide decision search, newest first, over the runs the caller can see (all runs for an office ' +
    'admin). `person` matches who decided or on whose behalf.',
  request: z.object({
    ...approvalsCaller,
    ...pageFields,
    outcome: z.array(DecisionOutcome).max(RUN_DECISIONS.length).optional(),
    stepId: z.string().min(1).max(200).optional(),
    person: z.string().min(1).max(200).optional().describe('User id of who decided, or on whose behalf.'),
    from: instant.optional().describe('Decisions at or after this instant.'),
    to: instant.optional().describe('Decisions before this instant.'),
    contentType: contentType.optional(),
    definitionKey: definitionKey.optional(),
    workflowId: workflowId.optional(),
  }),
  response: z.object({
    decisions: z.array(DecisionView).describe('Newest first.'),
    nextCursor: z.string().optional(),
  }),
});

export const approvalsNotificationsList = defineCommand('approvals.notifications.list', {
  description: "The caller's in-app notifications, newest first.",
  request: z.object({ ...approvalsCaller, ...pageFields, unreadOnly: z.boolean().optional() }),
  response: z.object({
    notifications: z.array(NotificationView).describe('Newest first.'),
    unread: z.number().int(),
    nextCursor: z.string().optional(),
  }),
});

export const approvalsNotificationsMarkRead = defineCommand('approvals.notifications.mark-read', {
  description: "Marks some (or `all`) of the caller's notifications read. Give `notificationIds` or `all`.",
  request: z.object({
    ...approvalsMutation,
    notificationIds: z.array(z.uuid()).max(500).optional(),
    all: z.boolean().optional().describe('Mark every notification read.'),
  }),
  response: z.object({ marked: z.number().int(), unread: z.number().int() }),
});

const code = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/)
  .max(64);

export const approvalsNotificationsSend = defineCommand('approvals.notifications.send', {
  description:
    "The runtime's automatic `notify` step (not a person's request): tells the people who hold `roles` in " +
    'the office, through every notification channel, what the step says. Queued durably and sent in the ' +
    'background; once per `idempotencyKey` (a retry answers `queued: false`).',
  request: z.object({
    office: officeSlug,
    idempotencyKey: idempotencyKeyShape,
    workflowId,
    stepId: code,
    roles: z.array(code).min(1).max(20),
    step: z.object({ number: z.number().int().min(0).max(9999), description: z.string().min(1).max(4000) }),
    /** What the run is about (item or definition title), until approvals knows the run itself. */
    about: z.string().max(500).optional(),
  }),
  response: z.object({ notificationJobId: z.string(), queued: z.boolean() }),
});

export const APPROVALS_COMMAND_DEFINITIONS = registerCommands(
  approvalsInboxList,
  approvalsInboxCounts,
  approvalsTaskGet,
  approvalsTaskClaim,
  approvalsTaskRelease,
  approvalsTaskDecide,
  approvalsTasksBulkDecide,
  approvalsCommentAdd,
  approvalsCommentsList,
  approvalsHistoryRun,
  approvalsHistorySearch,
  approvalsNotificationsList,
  approvalsNotificationsMarkRead,
  approvalsNotificationsSend,
);

export type ApprovalsCommands = ContractsOf<typeof APPROVALS_COMMAND_DEFINITIONS>;
