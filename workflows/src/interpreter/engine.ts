// The SOP interpreter as a pure state machine: the workflow shell feeds it the
// current time, decisions, activity results and newer office calendars; it changes
// the run state and queues effects (events, publish and automatic steps) for the
// shell to perform. No I/O, no clock of its own, no randomness: unit and property
// tests drive it directly and Temporal replays it deterministically.
import { chooseBranch, type CompiledFlow, type CompiledStep } from '@tatalaman/sop-language/runtime';
import {
  durationToMinutes,
  validateCalendar as calendarProblems,
  workingMillisBetween,
  type OfficeCalendar,
} from '@tatalaman/working-time';
import { deadlineSubject, rejection } from './rejections';
import { deadlineInstants, extendedDeadlineDue, extendedDue, stepInstants, stepRemindAt } from './timing';
import {
  OFFICE_ADMIN_ROLE,
  type CalendarUpdate,
  type CancelRequest,
  type DecisionKind,
  type DecisionRequest,
  type Effect,
  type HistoryEntry,
  type OpenStep,
  type Rejection,
  type RunEventName,
  type RunInput,
  type RunState,
  type RunView,
  type TotalDeadlineState,
} from './types';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The compiled form this interpreter runs. */
export const SUPPORTED_FORMAT = 'tatalaman.sop/1';

/** A definition in a compiled form this interpreter does not know: refused before anything runs. */
export class UnsupportedDefinitionError extends Error {
  readonly code = 'unsupported-format';
  constructor(format: unknown) {
    super(
      `The definition's compiled format is ${JSON.stringify(format)}; this runtime runs ${SUPPORTED_FORMAT}`,
    );
  }
}

export interface EngineOptions {
  /**
   * The rules of runs recorded before December 2026 (see `RULES_PATCH` in the workflow):
   * any close of a deadline's `until` step ended it, hand-offs never did, busy platform
   * steps had no timers, an extension after a breach was never breached again, and
   * deadlines had no reminders. Replaying those histories needs the same timers and events.
   */
  legacy?: boolean;
}

export class Engine {
  readonly flow: CompiledFlow;
  readonly legacy: boolean;
  state: RunState;
  effects: Effect[] = [];
  /** Depth of `openStep` recursion (hand-offs and joins complete within one call). */
  private depth = 0;
  private readonly maxDepth: number;

  constructor(
    readonly input: RunInput,
    options: EngineOptions = {},
  ) {
    if (input.definition?.format !== SUPPORTED_FORMAT)
      throw new UnsupportedDefinitionError(input.definition?.format);
    const flow = input.definition.flows[input.flowId];
    if (!flow) throw new Error(`definition ${input.definition.key} has no flow "${input.flowId}"`);
    this.flow = flow;
    this.legacy = options.legacy ?? false;
    // Valid definitions never nest deeper than their step count (a loop of hand-offs is refused).
    this.maxDepth = 4 * Object.keys(flow.steps).length + 10;
    this.state = input.carried ?? {
      status: 'running',
      startedAt: 0,
      open: [],
      joins: {},
      history: [],
      deadlines: input.definition.deadlines
        .filter((d) => d.flow === input.flowId)
        .map((d) => ({ id: d.id, breached: false })),
      usedKeys: [],
      eventSeq: 0,
      attempts: {},
    };
  }

  get ended(): boolean {
    return ['completed', 'rejected', 'cancelled'].includes(this.state.status);
  }

  /** The office calendar working time is counted in: the newest the run received, else its input's. */
  get calendar(): OfficeCalendar {
    return this.state.calendar?.calendar ?? this.input.office.calendar;
  }

  get calendarVersion(): number | undefined {
    return this.state.calendar ? this.state.calendar.version : this.input.office.calendarVersion;
  }

  get calendarUntil(): string | undefined {
    return this.state.calendar ? this.state.calendar.until : this.input.office.calendarUntil;
  }

  /** Opens the flow's first step. Not called for a run continued from carried state. */
  start(now: number): void {
    this.state.startedAt = now;
    this.emit('run-started', {
      flowId: this.flow.id,
      trigger: this.flow.trigger,
      item: this.input.item,
      definitionTitle: this.input.definition.title,
      startedBy: this.input.startedBy,
      period: this.input.period,
    });
    this.openStep(this.flow.start, { kind: 'start' }, now);
    this.completeStartersStep(now);
  }

