import { Get, Post } from '@nestjs/common';
import {
  approvalsCommentAdd,
  approvalsCommentsList,
  approvalsHistoryRun,
  approvalsHistorySearch,
  approvalsInboxCounts,
  approvalsInboxList,
  approvalsNotificationsList,
  approvalsNotificationsMarkRead,
  approvalsTaskClaim,
  approvalsTaskDecide,
  approvalsTaskGet,
  approvalsTaskRelease,
  approvalsTasksBulkDecide,
  workerRunDecide,
} from '@tatalaman/contracts';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { RunParams } from '../runs/runs.controller';
import { RUNTIME_TIMEOUT_MS, SERVICE_PROBLEMS } from '../shared';
import {
  AddCommentBody,
  BulkDecideBody,
  BulkDecisionView,
  CommentPage,
  CommentsQuery,
  CommentView,
  DecidedTaskView,
  DecideTaskBody,
  DecisionPage,
  DecisionSearchQuery,
  InboxCountsView,
  InboxQuery,
  MarkedReadView,
  MarkReadBody,
  NotificationPage,
  NotificationsQuery,
  ReleaseTaskBody,
  RunDecisionsView,
  TaskPage,
  TaskParams,
  TaskView,
} from './approvals.schemas';

export const APPROVALS_TAG = {
  name: 'Approvals',
  description:
    'The inbox: tasks of SOP steps for the roles one holds (also as a delegate), claims, decisions, ' +
    "comments, the decision history and notifications. Who may decide is the SOP roles' business: " +
    "the edge sends the caller's roles held now, each with `onBehalfOf` when delegated.",
};

/** The caller's inbox: `approvals.inbox.*`. */
@OfficeController('inbox', APPROVALS_TAG)
export class InboxController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'listInbox',
    summary: "The caller's inbox",
    description:
      'Tasks not closed whose roles the caller holds now (own or delegated), soonest due first, filtered and paged.',
    requires: 'runs:read',
    query: InboxQuery,
    response: TaskPage,
    commands: [approvalsInboxList],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: InboxQuery) {
    return this.commands.send('approvals.inbox.list', query);
  }

  @Get('counts')
  @Endpoint({
    operationId: 'getInboxCounts',
    summary: "Numbers of the caller's inbox",
    requires: 'runs:read',
    response: InboxCountsView,
    commands: [approvalsInboxCounts],
    problems: [...SERVICE_PROBLEMS],
  })
  counts() {
    return this.commands.send('approvals.inbox.counts', {});
  }
}

/** Tasks: `approvals.task.*` and `approvals.tasks.bulk-decide`. */
@OfficeController('tasks', APPROVALS_TAG)
export class TasksController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get(':taskId')
  @Endpoint({
    operationId: 'getTask',
    summary: 'A task',
    description: 'Also a closed one, to holders of one of its roles and office admins.',
    requires: 'runs:read',
    params: TaskParams,
    response: TaskView,
    commands: [approvalsTaskGet],
    problems: [...SERVICE_PROBLEMS],
  })
  get(@ValidParams() p: TaskParams) {
    return this.commands.send('approvals.task.get', { taskId: p.taskId });
  }

  @Post(':taskId/claim')
  @Endpoint({
    operationId: 'claimTask',
    summary: 'Claim a task',
    description: 'Marks the caller as working on it; everyone else still sees it, with the claim.',
    requires: 'decisions:write',
    params: TaskParams,
    response: TaskView,
    status: 200,
    commands: [approvalsTaskClaim],
    problems: [...SERVICE_PROBLEMS],
  })
  claim(@ValidParams() p: TaskParams) {
    return this.commands.send('approvals.task.claim', { taskId: p.taskId });
  }

  @Post(':taskId/release')
  @Endpoint({
    operationId: 'releaseTask',
    summary: 'Give a claimed task back to the role inbox',
    description: 'By its claimer, or an office admin.',
    requires: 'decisions:write',
    params: TaskParams,
    body: ReleaseTaskBody,
    response: TaskView,
    status: 200,
    commands: [approvalsTaskRelease],
    problems: [...SERVICE_PROBLEMS],
  })
  release(@ValidParams() p: TaskParams, @ValidBody() body: ReleaseTaskBody) {
    return this.commands.send('approvals.task.release', { taskId: p.taskId, ...body });
  }

  @Post(':taskId/decision')
  @Endpoint({
    operationId: 'decideTask',
    summary: 'Decide a task',
    description:
      "In one of the caller's roles of the step; a role held as a delegate is used on behalf of its holder " +
      '(the run records both). Answers with the run as it is after the decision. Once per Idempotency-Key.',
    requires: 'decisions:write',
    params: TaskParams,
    body: DecideTaskBody,
    response: DecidedTaskView,
    status: 200,
    // Approvals forwards the decision to the run: the runtime's refusals pass through unchanged.
    commands: [approvalsTaskDecide, workerRunDecide],
    problems: [...SERVICE_PROBLEMS],
  })
  decide(@ValidParams() p: TaskParams, @ValidBody() body: DecideTaskBody) {
    return this.commands.send(
      'approvals.task.decide',
      { taskId: p.taskId, ...body },
      { timeoutMs: RUNTIME_TIMEOUT_MS },
    );
  }

  @Post('bulk-decision')
  @Endpoint({
    operationId: 'bulkDecideTasks',
    summary: 'One review decision for many tasks',
    description:
      'Approve, or send back with one reason, up to 100 review tasks; each is decided on its own and may be ' +
      'refused while others are accepted. A retry answers the accepted ones again and retries the refused.',
    requires: 'decisions:write',
    body: BulkDecideBody,
    response: BulkDecisionView,
    status: 200,
    commands: [approvalsTasksBulkDecide],
    problems: [...SERVICE_PROBLEMS],
  })
  bulk(@ValidBody() body: BulkDecideBody) {
    return this.commands.send('approvals.tasks.bulk-decide', body, { timeoutMs: 120_000 });
  }
}

