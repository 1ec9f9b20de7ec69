// Types of an SOP run: its input, its state, the decisions people send and the
// effects the engine asks the workflow shell to carry out. Plain data only: the
// whole state is carried across continue-as-new and returned by the query.
import type { CompiledSop, Duration, LocalizedText } from '@tatalaman/sop-language/runtime';
import type { OfficeCalendar } from '@tatalaman/working-time';

export interface Actor {
  kind: 'user' | 'api-key' | 'system';
  id: string;
  name?: string;
}

export interface RunItem {
  id: string;
  contentType: string;
  title: string;
  tags?: string[];
  /** Revision the run was started for; publish steps publish the latest approved one. */
  revision?: number;
}

export interface RunOffice {
  code: string;
  name?: string;
  calendar: OfficeCalendar;
  /** The office calendar's version (it grows with every change of hours, holidays or zone). */
  calendarVersion?: number;
  /** Last local day (`YYYY-MM-DD`) the calendar's holidays are known for; the run asks for a fresh copy before it. */
  calendarUntil?: string;
}

/** A newer office calendar for a running run (`calendar` Update, or the run's own refresh). */
export interface CalendarUpdate {
  calendar: OfficeCalendar;
  version?: number;
  until?: string;
}

/**
 * The role an office admin acts in when retrying a failed platform step: not a role
 * code of any definition (those are slugs), so it can never be bound to a person. The
 * gateway sends it only for office admins.
 */
export const OFFICE_ADMIN_ROLE = '@office-admin';

export interface RunInput {
  office: RunOffice;
  /** The definition snapshot the run is pinned to: later uploads never change a running run. */
  definition: CompiledSop;
  flowId: string;
  /** The content item an item flow is about; absent for recurring processes. */
  item?: RunItem;
  startedBy: Actor;
  /**
   * The starter's SOP roles at the start (a submitter's, as the gateway resolved them;
   * `onBehalfOf` when held as a delegate). When they hold the first step, it is completed
   * by them at the start: an author does not mark their own draft done after submitting it.
   */
  startedByRoles?: { role: string; onBehalfOf?: Actor }[];
  /** The period a recurring run covers (e.g. the previous month), set by the shell from the schedule time. */
  period?: { from: string; to: string; label: string };
  /** State carried over by continue-as-new. */
  carried?: RunState;
}

export type DecisionKind =
  | 'complete'
  | 'approve'
  | 'send-back'
  | 'postpone'
  | 'resume'
  | 'reject'
  | 'extend'
  | 'skip'
  /** Try a failed publish or automatic step again. */
  | 'retry';

export interface DecisionRequest {
  stepId: string;
  decision: DecisionKind;
  actor: Actor;
  /** The role (from the definition) the actor acts in. */
  role: string;
  /** When the actor decides as a delegate: the person who holds the role and is away. */
  onBehalfOf?: Actor;
  note?: string;
  reason?: string;
  /**
   * With `extend`: the deadline across steps to extend (its id in the definition) instead
   * of the step; the actor must hold the open step `stepId` the request is made from.
   */
  deadline?: string;
  /** Unique per intended decision: a retry with the same key is refused without effect. */
  idempotencyKey: string;
}

export interface CancelRequest {
  actor: Actor;
  reason: string;
  idempotencyKey: string;
}

/**
 * `skipped`: a run a "last day of the month" schedule started on another day (older
 * schedules fire on days 28–31); it ends at once without doing anything.
 */
export type RunStatus = 'running' | 'postponed' | 'completed' | 'rejected' | 'cancelled' | 'skipped';

/** An open (or postponed) step: one task for the people holding its roles. */
export interface OpenStep {
  stepId: string;
  /** 1 the first time, +1 each time the step opens again (send-back, resume). */
  attempt: number;
  openedAt: number;
  roles: string[];
  /** Why it opened: the step before it, a send-back, a resume. */
  cause: { kind: 'start' | 'next' | 'send-back' | 'resume' | 'branch'; from?: string; reason?: string };
  /** Time standard's target and limit as instants; absent when the step has none. */
  targetAt?: number;
  dueAt?: number;
  remindAt?: number;
  reminded: boolean;
  /** Breached at its current limit (an extension gives a new limit to breach). */
  breached: boolean;
  /** Breaches so far, extensions included (absent in state carried from older runs). */
  breaches?: number;
  extensions: number;
  postponedAt?: number;
  /** The step is running an activity (publish, automatic); people cannot decide it. */
  busy: boolean;
  /** The activity was refused for good (e.g. the item cannot be published); holders may retry. */
  failure?: { code: string; message: string; at: number };
  /** How many times holders retried the step's activity. */
  retries: number;
}