  /**
   * The first open step, when the run's starter holds it and it is a piece of work (not a
   * review: nobody approves their own item), is completed by them at the start, in the
   * same instant: no task for it ever waits. Their own role wins over a delegated one.
   */
  private completeStartersStep(now: number): void {
    const held = this.input.startedByRoles ?? [];
    const open = this.state.open[0];
    if (!held.length || !open || !this.allowed(open).includes('complete')) return;
    const mine = held.filter((r) => open.roles.includes(r.role));
    const chosen = mine.find((r) => !r.onBehalfOf) ?? mine[0];
    if (!chosen) return;
    // Its step-opened, queued in this same batch, says so: inboxes then never show the step as
    // open nor tell its holders about it, not even in the moment between the two events.
    for (const effect of this.effects) {
      const d = effect.type === 'event' && effect.name === 'step-opened' ? effect.data : undefined;
      if (d?.stepId === open.stepId && d.attempt === open.attempt) d.completedAtOpen = true;
    }
    this.decide(
      {
        stepId: open.stepId,
        decision: 'complete',
        actor: this.input.startedBy,
        role: chosen.role,
        onBehalfOf: chosen.onBehalfOf,
        idempotencyKey: `run-start:${open.stepId}`,
      },
      now,
    );
  }

  /**
   * A run continued from carried state asks again for the work of its busy publish and
   * automatic steps: an activity started just before continue-as-new has no result in the
   * new run. Same idempotency keys, so the receiving service does the work once.
   */
  resumeWork(): void {
    for (const open of this.state.open) {
      const step = this.step(open.stepId);
      if (open.busy && !open.failure && (step.kind === 'publish' || step.kind === 'automatic')) {
        this.startWork(step, open);
      }
    }
  }

  // ---- decisions -------------------------------------------------------------

  /** Why a decision cannot be taken now, or null when it can. Reads state only. */
  validate(req: DecisionRequest): Rejection | null {
    if (!req || typeof req.stepId !== 'string' || typeof req.idempotencyKey !== 'string' || !req.actor) {
      return rejection('invalid-request');
    }
    if (this.ended) return rejection('run-ended');
    if (this.state.usedKeys.includes(req.idempotencyKey)) return rejection('duplicate-key');
    const open = this.state.open.find((o) => o.stepId === req.stepId);
    if (!open) return rejection('step-not-open', req.stepId);
    // Office admins may retry any failed platform step (an automatic step may have no holders).
    const admin = req.role === OFFICE_ADMIN_ROLE && req.decision === 'retry';
    if (!open.roles.includes(req.role) && !admin) return rejection('role-not-holder', req.role, req.stepId);
    if (open.busy) return rejection('step-busy', req.stepId);
    if (req.deadline !== undefined) return this.validateDeadlineExtension(req);
    const step = this.step(req.stepId);
    if (
      req.decision === 'extend' &&
      step.extension &&
      open.dueAt !== undefined &&
      !open.failure &&
      open.postponedAt === undefined &&
      open.extensions >= step.extension.max
    ) {
      return rejection('extensions-exhausted', req.stepId);
    }
    if (!this.allowed(open).includes(req.decision))
      return rejection('decision-not-allowed', req.decision, req.stepId);
    const reason = req.reason?.trim();
    const needsReason =
      (req.decision === 'send-back' && step.outcomes?.sendBack?.reasonRequired) ||
      (req.decision === 'extend' && step.extension?.reasonRequired) ||
      req.decision === 'reject' ||
      req.decision === 'skip';
    if (needsReason && !reason) return rejection('reason-required', req.decision);
    return null;
  }

  /**
   * An extension of a deadline across steps, asked by a holder of one of the run's open steps
   * (checked by `validate`): refused like a step's extension, with the deadline as its subject.
   */
  private validateDeadlineExtension(req: DecisionRequest): Rejection | null {
    const subject = deadlineSubject(String(req.deadline));
    const d = this.state.deadlines.find((x) => x.id === req.deadline);
    const ext = d && this.deadlineDef(d).extension;
    // Only a running deadline moves: not one that has not started yet or has ended.
    if (req.decision !== 'extend' || !d || !ext || d.startedAt === undefined || d.endedAt !== undefined)
      return rejection('decision-not-allowed', req.decision, subject);
    if ((d.extensions ?? 0) >= ext.max) return rejection('extensions-exhausted', subject);
    if (ext.reasonRequired && !req.reason?.trim()) return rejection('reason-required', req.decision);
    return null;
  }

