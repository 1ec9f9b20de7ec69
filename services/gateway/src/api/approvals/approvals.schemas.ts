import { z } from 'zod';
import { ActorView, apiSchema, dateTime, uuid } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { RUN_DECISIONS, RUN_STATUSES, RunDecision, RunSummaryView } from '../runs/runs.schemas';
import { booleanQuery, instant, listQuery, LocalizedTextView, pageQuery } from '../shared';

// Views of libs/contracts/src/commands/approvals.ts; only what is described here leaves the edge.

const TaskStatus = z.enum(['open', 'deciding', 'postponed', 'closed']);

const ActorRoleView = z.object({
  role: z.string(),
  onBehalfOf: ActorView.optional().describe('Held as a delegate of this person, who is away.'),
});

const ItemRef = z.object({
  id: z.string(),
  title: z.string().optional(),
  contentType: z.string().optional(),
});

export const TaskView = apiSchema(
  'Task',
  z.object({
    taskId: uuid,
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
    myRoles: z.array(ActorRoleView).describe("Which of the caller's roles give access to it."),
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
    failure: z.object({ code: z.string(), message: z.string(), at: instant }).optional(),
    claim: z.object({ userId: z.string(), name: z.string().optional(), at: instant }).optional(),
    deciding: z.object({ decision: RunDecision, by: ActorView, at: instant }).optional(),
    postponed: z.object({ at: instant, by: ActorView.optional(), reason: z.string().optional() }).optional(),
    closed: z
      .object({
        at: instant,
        outcome: z.string(),
        by: ActorView.optional(),
        reason: z.string().optional(),
      })
      .optional(),
  }),
  'One attempt of a human step of an SOP run, waiting for (or past) a decision.',
);

export const TaskPage = apiSchema(
  'TaskPage',
  z.object({
    tasks: z.array(TaskView).describe('Soonest due first; tasks without a time standard last.'),
    nextCursor: z.string().optional(),
  }),
  'A page of the inbox.',
);