export interface HistoryEntry {
  seq: number;
  at: number;
  stepId: string;
  attempt: number;
  kind: DecisionKind | 'handoff' | 'published' | 'automatic' | 'cancelled' | 'skipped-by-route' | 'failed';
  actor?: Actor;
  onBehalfOf?: Actor;
  role?: string;
  note?: string;
  reason?: string;
  /** For send-back: the step the item went back to. */
  to?: string;
  /** For `extend` of a deadline across steps: its id (the entry's step is where it was asked from). */
  deadline?: string;
  /** Working milliseconds the step was open for this attempt (0 for handoffs). */
  workingMs?: number;
  /** For handoffs: the time the paper SOP allowed, in working minutes, now saved. */
  savedMinutes?: number;
  /** For publish/automatic steps: what the service returned (receipts, report id). */
  result?: unknown;
}

export interface TotalDeadlineState {
  id: string;
  startedAt?: number;
  dueAt?: number;
  remindAt?: number;
  reminded?: boolean;
  endedAt?: number;
  breached: boolean;
  /** Extensions so far (absent in state carried from older runs: none). */
  extensions?: number;
  /** Ended by its `until` step done before its limit (absent: not ended so, or an older run). */
  met?: boolean;
}

export interface RunState {
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  open: OpenStep[];
  /** Parallel steps waiting for their branches: parallel step id → branch indexes finished. */
  joins: Record<string, number[]>;
  history: HistoryEntry[];
  deadlines: TotalDeadlineState[];
  usedKeys: string[];
  /** Sequence of events emitted, for deterministic event ids. */
  eventSeq: number;
  /** Attempts per step so far (to number reopened steps). */
  attempts: Record<string, number>;
  outcome?: { kind: 'completed' | 'rejected' | 'cancelled'; reason?: string; by?: Actor };
  /** The calendar the run uses since a newer one arrived (absent: the one in its input). */
  calendar?: CalendarUpdate;
  /** When the run last asked for a fresh calendar (its horizon was near). */
  calendarCheckedAt?: number;
}

export type RunEventName =
  | 'run-started'
  | 'step-opened'
  | 'step-completed'
  | 'step-reminded'
  | 'step-breached'
  | 'step-escalated'
  | 'step-extended'
  | 'step-postponed'
  | 'step-resumed'
  | 'deadline-breached'
  | 'deadline-extended'
  | 'deadline-reminded'
  | 'step-rescheduled'
  | 'step-failed'
  | 'run-ended';

/** What the engine asks the shell to do; the shell performs effects in order. */
export type Effect =
  | { type: 'event'; name: RunEventName; data: Record<string, unknown> }
  | { type: 'publish'; stepId: string; attempt: number; retry: number; channels: string[] }
  | {
      type: 'automatic';
      stepId: string;
      attempt: number;
      retry: number;
      action: string | null;
      report: string | null;
      /** Roles the step's result goes to (for `notify`: the roles told). */
      recipients: string[];
    };

export interface Rejection {
  code:
    | 'run-ended'
    | 'step-not-open'
    | 'role-not-holder'
    | 'duplicate-key'
    | 'decision-not-allowed'
    | 'reason-required'
    | 'extensions-exhausted'
    | 'step-busy'
    | 'invalid-request'
    | 'calendar-not-newer'
    | 'invalid-calendar';
  message: LocalizedText;
}

/** What the query returns: everything a screen needs about one run. */
export interface RunView {
  office: string;
  definition: { key: string; version: number; title: string };
  flowId: string;
  item?: RunItem;
  period?: RunInput['period'];
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  outcome?: RunState['outcome'];
  open: {
    stepId: string;
    number: number;
    kind: string;
    description: string;
    roles: string[];
    attempt: number;
    openedAt: string;
    targetAt?: string;
    dueAt?: string;
    remindAt?: string;
    breached: boolean;
    extensions: number;
    postponed: boolean;
    busy: boolean;
    failure?: { code: string; message: string; at: string };
    allowed: DecisionKind[];
    timeStandard?: string;
  }[];
  history: (Omit<HistoryEntry, 'at'> & { at: string })[];
  deadlines: {
    id: string;
    startedAt?: string;
    dueAt?: string;
    endedAt?: string;
    breached: boolean;
    /** Ended by its `until` step within its (extended) limit. */
    met: boolean;
    extensions: number;
    /** How many extensions it may have; 0 when it cannot be extended. */
    maxExtensions: number;
  }[];
  /** The office calendar the run counts working time with now. */
  calendar: { version?: number; until?: string };
}

export type { CompiledSop, Duration, OfficeCalendar };