  /** Applies a decision that `validate` accepted. */
  decide(req: DecisionRequest, now: number): void {
    this.state.usedKeys.push(req.idempotencyKey);
    const open = this.state.open.find((o) => o.stepId === req.stepId)!;
    const step = this.step(req.stepId);
    const base = {
      stepId: step.id,
      attempt: open.attempt,
      actor: req.actor,
      onBehalfOf: req.onBehalfOf,
      role: req.role,
      note: req.note,
      reason: req.reason?.trim() || undefined,
    };
    if (req.deadline !== undefined) {
      this.extendDeadline(req.deadline, base, now);
      return;
    }
    switch (req.decision) {
      case 'complete':
      case 'approve':
      case 'skip':
        this.close(open, { ...base, kind: req.decision }, now);
        this.finishDeadlines(step.id, now);
        this.advance(step, now);
        return;
      case 'send-back': {
        const to = step.outcomes!.sendBack!.to;
        this.close(open, { ...base, kind: 'send-back', to }, now);
        this.openStep(to, { kind: 'send-back', from: step.id, reason: base.reason }, now);
        return;
      }
      case 'reject':
        this.close(open, { ...base, kind: 'reject' }, now);
        this.end('rejected', now, base.reason, req.actor);
        return;
      case 'postpone': {
        open.postponedAt = now;
        const workingMs = this.workingSince(open.openedAt, now);
        this.record({ ...base, kind: 'postpone', workingMs }, now);
        this.emit('step-postponed', {
          ...this.stepRef(open),
          by: req.actor,
          role: req.role,
          reason: base.reason,
          workingMs,
        });
        this.refreshStatus();
        return;
      }
      case 'resume':
        this.state.open = this.state.open.filter((o) => o !== open);
        this.record({ ...base, kind: 'resume' }, now);
        this.emit('step-resumed', {
          ...this.stepRef(open),
          by: req.actor,
          role: req.role,
          postponedAt: iso(open.postponedAt),
        });
        this.openStep(step.id, { kind: 'resume', reason: base.reason }, now);
        return;
      case 'retry': {
        open.failure = undefined;
        open.busy = true;
        open.retries += 1;
        this.record({ ...base, kind: 'retry' }, now);
        this.startWork(step, open);
        return;
      }
      case 'extend': {
        open.extensions += 1;
        const previous = open.dueAt;
        open.dueAt = extendedDue(step, open.dueAt ?? now, this.calendar);
        // A new limit is a new chance to breach: a step extended after its breach breaches again.
        if (!this.legacy && open.dueAt > now) open.breached = false;
        open.remindAt = stepRemindAt(step, open.dueAt, now, this.calendar);
        open.reminded = open.remindAt === undefined;
        this.record({ ...base, kind: 'extend' }, now);
        this.emit('step-extended', {
          ...this.stepRef(open),
          by: req.actor,
          reason: base.reason,
          extensions: open.extensions,
          previousDueAt: iso(previous),
          dueAt: iso(open.dueAt),
        });
        return;
      }
    }
  }

  /** Moves a running deadline's limit by its extension, in working time, and records who and why. */
  private extendDeadline(id: string, base: Omit<HistoryEntry, 'seq' | 'at' | 'kind'>, now: number): void {
    const index = this.state.deadlines.findIndex((x) => x.id === id);
    const old = this.state.deadlines[index]!;
    const def = this.deadlineDef(old);
    const extensions = (old.extensions ?? 0) + 1;
    const previous = old.dueAt;
    const dueAt = extendedDeadlineDue(def, old.dueAt ?? now, this.calendar);
    const { remindAt } = deadlineInstants(def, old.startedAt!, now, this.calendar, extensions);
    // A breach already reported stays (reports count it); the new limit gets its own reminder.
    // A new object in one key order: state carried across continue-as-new lost its undefined
    // keys, and a replay without the hop must serialize the same.
    const d: TotalDeadlineState = {
      id,
      breached: old.breached,
      startedAt: old.startedAt,
      dueAt,
      remindAt,
      reminded: remindAt === undefined,
      extensions,
    };
    this.state.deadlines[index] = d;
    this.record({ ...base, kind: 'extend', deadline: id }, now);
    this.emit('deadline-extended', {
      deadlineId: id,
      from: def.from,
      until: def.until,
      stepId: base.stepId,
      attempt: base.attempt,
      by: base.actor,
      onBehalfOf: base.onBehalfOf,
      role: base.role,
      reason: base.reason,
      extensions: d.extensions,
      previousDueAt: iso(previous),
      dueAt: iso(d.dueAt),
    });
  }

