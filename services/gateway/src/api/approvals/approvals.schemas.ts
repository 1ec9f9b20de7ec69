import {
  approvalsCommentAdd,
  approvalsCommentsList,
  approvalsHistoryRun,
  approvalsHistorySearch,
  approvalsInboxCounts,
  approvalsInboxList,
  approvalsNotificationsList,
  approvalsNotificationsMarkRead,
  approvalsTaskDecide,
  approvalsTaskRelease,
  approvalsTasksBulkDecide,
  CommentView as CommentContract,
  DecisionView as DecisionContract,
  NotificationView as NotificationContract,
  RUN_DECISIONS,
  TaskView as TaskContract,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand, uuid } from '../../http/schemas';
import { booleanQuery, listQuery, pageQuery } from '../shared';

// The approvals commands' contracts (libs/contracts/src/commands/approvals.ts) as the edge
// shows them: bodies without the caller envelope and path fields, views as the service
// answers, queries coerced from query strings.

export const TaskView = apiSchema(
  'Task',
  TaskContract,
  'One attempt of a human step of an SOP run, waiting for (or past) a decision.',
);

export const TaskPage = apiSchema('TaskPage', approvalsInboxList.response, 'A page of the inbox.');

const inbox = approvalsInboxList.request.shape;
export const InboxQuery = z.object({
  status: listQuery(['open', 'deciding', 'postponed'] as const)
    .optional()
    .describe(inbox.status.description ?? ''),
  claimedByMe: booleanQuery.optional().describe(inbox.claimedByMe.description ?? ''),
  claimed: booleanQuery.optional().describe(inbox.claimed.description ?? ''),
  breached: booleanQuery.optional().describe(inbox.breached.description ?? ''),
  contentType: inbox.contentType,
  definitionKey: inbox.definitionKey,
  ...pageQuery,
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxCountsView = apiSchema(
  'InboxCounts',
  approvalsInboxCounts.response,
  'Numbers for the inbox badge.',
);

export const TaskParams = z.object({ taskId: uuid });
export type TaskParams = z.infer<typeof TaskParams>;

export const ReleaseTaskBody = bodyFromCommand('ReleaseTaskBody', approvalsTaskRelease, {
  omit: { taskId: true },
  description: 'Why the task goes back to the role inbox.',
});
export type ReleaseTaskBody = z.infer<typeof ReleaseTaskBody>;

export const DecideTaskBody = bodyFromCommand('DecideTaskBody', approvalsTaskDecide, {
  omit: { taskId: true },
  description:
    "A decision on a task, in one of the caller's roles of the step (as a delegate: on behalf of the holder).",
});
export type DecideTaskBody = z.infer<typeof DecideTaskBody>;

export const DecisionView = apiSchema(
  'Decision',
  DecisionContract,
  'One accepted decision in the history of a run.',
);

export const DecidedTaskView = apiSchema(
  'DecidedTask',
  approvalsTaskDecide.response,
  'A decision the run accepted, and the run after it.',
);

export const BulkDecideBody = bodyFromCommand('BulkDecideBody', approvalsTasksBulkDecide, {
  description: 'One review decision for many tasks.',
});
export type BulkDecideBody = z.infer<typeof BulkDecideBody>;

export const BulkDecisionView = apiSchema(
  'BulkDecision',
  approvalsTasksBulkDecide.response,
  "Each task's result; some may be refused while others are accepted.",
);

export const RunDecisionsView = apiSchema(
  'RunDecisions',
  approvalsHistoryRun.response,
  'The decision history of one run.',
);

const search = approvalsHistorySearch.request.shape;
export const DecisionSearchQuery = z.object({
  outcome: listQuery(RUN_DECISIONS).optional(),
  stepId: search.stepId,
  person: search.person,
  from: search.from,
  to: search.to,
  contentType: search.contentType,
  definitionKey: search.definitionKey,
  workflowId: search.workflowId,
  ...pageQuery,
});
export type DecisionSearchQuery = z.infer<typeof DecisionSearchQuery>;

export const DecisionPage = apiSchema(
  'DecisionPage',
  approvalsHistorySearch.response,
  'A page of decisions.',
);

export const CommentView = apiSchema('Comment', CommentContract, 'A comment on a run.');

export const AddCommentBody = bodyFromCommand('AddCommentBody', approvalsCommentAdd, {
  omit: { workflowId: true },
  description: 'A comment on a run.',
});
export type AddCommentBody = z.infer<typeof AddCommentBody>;

export const CommentPage = apiSchema('CommentPage', approvalsCommentsList.response, 'A page of comments.');

export const CommentsQuery = z.object({
  taskId: approvalsCommentsList.request.shape.taskId,
  ...pageQuery,
});
export type CommentsQuery = z.infer<typeof CommentsQuery>;

export const NotificationView = apiSchema(
  'Notification',
  NotificationContract,
  'An in-app notification of the signed-in person.',
);

export const NotificationPage = apiSchema(
  'NotificationPage',
  approvalsNotificationsList.response,
  'A page of notifications.',
);

export const NotificationsQuery = z.object({
  unreadOnly: booleanQuery.optional(),
  ...pageQuery,
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const MarkReadBody = bodyFromCommand('MarkNotificationsReadBody', approvalsNotificationsMarkRead, {
  description: 'Which notifications to mark read: some by id, or `all`.',
});
export type MarkReadBody = z.infer<typeof MarkReadBody>;

export const MarkedReadView = apiSchema(
  'MarkedRead',
  approvalsNotificationsMarkRead.response,
  'How many were marked, and how many are still unread.',
);