export const InboxQuery = z.object({
  status: listQuery(['open', 'deciding', 'postponed'] as const)
    .optional()
    .describe('Default: all three (open, deciding, postponed).'),
  claimedByMe: booleanQuery.optional().describe('Only tasks the caller claimed.'),
  claimed: booleanQuery.optional().describe('true: only claimed tasks; false: only unclaimed ones.'),
  breached: booleanQuery.optional().describe('Only tasks past (or not past) their time standard.'),
  contentType: z.string().min(1).max(64).optional(),
  definitionKey: z.string().min(1).max(200).optional(),
  ...pageQuery,
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxCountsView = apiSchema(
  'InboxCounts',
  z.object({
    total: z.number().int().describe('Visible tasks not closed.'),
    open: z.number().int().describe('Waiting for a decision (the badge).'),
    deciding: z.number().int(),
    postponed: z.number().int(),
    claimedByMe: z.number().int(),
    unclaimed: z.number().int(),
    breached: z.number().int(),
    unreadNotifications: z.number().int(),
  }),
  'Numbers for the inbox badge.',
);

export const TaskParams = z.object({ taskId: uuid });
export type TaskParams = z.infer<typeof TaskParams>;

const text = z.string().max(4000);

export const ReleaseTaskBody = apiSchema(
  'ReleaseTaskBody',
  z.object({ reason: z.string().trim().max(2000).optional() }),
  'Why the task goes back to the role inbox.',
);
export type ReleaseTaskBody = z.infer<typeof ReleaseTaskBody>;

export const DecideTaskBody = apiSchema(
  'DecideTaskBody',
  z.object({
    decision: RunDecision.describe(
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
  }),
  "A decision on a task, in one of the caller's roles of the step (as a delegate: on behalf of the holder).",
);
export type DecideTaskBody = z.infer<typeof DecideTaskBody>;

export const DecisionView = apiSchema(
  'Decision',
  z.object({
    decisionId: z.string(),
    workflowId: z.string(),
    taskId: z.string().optional(),
    stepId: z.string(),
    stepNumber: z.number().int().optional(),
    attempt: z.number().int(),
    outcome: RunDecision,
    by: ActorView.optional(),
    onBehalfOf: ActorView.optional().describe('The role holder a delegate decided for.'),
    role: z.string().optional(),
    reason: z.string().optional(),
    note: z.string().optional(),
    decidedAt: instant,
    definitionKey: z.string(),
    item: ItemRef.optional(),
  }),
  'One accepted decision in the history of a run.',
);

export const DecidedTaskView = apiSchema(
  'DecidedTask',
  z.object({
    task: TaskView.describe('`deciding` until the run reports the step done.'),
    decision: DecisionView,
    run: RunSummaryView.describe('The run as it is after the decision.'),
  }),
  'A decision the run accepted, and the run after it.',
);

export const BulkDecideBody = apiSchema(
  'BulkDecideBody',
  z.object({
    taskIds: z
      .array(uuid)
      .min(1, bilingual('Pilih paling sedikit satu tugas', 'Choose at least one task'))
      .max(100),
    decision: z.enum(['approve', 'send-back']),
    reason: text.optional().describe('Required for send-back.'),
    note: text.optional(),
  }),
  'One review decision for many tasks.',
);
export type BulkDecideBody = z.infer<typeof BulkDecideBody>;

export const BulkDecisionView = apiSchema(
  'BulkDecision',
  z.object({
    results: z.array(
      z.discriminatedUnion('outcome', [
        z.object({
          taskId: z.string(),
          outcome: z.literal('accepted'),
          decisionId: z.string(),
          runStatus: z.enum(RUN_STATUSES),
        }),
        z.object({
          taskId: z.string(),
          outcome: z.literal('refused'),
          error: z
            .object({ status: z.number().int(), code: z.string(), message: LocalizedTextView })
            .describe("Why this task was refused (as a problem's status, code and message)."),
        }),
      ]),
    ),
    accepted: z.number().int(),
    refused: z.number().int(),
  }),
  "Each task's result; some may be refused while others are accepted.",
);

export const RunDecisionsView = apiSchema(
  'RunDecisions',
  z.object({
    workflowId: z.string(),
    definition: z.object({ key: z.string(), version: z.number().int(), title: z.string().optional() }),
    item: ItemRef.optional(),
    status: z.enum(['running', 'completed', 'rejected', 'cancelled']),
    decisions: z.array(DecisionView).describe('In order.'),
  }),
  'The decision history of one run.',
);

export const DecisionSearchQuery = z.object({
  outcome: listQuery(RUN_DECISIONS).optional(),
  stepId: z.string().min(1).max(200).optional(),
  person: z.string().min(1).max(200).optional().describe('User id of who decided, or on whose behalf.'),
  from: dateTime.optional().describe('Decisions at or after this instant.'),
  to: dateTime.optional().describe('Decisions before this instant.'),
  contentType: z.string().min(1).max(64).optional(),
  definitionKey: z.string().min(1).max(200).optional(),
  workflowId: z.string().min(1).max(200).optional(),
  ...pageQuery,
});
export type DecisionSearchQuery = z.infer<typeof DecisionSearchQuery>;

export const DecisionPage = apiSchema(
  'DecisionPage',
  z.object({ decisions: z.array(DecisionView).describe('Newest first.'), nextCursor: z.string().optional() }),
  'A page of decisions.',
);

export const CommentView = apiSchema(
  'Comment',
  z.object({
    commentId: z.string(),
    workflowId: z.string(),
    taskId: z.string().optional(),
    stepId: z.string().optional(),
    author: ActorView,
    body: z.string(),
    createdAt: instant,
  }),
  'A comment on a run.',
);

export const AddCommentBody = apiSchema(
  'AddCommentBody',
  z.object({
    body: z.string().trim().min(1, bilingual('Komentar kosong', 'The comment is empty')).max(4000),
    taskId: uuid.optional().describe('The task of the run it is about, if any.'),
  }),
  'A comment on a run.',
);
export type AddCommentBody = z.infer<typeof AddCommentBody>;

export const CommentPage = apiSchema(
  'CommentPage',
  z.object({ comments: z.array(CommentView).describe('Oldest first.'), nextCursor: z.string().optional() }),
  'A page of comments.',
);

export const CommentsQuery = z.object({
  taskId: uuid.optional().describe("Only when it belongs to the run; the run's comments either way."),
  ...pageQuery,
});
export type CommentsQuery = z.infer<typeof CommentsQuery>;

export const NotificationView = apiSchema(
  'Notification',
  z.object({
    notificationId: z.string(),
    kind: z.enum(['assigned', 'reminder', 'breached', 'escalated', 'deadline-breached', 'failed']),
    subject: LocalizedTextView,
    body: LocalizedTextView,
    link: z.string().optional().describe('Where the console shows the task or run.'),
    taskId: z.string().optional(),
    workflowId: z.string().optional(),
    createdAt: instant,
    readAt: instant.optional(),
  }),
  'An in-app notification of the signed-in person.',
);

export const NotificationPage = apiSchema(
  'NotificationPage',
  z.object({
    notifications: z.array(NotificationView).describe('Newest first.'),
    unread: z.number().int(),
    nextCursor: z.string().optional(),
  }),
  'A page of notifications.',
);

export const NotificationsQuery = z.object({
  unreadOnly: booleanQuery.optional(),
  ...pageQuery,
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const MarkReadBody = apiSchema(
  'MarkNotificationsReadBody',
  z
    .object({
      notificationIds: z.array(uuid).max(500).optional(),
      all: z.boolean().optional().describe('Mark every notification read.'),
    })
    .refine((b) => b.all === true || (b.notificationIds?.length ?? 0) > 0, {
      message: bilingual('Sebutkan notificationIds atau all', 'Give notificationIds or all'),
    }),
  'Which notifications to mark read.',
);
export type MarkReadBody = z.infer<typeof MarkReadBody>;

export const MarkedReadView = apiSchema(
  'MarkedRead',
  z.object({ marked: z.number().int(), unread: z.number().int() }),
  'How many were marked, and how many are still unread.',
);