  validateCancel(req: CancelRequest): Rejection | null {
    if (!req || typeof req.idempotencyKey !== 'string' || !req.actor) return rejection('invalid-request');
    if (this.ended) return rejection('run-ended');
    if (this.state.usedKeys.includes(req.idempotencyKey)) return rejection('duplicate-key');
    if (!req.reason?.trim()) return rejection('reason-required', 'cancel');
    return null;
  }

  cancel(req: CancelRequest, now: number): void {
    this.state.usedKeys.push(req.idempotencyKey);
    this.closeAll('cancelled', req.reason, req.actor, now);
    this.end('cancelled', now, req.reason, req.actor);
  }

  // ---- activities (publish and automatic steps) -------------------------------

  /** A publish or automatic step finished its work. Ignored if the run moved on meanwhile (e.g. cancelled). */
  activityDone(stepId: string, attempt: number, result: unknown, now: number): void {
    const open = this.state.open.find((o) => o.stepId === stepId && o.attempt === attempt);
    if (!open || !open.busy) return;
    const step = this.step(stepId);
    this.close(
      open,
      { stepId, attempt, kind: step.kind === 'publish' ? 'published' : 'automatic', result },
      now,
    );
    this.finishDeadlines(stepId, now);
    this.advance(step, now);
  }

  /**
   * A publish or automatic step's work was refused for good. The run does not fail:
   * the step waits for its holders (or an office admin) to retry after fixing the cause.
   */
  activityFailed(
    stepId: string,
    attempt: number,
    failure: { code: string; message: string },
    now: number,
  ): void {
    const open = this.state.open.find((o) => o.stepId === stepId && o.attempt === attempt);
    if (!open || !open.busy) return;
    open.busy = false;
    open.failure = { ...failure, at: now };
    this.record(
      { stepId, attempt, kind: 'failed', reason: failure.message, result: { code: failure.code } },
      now,
    );
    this.emit('step-failed', {
      ...this.stepRef(open),
      roles: open.roles,
      code: failure.code,
      message: failure.message,
    });
  }

  // ---- time --------------------------------------------------------------------

  /** Fires reminders and breaches that are due at `now`. A breach never ends the run. */
  tick(now: number): void {
    for (const open of this.state.open) {
      if (!this.timed(open)) continue;
      const step = this.step(open.stepId);
      if (open.remindAt !== undefined && !open.reminded && now >= open.remindAt) {
        open.reminded = true;
        this.emit('step-reminded', { ...this.stepRef(open), roles: open.roles, dueAt: iso(open.dueAt) });
      }
      if (open.dueAt !== undefined && !open.breached && now >= open.dueAt) {
        open.breached = true;
        open.breaches = (open.breaches ?? 0) + 1;
        this.emit('step-breached', {
          ...this.stepRef(open),
          roles: open.roles,
          dueAt: iso(open.dueAt),
          timeStandard: step.time?.text,
        });
        const notify = step.escalation?.notify ?? [];
        if (notify.length)
          this.emit('step-escalated', { ...this.stepRef(open), notify, dueAt: iso(open.dueAt) });
      }
    }
    for (const d of this.state.deadlines) {
      if (d.dueAt === undefined || d.endedAt !== undefined) continue;
      const def = this.deadlineDef(d);
      if (!this.legacy && d.remindAt !== undefined && !d.reminded && now >= d.remindAt) {
        d.reminded = true;
        this.emit('deadline-reminded', {
          deadlineId: d.id,
          from: def.from,
          until: def.until,
          dueAt: iso(d.dueAt),
          timeStandard: def.time.text,
          // Those who can move the run on now.
          roles: [
            ...new Set(this.state.open.filter((o) => o.postponedAt === undefined).flatMap((o) => o.roles)),
          ],
        });
      }
      if (!d.breached && now >= d.dueAt!) {
        d.breached = true;
        this.emit('deadline-breached', {
          deadlineId: d.id,
          from: def.from,
          until: def.until,
          dueAt: iso(d.dueAt),
          timeStandard: def.time.text,
          notify: def.escalation?.notify ?? [],
        });
      }
    }
  }

