import type { Actor } from '../envelope';
import type { CommandErrorReply } from './index';
import type { Page } from './common';
import type { RunDecisionKind, RunSummary } from './worker';

/**
 * Commands and queries the approvals service serves (the inbox). Owned by the
 * approvals service. Each maps 1:1 to an HTTP operation of the gateway, which
 * fills the caller fields from the session: `office`, `actor`, the actor's
 * effective `roles` in the office and `officeAdmin`. Mutations carry the HTTP
 * `Idempotency-Key` as `idempotencyKey`: a retry with the same key returns the
 * first answer and changes nothing twice (keys are per office and actor).
 *
 * Errors (bilingual, see `CommandErrorReply`): 400 `invalid-request`;
 * 404 `task-not-found` / `run-not-found` / `notification-not-found` (also for
 * another office's ids, and for runs the caller cannot see); 403
 * `role-not-holder` (the caller holds none of the task's roles); 409
 * `task-closed`, `task-deciding`, `task-claimed` (claimed by someone else),
 * `not-claimed`; 403 `not-claimer` (releasing someone else's claim); 422 `idempotency-key-reused`, `reason-required`,
 * `not-a-review`. Decisions forwarded to the runtime come back with the
 * runtime's own refusals unchanged (`worker.run.decide`: 404 `run-not-found`,
 * 409 `step-not-open`/`duplicate-key`/`run-ended`/`decision-not-allowed`/
 * `step-busy`/`extensions-exhausted`, 403 `role-not-holder`, 422
 * `reason-required`/`invalid-request`, 503/504 when it does not answer).
 */

/** A role the actor holds in the office now; `onBehalfOf` is set when held as a delegate of someone away. */
export interface ActorRole {
  role: string;
  onBehalfOf?: Actor;
}

/** Who is asking. Every approvals request carries it. */
export interface ApprovalsCaller {
  office: string;
  actor: Actor;
  /** The actor's effective SOP roles in the office (own bindings and active delegations). */
  roles: ActorRole[];
  /**
   * The actor administers the office: may release anyone's claim and decide a
   * task someone else claimed (still only with one of the step's roles).
   */
  officeAdmin?: boolean;
}

export interface ApprovalsMutation {
  idempotencyKey: string;
}

/**
 * `open`: waiting for a decision; `deciding`: the run accepted a decision and
 * the task closes when the run reports the step done; `postponed`: the run
 * waits (ditunda) until someone resumes it; `closed`: done.
 */
export type TaskStatus = 'open' | 'deciding' | 'postponed' | 'closed';

/** Decisions the history records and searches by. */
export type DecisionOutcome = RunDecisionKind;

/**
 * One task: an open (or past) attempt of a human step of a run (work or
 * review), or of a publish/automatic step whose work failed and waits for its
 * holders to `retry`.
 */
export interface TaskView {
  taskId: string;
  office: string;
  workflowId: string;
  stepId: string;
  attempt: number;
  step: { number?: number; kind: 'work' | 'review' | 'publish' | 'automatic'; description?: string };
  /** Roles of the step: everyone holding one of them (or their delegate) sees the task. */
  roles: string[];
  /** Which of the caller's roles give access to this task (with `onBehalfOf` when delegated). */
  myRoles: ActorRole[];
  definition: { key: string; version: number; title?: string };
  item?: { id: string; title?: string; contentType?: string };
  status: TaskStatus;
  /** Why the step opened: the step before it, a send-back (with its reason), a resume. */
  cause: { kind: string; from?: string; reason?: string };
  openedAt?: string;
  targetAt?: string;
  dueAt?: string;
  timeStandard?: string;
  breached: boolean;
  remindedAt?: string;
  escalatedAt?: string;
  extensions: number;
  /** Why the platform's work on the step failed (publish/automatic steps), the latest failure. */
  failure?: { code: string; message: string; at: string };
  claim?: { userId: string; name?: string; at: string };
  deciding?: { decision: RunDecisionKind; by: Actor; at: string };
  postponed?: { at: string; by?: Actor; reason?: string };
  closed?: { at: string; outcome: string; by?: Actor; reason?: string };
}

/** One accepted decision in a run's history. */
export interface DecisionView {
  decisionId: string;
  workflowId: string;
  taskId?: string;
  stepId: string;
  stepNumber?: number;
  attempt: number;
  outcome: DecisionOutcome;
  by?: Actor;
  onBehalfOf?: Actor;
  role?: string;
  reason?: string;
  note?: string;
  decidedAt: string;
  definitionKey: string;
  item?: { id: string; title?: string; contentType?: string };
}

export interface CommentView {
  commentId: string;
  workflowId: string;
  taskId?: string;
  stepId?: string;
  author: Actor;
  body: string;
  createdAt: string;
}

export type NotificationKind =
  | 'assigned'
  | 'reminder'
  | 'breached'
  | 'escalated'
  | 'deadline-breached'
  /** A deadline across steps is near: the holders of the open steps are reminded. */
  | 'deadline-reminder'
  /** A publish or automatic step failed and waits for its holders to retry. */
  | 'failed'
  /** An SOP's automatic `notify` step told its recipients (the step's description is the message). */
  | 'notice';

export interface NotificationView {
  notificationId: string;
  kind: NotificationKind;
  /** Bahasa Indonesia first, English available. */
  subject: { id: string; en: string };
  body: { id: string; en: string };
  /** Where the console shows the task (or run). */
  link?: string;
  taskId?: string;
  workflowId?: string;
  createdAt: string;
  readAt?: string;
}