/** A run's decision history and comments: `approvals.history.run`, `approvals.comment(s).*`. */
@OfficeController('runs/:workflowId', APPROVALS_TAG)
export class RunReviewController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get('decisions')
  @Endpoint({
    operationId: 'listRunDecisions',
    summary: 'The decision history of a run',
    description: 'To holders of a role of any of its tasks, and office admins.',
    requires: 'runs:read',
    params: RunParams,
    response: RunDecisionsView,
    commands: [approvalsHistoryRun],
    problems: [...SERVICE_PROBLEMS],
  })
  decisions(@ValidParams() p: RunParams) {
    return this.commands.send('approvals.history.run', { workflowId: p.workflowId });
  }

  @Get('comments')
  @Endpoint({
    operationId: 'listRunComments',
    summary: 'The comments on a run',
    description: 'Oldest first, paged.',
    requires: 'runs:read',
    params: RunParams,
    query: CommentsQuery,
    response: CommentPage,
    commands: [approvalsCommentsList],
    problems: [...SERVICE_PROBLEMS],
  })
  comments(@ValidParams() p: RunParams, @ValidQuery() q: CommentsQuery) {
    return this.commands.send('approvals.comments.list', { workflowId: p.workflowId, ...q });
  }

  @Post('comments')
  @Endpoint({
    operationId: 'addRunComment',
    summary: 'Comment on a run',
    description: 'Optionally about one of its tasks.',
    requires: 'decisions:write',
    params: RunParams,
    body: AddCommentBody,
    response: CommentView,
    status: 201,
    commands: [approvalsCommentAdd],
    problems: [...SERVICE_PROBLEMS],
  })
  addComment(@ValidParams() p: RunParams, @ValidBody() body: AddCommentBody) {
    return this.commands.send('approvals.comment.add', { workflowId: p.workflowId, ...body });
  }
}

/** The office-wide decision search: `approvals.history.search`. */
@OfficeController('decisions', APPROVALS_TAG)
export class DecisionsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'searchDecisions',
    summary: 'Search the decisions of the office',
    description:
      'Newest first, by outcome, step, person, time, content type, definition or run; over the runs the ' +
      'caller can see (all of them for an office admin).',
    requires: 'runs:read',
    query: DecisionSearchQuery,
    response: DecisionPage,
    commands: [approvalsHistorySearch],
    problems: [...SERVICE_PROBLEMS],
  })
  search(@ValidQuery() query: DecisionSearchQuery) {
    return this.commands.send('approvals.history.search', query);
  }
}

/** The caller's in-app notifications: `approvals.notifications.*`. */
@OfficeController('notifications', APPROVALS_TAG)
export class NotificationsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'listNotifications',
    summary: "The caller's notifications",
    description: 'Newest first, with the number unread.',
    requires: 'runs:read',
    query: NotificationsQuery,
    response: NotificationPage,
    commands: [approvalsNotificationsList],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: NotificationsQuery) {
    return this.commands.send('approvals.notifications.list', query);
  }

  @Post('read')
  @Endpoint({
    operationId: 'markNotificationsRead',
    summary: 'Mark notifications read',
    description: 'Some by id, or all of them.',
    requires: 'runs:read',
    body: MarkReadBody,
    response: MarkedReadView,
    status: 200,
    commands: [approvalsNotificationsMarkRead],
    problems: [...SERVICE_PROBLEMS],
  })
  markRead(@ValidBody() body: MarkReadBody) {
    return this.commands.send('approvals.notifications.mark-read', body);
  }
}