  /** The next instant `tick` has something to do, if any. */
  nextWakeAt(): number | undefined {
    const times: number[] = [];
    for (const o of this.state.open) {
      if (!this.timed(o)) continue;
      if (o.remindAt !== undefined && !o.reminded) times.push(o.remindAt);
      if (o.dueAt !== undefined && !o.breached) times.push(o.dueAt);
    }
    for (const d of this.state.deadlines) {
      if (d.dueAt === undefined || d.endedAt !== undefined) continue;
      if (!this.legacy && d.remindAt !== undefined && !d.reminded) times.push(d.remindAt);
      if (!d.breached) times.push(d.dueAt);
    }
    return times.length ? Math.min(...times) : undefined;
  }

  /** Whether an open step's clock runs: not while postponed (and, in legacy runs, not while busy). */
  private timed(open: OpenStep): boolean {
    return open.postponedAt === undefined && !(this.legacy && open.busy);
  }

  // ---- calendar ------------------------------------------------------------------

  /** Why a newer calendar cannot be taken, or null. A copy the run already has is refused (nothing to do). */
  validateCalendar(update: CalendarUpdate): Rejection | null {
    if (!update || typeof update.calendar !== 'object' || calendarProblems(update.calendar).length > 0) {
      return rejection('invalid-calendar');
    }
    if (this.ended) return rejection('run-ended');
    const version = this.calendarVersion;
    if (update.version !== undefined && version !== undefined) {
      if (update.version < version) return rejection('calendar-not-newer');
      // The same version again: taken only when its holidays reach further (a refresh).
      if (update.version === version && (update.until ?? '') <= (this.calendarUntil ?? '')) {
        return rejection('calendar-not-newer');
      }
    }
    return null;
  }

  /**
   * Takes a newer office calendar (a holiday or cuti bersama decreed, hours changed): the
   * instants that have not fired yet are computed again from when each step or deadline
   * started, as if the calendar had always been this one; what already fired (a reminder
   * sent, a breach) stays. Holders see the new limits (`step-rescheduled`).
   */
  applyCalendar(update: CalendarUpdate, now: number): void {
    this.state.calendar = { calendar: update.calendar, version: update.version, until: update.until };
    const calendar = this.calendar;
    for (const open of this.state.open) {
      const step = this.step(open.stepId);
      if (open.postponedAt !== undefined || open.breached || !step.time || step.kind === 'parallel') continue;
      const before = { dueAt: open.dueAt, targetAt: open.targetAt };
      const instants = stepInstants(step, open.openedAt, open.extensions, calendar);
      open.targetAt = instants.targetAt;
      open.dueAt = instants.dueAt;
      if (!open.reminded) {
        open.remindAt = stepRemindAt(step, open.dueAt, now, calendar);
        open.reminded = open.remindAt === undefined;
      }
      if (before.dueAt !== open.dueAt || before.targetAt !== open.targetAt) {
        this.emit('step-rescheduled', {
          ...this.stepRef(open),
          roles: open.roles,
          targetAt: iso(open.targetAt),
          dueAt: iso(open.dueAt),
          previousDueAt: iso(before.dueAt),
        });
      }
    }
    for (const d of this.state.deadlines) {
      if (d.startedAt === undefined || d.endedAt !== undefined || d.breached) continue;
      const instants = deadlineInstants(this.deadlineDef(d), d.startedAt, now, calendar, d.extensions);
      d.dueAt = instants.dueAt;
      if (!d.reminded) {
        d.remindAt = instants.remindAt;
        d.reminded = d.remindAt === undefined;
      }
    }
  }

  /** Records that the run asked for a fresh calendar (whatever came back), so it asks again only later. */
  calendarChecked(now: number): void {
    this.state.calendarCheckedAt = now;
  }

  // ---- view --------------------------------------------------------------------