export type BulkDecisionResult =
  | { taskId: string; outcome: 'accepted'; decisionId: string; runStatus: RunSummary['status'] }
  | { taskId: string; outcome: 'refused'; error: CommandErrorReply['error'] };

export interface ApprovalsCommands {
  /**
   * The caller's inbox: tasks (not closed) whose roles intersect the caller's
   * roles, soonest due first (tasks without a time standard last), paged.
   */
  'approvals.inbox.list': {
    request: ApprovalsCaller &
      Page & {
        /** Default: open, deciding and postponed. */
        status?: Exclude<TaskStatus, 'closed'>[];
        /** Only tasks the caller claimed. */
        claimedByMe?: boolean;
        /** true: only claimed tasks; false: only unclaimed ones. */
        claimed?: boolean;
        breached?: boolean;
        contentType?: string;
        definitionKey?: string;
      };
    response: { tasks: TaskView[]; nextCursor?: string };
  };
  /** Numbers for the inbox badge. */
  'approvals.inbox.counts': {
    request: ApprovalsCaller;
    response: {
      /** Visible tasks not closed. */
      total: number;
      /** Waiting for a decision (the badge). */
      open: number;
      deciding: number;
      postponed: number;
      claimedByMe: number;
      unclaimed: number;
      breached: number;
      unreadNotifications: number;
    };
  };
  /** One task, also a closed one, if the caller holds one of its roles (or is an office admin). */
  'approvals.task.get': {
    request: ApprovalsCaller & { taskId: string };
    response: TaskView;
  };
  /** Marks the caller as working on the task. Claiming one's own claim again is a no-op. */
  'approvals.task.claim': {
    request: ApprovalsCaller & ApprovalsMutation & { taskId: string };
    response: TaskView;
  };
  /** Gives a claimed task back to the role inbox: its claimer, or an office admin. */
  'approvals.task.release': {
    request: ApprovalsCaller & ApprovalsMutation & { taskId: string; reason?: string };
    response: TaskView;
  };
  /**
   * Forwards a decision to the run (`worker.run.decide`) in one of the caller's
   * roles of the step (`role` picks one when they hold several; a role held by
   * delegation is sent with `onBehalfOf`). Answers with the run as it is after
   * the decision. The task becomes `deciding` until the run reports the step done.
   */
  'approvals.task.decide': {
    request: ApprovalsCaller &
      ApprovalsMutation & {
        taskId: string;
        decision: RunDecisionKind;
        role?: string;
        note?: string;
        reason?: string;
      };
    response: { task: TaskView; decision: DecisionView; run: RunSummary };
  };
  /**
   * One review decision for many tasks (approve, or send back with one reason),
   * each forwarded on its own; partial success is normal. Each task's decision
   * is idempotent under `<idempotencyKey>:<taskId>`.
   */
  'approvals.tasks.bulk-decide': {
    request: ApprovalsCaller &
      ApprovalsMutation & {
        taskIds: string[];
        decision: 'approve' | 'send-back';
        reason?: string;
        note?: string;
      };
    response: { results: BulkDecisionResult[]; accepted: number; refused: number };
  };
  /** A comment on a run, optionally about one of its tasks. Give `taskId` or `workflowId`. */
  'approvals.comment.add': {
    request: ApprovalsCaller & ApprovalsMutation & { taskId?: string; workflowId?: string; body: string };
    response: CommentView;
  };
  /** Comments of a run (of the task's run when `taskId` is given), oldest first. */
  'approvals.comments.list': {
    request: ApprovalsCaller & Page & { workflowId?: string; taskId?: string };
    response: { comments: CommentView[]; nextCursor?: string };
  };
  /** The full decision history of one run, in order. */
  'approvals.history.run': {
    request: ApprovalsCaller & { workflowId: string };
    response: {
      workflowId: string;
      definition: { key: string; version: number; title?: string };
      item?: { id: string; title?: string; contentType?: string };
      status: 'running' | 'completed' | 'rejected' | 'cancelled';
      decisions: DecisionView[];
    };
  };
  /**
   * Office-wide decision search, newest first, over the runs the caller can see
   * (all runs for an office admin). `person` matches who decided or on whose behalf.
   */
  'approvals.history.search': {
    request: ApprovalsCaller &
      Page & {
        outcome?: DecisionOutcome[];
        stepId?: string;
        person?: string;
        /** ISO instants, inclusive from, exclusive to. */
        from?: string;
        to?: string;
        contentType?: string;
        definitionKey?: string;
        workflowId?: string;
      };
    response: { decisions: DecisionView[]; nextCursor?: string };
  };
  /** The caller's in-app notifications, newest first. */
  'approvals.notifications.list': {
    request: ApprovalsCaller & Page & { unreadOnly?: boolean };
    response: { notifications: NotificationView[]; unread: number; nextCursor?: string };
  };
  /** Marks some (or `all`) of the caller's notifications read. */
  'approvals.notifications.mark-read': {
    request: ApprovalsCaller & ApprovalsMutation & { notificationIds?: string[]; all?: boolean };
    response: { marked: number; unread: number };
  };
  /**
   * The runtime's automatic `notify` step (not a person's request): tells the people who
   * hold `roles` in the office, through every notification channel, what the step says.
   * Queued durably and sent in the background; once per `idempotencyKey` (a retry answers
   * `queued: false`). 400 `invalid-request`.
   */
  'approvals.notifications.send': {
    request: {
      office: string;
      idempotencyKey: string;
      workflowId: string;
      stepId: string;
      roles: string[];
      step: { number: number; description: string };
      /** What the run is about (item or definition title), until approvals knows the run itself. */
      about?: string;
    };
    response: { notificationJobId: string; queued: boolean };
  };
}