  view(): RunView {
    const def = this.input.definition;
    return {
      office: this.input.office.code,
      definition: { key: def.key, version: def.version, title: def.title },
      flowId: this.flow.id,
      item: this.input.item,
      period: this.input.period,
      status: this.state.status,
      startedAt: iso(this.state.startedAt)!,
      endedAt: iso(this.state.endedAt),
      outcome: this.state.outcome,
      open: this.state.open.map((o) => {
        const step = this.step(o.stepId);
        return {
          stepId: o.stepId,
          number: step.number,
          kind: step.kind,
          description: step.description,
          roles: o.roles,
          attempt: o.attempt,
          openedAt: iso(o.openedAt)!,
          targetAt: iso(o.targetAt),
          dueAt: iso(o.dueAt),
          remindAt: iso(o.remindAt),
          breached: o.breached,
          extensions: o.extensions,
          postponed: o.postponedAt !== undefined,
          busy: o.busy,
          failure: o.failure && { ...o.failure, at: iso(o.failure.at)! },
          allowed: this.allowed(o),
          timeStandard: step.time?.text,
        };
      }),
      history: this.state.history.map((h) => ({ ...h, at: iso(h.at)! })),
      deadlines: this.state.deadlines.map((d) => ({
        id: d.id,
        startedAt: iso(d.startedAt),
        dueAt: iso(d.dueAt),
        endedAt: iso(d.endedAt),
        breached: d.breached,
        met: d.met ?? false,
        extensions: d.extensions ?? 0,
        maxExtensions: this.deadlineDef(d).extension?.max ?? 0,
      })),
      calendar: { version: this.calendarVersion, until: this.calendarUntil },
    };
  }

  /** Decisions the holders of an open step may take now. */
  allowed(open: OpenStep): DecisionKind[] {
    if (open.busy) return [];
    if (open.failure) return ['retry'];
    if (open.postponedAt !== undefined) return ['resume'];
    const step = this.step(open.stepId);
    const out: DecisionKind[] = [];
    if (step.kind === 'review') {
      out.push('approve');
      if (step.outcomes?.sendBack) out.push('send-back');
      if (step.outcomes?.postpone) out.push('postpone');
      if (step.outcomes?.reject) out.push('reject');
    } else {
      out.push('complete');
    }
    if (step.extension && open.dueAt !== undefined && open.extensions < step.extension.max)
      out.push('extend');
    if (step.optional) out.push('skip');
    return out;
  }

  // ---- internals -----------------------------------------------------------------

  private step(id: string): CompiledStep {
    const step = this.flow.steps[id];
    if (!step) throw new Error(`flow ${this.flow.id} has no step "${id}"`);
    return step;
  }

  private deadlineDef(d: TotalDeadlineState) {
    return this.input.definition.deadlines.find((x) => x.id === d.id)!;
  }

  private stepRef(open: OpenStep) {
    const step = this.step(open.stepId);
    return { stepId: open.stepId, number: step.number, kind: step.kind, attempt: open.attempt };
  }

  private emit(name: RunEventName, data: Record<string, unknown>): void {
    this.state.eventSeq += 1;
    const version = this.calendarVersion;
    this.effects.push({
      type: 'event',
      name,
      data: {
        ...data,
        seq: this.state.eventSeq,
        ...(version !== undefined ? { calendarVersion: version } : {}),
      },
    });
  }

  private record(entry: Omit<HistoryEntry, 'seq' | 'at'>, now: number): void {
    this.state.history.push({ ...entry, seq: this.state.history.length + 1, at: now });
  }

  private workingSince(from: number, now: number): number {
    return workingMillisBetween(from, now, this.calendar);
  }

  /** Who holds a step: its actors; an automatic step without actors is looked after by its recipients. */
  private holders(step: CompiledStep): string[] {
    if (step.kind === 'automatic' && step.actors.length === 0) return step.recipients;
    return step.actors;
  }

  private openStep(stepId: string, cause: OpenStep['cause'], now: number): void {
    if (++this.depth > this.maxDepth) {
      this.depth = 0;
      throw new Error(
        `flow ${this.flow.id}: steps open each other without end at "${stepId}" (a loop of hand-offs)`,
      );
    }
    try {
      this.openStepNow(stepId, cause, now);
    } finally {
      this.depth -= 1;
    }
  }

  private openStepNow(stepId: string, cause: OpenStep['cause'], now: number): void {
    const step = this.step(stepId);
    const attempt = (this.state.attempts[stepId] ?? 0) + 1;
    this.state.attempts[stepId] = attempt;
    for (const d of this.state.deadlines) {
      const def = this.deadlineDef(d);
      if (def.from === stepId && d.startedAt === undefined) {
        d.startedAt = now;
        const instants = deadlineInstants(def, now, now, this.calendar);
        d.dueAt = instants.dueAt;
        if (!this.legacy) {
          d.remindAt = instants.remindAt;
          d.reminded = instants.remindAt === undefined;
        }
      }
    }

    if (step.kind === 'handoff') {
      // The platform hands over at once; the paper SOP's time for this hop is what it saves.
      const savedMinutes = step.time ? durationToMinutes(step.time.target, this.calendar) : 0;
      this.emit('step-opened', {
        stepId,
        number: step.number,
        kind: step.kind,
        attempt,
        roles: step.actors,
        cause,
      });
      this.record({ stepId, attempt, kind: 'handoff', workingMs: 0, savedMinutes }, now);
      this.emit('step-completed', {
        stepId,
        number: step.number,
        kind: step.kind,
        attempt,
        decision: 'handoff',
        workingMs: 0,
        savedMinutes,
        recipients: step.recipients,
        openedAt: iso(now),
      });
      if (!this.legacy) this.finishDeadlines(stepId, now);
      this.advance(step, now);
      return;
    }

    const { targetAt, dueAt } = stepInstants(step, now, 0, this.calendar);
    const remindAt = stepRemindAt(step, dueAt, now, this.calendar);
    const roles = this.holders(step);
    const open: OpenStep = {
      stepId,
      attempt,
      openedAt: now,
      roles,
      cause,
      targetAt,
      dueAt,
      remindAt,
      reminded: remindAt === undefined,
      breached: false,
      extensions: 0,
      busy: step.kind === 'publish' || step.kind === 'automatic' || step.kind === 'parallel',
      retries: 0,
    };
    this.state.open.push(open);
    this.emit('step-opened', {
      stepId,
      number: step.number,
      kind: step.kind,
      attempt,
      roles,
      description: step.description,
      cause,
      targetAt: iso(targetAt),
      dueAt: iso(dueAt),
      timeStandard: step.time?.text,
    });

    if (step.kind === 'publish' || step.kind === 'automatic') {
      this.startWork(step, open);
    } else if (step.kind === 'parallel') {
      this.state.joins[stepId] = [];
      for (const branch of step.parallel!.branches) {
        // A branch of hand-offs finishes while the others are being opened: with `join: any`
        // the parallel step is then done, and the remaining branches are not needed.
        if (!this.legacy && !this.state.open.includes(open)) break;
        this.openStep(branch.steps[0]!, { kind: 'branch', from: stepId }, now);
      }
    }
    this.refreshStatus();
  }

  /** Queues the activity of a publish or automatic step. */
  private startWork(step: CompiledStep, open: OpenStep): void {
    const ref = { stepId: step.id, attempt: open.attempt, retry: open.retries };
    if (step.kind === 'publish') this.effects.push({ type: 'publish', ...ref, channels: step.channels });
    else
      this.effects.push({
        type: 'automatic',
        ...ref,
        action: step.action,
        report: step.report,
        recipients: step.recipients,
      });
  }

  private close(open: OpenStep, entry: Omit<HistoryEntry, 'seq' | 'at' | 'workingMs'>, now: number): void {
    this.state.open = this.state.open.filter((o) => o !== open);
    const step = this.step(open.stepId);
    // Time spent postponed does not count: the clock stopped when the step was postponed.
    const workingMs = this.workingSince(open.openedAt, open.postponedAt ?? now);
    this.record({ ...entry, workingMs }, now);
    this.emit('step-completed', {
      stepId: open.stepId,
      number: step.number,
      kind: step.kind,
      attempt: open.attempt,
      decision: entry.kind,
      by: entry.actor,
      onBehalfOf: entry.onBehalfOf,
      role: entry.role,
      reason: entry.reason,
      note: entry.note,
      to: entry.to,
      result: entry.result,
      openedAt: iso(open.openedAt),
      targetAt: iso(open.targetAt),
      dueAt: iso(open.dueAt),
      workingMs,
      withinTarget: open.targetAt === undefined ? undefined : now <= open.targetAt,
      withinLimit: open.dueAt === undefined ? undefined : now <= open.dueAt,
      breached: open.breached || (open.breaches ?? 0) > 0,
      extensions: open.extensions,
    });
    if (this.legacy) {
      for (const d of this.state.deadlines) {
        const def = this.deadlineDef(d);
        if (def.until === open.stepId && d.startedAt !== undefined && d.endedAt === undefined)
          d.endedAt = now;
      }
    }
  }

  /**
   * The step is done for good (approved, completed, skipped, published, handed off): the
   * deadlines it ends stop. A send-back or a cancellation (`join: any`) does not end them:
   * the work they count is not done.
   */
  private finishDeadlines(stepId: string, now: number): void {
    if (this.legacy) return;
    for (const d of this.state.deadlines) {
      if (this.deadlineDef(d).until === stepId && d.startedAt !== undefined && d.endedAt === undefined) {
        d.endedAt = now;
        d.met = !d.breached && (d.dueAt === undefined || now <= d.dueAt);
      }
    }
  }

  /** Closes every open step (the run ends with them still open: cancelled, or rejected in a branch). */
  private closeAll(
    kind: 'cancelled',
    reason: string | undefined,
    actor: DecisionRequest['actor'] | undefined,
    now: number,
  ) {
    for (const open of [...this.state.open]) {
      this.close(open, { stepId: open.stepId, attempt: open.attempt, kind, actor, reason }, now);
    }
  }

  /** Follows a finished step's transition: the next step, the end of the run, or the join of its branch. */
  private advance(step: CompiledStep, now: number): void {
    if (this.ended) return;
    const item = this.input.item ?? { contentType: '', tags: [] };
    const branch = chooseBranch(step.next, { contentType: item.contentType, tags: item.tags });
    const to = branch?.to ?? 'end';
    if (to === 'end') {
      this.end('completed', now);
    } else if (to === 'join') {
      this.joinBranch(step, now);
    } else {
      this.openStep(to, { kind: 'next', from: step.id }, now);
    }
    this.refreshStatus();
  }

  private joinBranch(step: CompiledStep, now: number): void {
    const parentId = step.branch!.parent;
    const parent = this.step(parentId);
    const done = this.state.joins[parentId] ?? [];
    if (!done.includes(step.branch!.index)) done.push(step.branch!.index);
    this.state.joins[parentId] = done;
    const complete = parent.parallel!.join === 'any' || done.length === parent.parallel!.branches.length;
    if (!complete) return;
    // join: any — the other branches' open steps are no longer needed.
    const branchSteps = new Set(parent.parallel!.branches.flatMap((b) => b.steps));
    for (const o of [...this.state.open]) {
      if (branchSteps.has(o.stepId)) {
        this.close(o, { stepId: o.stepId, attempt: o.attempt, kind: 'cancelled', reason: 'join-any' }, now);
      }
    }
    const container = this.state.open.find((o) => o.stepId === parentId);
    if (container) {
      this.close(container, { stepId: parentId, attempt: container.attempt, kind: 'complete' }, now);
      this.finishDeadlines(parentId, now);
    }
    delete this.state.joins[parentId];
    this.advance(parent, now);
  }

  private end(
    kind: 'completed' | 'rejected' | 'cancelled',
    now: number,
    reason?: string,
    by?: DecisionRequest['actor'],
  ): void {
    if (this.ended) return;
    // A reject in one parallel branch leaves the other branches' steps open: they end with the run.
    if (this.state.open.length) this.closeAll('cancelled', `run-${kind}`, undefined, now);
    this.state.status = kind;
    this.state.endedAt = now;
    this.state.outcome = { kind, reason, by };
    for (const d of this.state.deadlines)
      if (d.startedAt !== undefined && d.endedAt === undefined) d.endedAt = now;
    this.emit('run-ended', {
      outcome: kind,
      reason,
      by,
      workingMs: this.workingSince(this.state.startedAt, now),
      elapsedMs: now - this.state.startedAt,
      ...this.deadlineOutcomes(),
    });
  }

  /** For `run-ended`: how its deadlines across steps ended (only in runs whose definition has some). */
  private deadlineOutcomes() {
    const started = this.state.deadlines.filter((d) => d.startedAt !== undefined);
    if (this.legacy || !started.length) return {};
    return {
      deadlines: started.map((d) => ({
        id: d.id,
        met: d.met ?? false,
        breached: d.breached,
        extensions: d.extensions ?? 0,
      })),
    };
  }

  private refreshStatus(): void {
    if (this.ended) return;
    const open = this.state.open;
    this.state.status =
      open.length > 0 && open.every((o) => o.postponedAt !== undefined) ? 'postponed' : 'running';
  }
}
