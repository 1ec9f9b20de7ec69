// The SOP interpreter as a pure state machine: the workflow shell feeds it the
// current time, decisions and activity results; it changes the run state and
// queues effects (events, publish and automatic steps) for the shell to perform.
// No I/O, no clock of its own, no randomness: unit tests drive it directly and
// Temporal replays it deterministically.
import { chooseBranch, type CompiledFlow, type CompiledStep } from '@tatalaman/sop-language/runtime';
import {
  addWorkingTime,
  durationToMinutes,
  subtractWorkingTime,
  workingMillisBetween,
  type OfficeCalendar,
} from '@tatalaman/working-time';
import { rejection } from './rejections';
import type {
  CancelRequest,
  DecisionKind,
  DecisionRequest,
  Effect,
  HistoryEntry,
  OpenStep,
  Rejection,
  RunEventName,
  RunInput,
  RunState,
  RunView,
} from './types';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export class Engine {
  readonly flow: CompiledFlow;
  readonly calendar: OfficeCalendar;
  state: RunState;
  effects: Effect[] = [];

  constructor(readonly input: RunInput) {
    const flow = input.definition.flows[input.flowId];
    if (!flow) throw new Error(`definition ${input.definition.key} has no flow "${input.flowId}"`);
    this.flow = flow;
    this.calendar = input.office.calendar;
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
    if (!open.roles.includes(req.role)) return rejection('role-not-holder', req.role, req.stepId);
    if (open.busy) return rejection('step-busy', req.stepId);
    if (!this.allowed(open).includes(req.decision))
      return rejection('decision-not-allowed', req.decision, req.stepId);
    const step = this.step(req.stepId);
    const reason = req.reason?.trim();
    const needsReason =
      (req.decision === 'send-back' && step.outcomes?.sendBack?.reasonRequired) ||
      (req.decision === 'extend' && step.extension?.reasonRequired) ||
      req.decision === 'reject' ||
      req.decision === 'skip';
    if (needsReason && !reason) return rejection('reason-required', req.decision);
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
    switch (req.decision) {
      case 'complete':
      case 'approve':
      case 'skip':
        this.close(open, { ...base, kind: req.decision }, now);
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
      case 'postpone':
        open.postponedAt = now;
        this.record({ ...base, kind: 'postpone', workingMs: this.workingSince(open.openedAt, now) }, now);
        this.emit('step-postponed', {
          ...this.stepRef(open),
          by: req.actor,
          role: req.role,
          reason: base.reason,
        });
        this.refreshStatus();
        return;
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
        const ext = step.extension!;
        open.extensions += 1;
        const previous = open.dueAt;
        open.dueAt = addWorkingTime(open.dueAt ?? now, ext.by, this.calendar, {
          calendarTime: step.time?.calendar,
        });
        open.remindAt = this.remindAt(step, open.dueAt, now);
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

  validateCancel(req: CancelRequest): Rejection | null {
    if (!req || typeof req.idempotencyKey !== 'string' || !req.actor) return rejection('invalid-request');
    if (this.ended) return rejection('run-ended');
    if (this.state.usedKeys.includes(req.idempotencyKey)) return rejection('duplicate-key');
    if (!req.reason?.trim()) return rejection('reason-required', 'cancel');
    return null;
  }

  cancel(req: CancelRequest, now: number): void {
    this.state.usedKeys.push(req.idempotencyKey);
    for (const open of [...this.state.open]) {
      this.close(
        open,
        {
          stepId: open.stepId,
          attempt: open.attempt,
          kind: 'cancelled',
          actor: req.actor,
          reason: req.reason,
        },
        now,
      );
    }
    this.end('cancelled', now, req.reason, req.actor);
  }

  // ---- activities (publish and automatic steps) -------------------------------

  /** A publish or automatic step finished its work. Ignored if the run moved on meanwhile (e.g. cancelled). */
  activityDone(stepId: string, attempt: number, result: unknown, now: number): void {
    const open = this.state.open.find((o) => o.stepId === stepId && o.attempt === attempt);
    if (!open) return;
    const step = this.step(stepId);
    this.close(
      open,
      { stepId, attempt, kind: step.kind === 'publish' ? 'published' : 'automatic', result },
      now,
    );
    this.advance(step, now);
  }

  /**
   * A publish or automatic step's work was refused for good. The run does not fail:
   * the step waits for its holders to retry (after fixing the cause), and they are told.
   */
  activityFailed(
    stepId: string,
    attempt: number,
    failure: { code: string; message: string },
    now: number,
  ): void {
    const open = this.state.open.find((o) => o.stepId === stepId && o.attempt === attempt);
    if (!open) return;
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
      if (open.postponedAt !== undefined || open.busy) continue;
      const step = this.step(open.stepId);
      if (open.remindAt !== undefined && !open.reminded && now >= open.remindAt) {
        open.reminded = true;
        this.emit('step-reminded', { ...this.stepRef(open), roles: open.roles, dueAt: iso(open.dueAt) });
      }
      if (open.dueAt !== undefined && !open.breached && now >= open.dueAt) {
        open.breached = true;
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
      if (d.dueAt !== undefined && d.endedAt === undefined && !d.breached && now >= d.dueAt) {
        d.breached = true;
        const def = this.input.definition.deadlines.find((x) => x.id === d.id)!;
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
      if (o.postponedAt !== undefined || o.busy) continue;
      if (o.remindAt !== undefined && !o.reminded) times.push(o.remindAt);
      if (o.dueAt !== undefined && !o.breached) times.push(o.dueAt);
    }
    for (const d of this.state.deadlines) {
      if (d.dueAt !== undefined && d.endedAt === undefined && !d.breached) times.push(d.dueAt);
    }
    return times.length ? Math.min(...times) : undefined;
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
      })),
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

  private stepRef(open: OpenStep) {
    const step = this.step(open.stepId);
    return { stepId: open.stepId, number: step.number, kind: step.kind, attempt: open.attempt };
  }

  private emit(name: RunEventName, data: Record<string, unknown>): void {
    this.state.eventSeq += 1;
    this.effects.push({ type: 'event', name, data: { ...data, seq: this.state.eventSeq } });
  }

  private record(entry: Omit<HistoryEntry, 'seq' | 'at'>, now: number): void {
    this.state.history.push({ ...entry, seq: this.state.history.length + 1, at: now });
  }

  private workingSince(from: number, now: number): number {
    return workingMillisBetween(from, now, this.calendar);
  }

  private remindAt(step: CompiledStep, dueAt: number | undefined, now: number): number | undefined {
    const before = step.escalation?.remindBefore;
    if (dueAt === undefined || !before) return undefined;
    const at = subtractWorkingTime(dueAt, before, this.calendar, { calendarTime: step.time?.calendar });
    return at > now ? at : undefined;
  }

  private openStep(stepId: string, cause: OpenStep['cause'], now: number): void {
    const step = this.step(stepId);
    const attempt = (this.state.attempts[stepId] ?? 0) + 1;
    this.state.attempts[stepId] = attempt;
    for (const d of this.state.deadlines) {
      const def = this.input.definition.deadlines.find((x) => x.id === d.id)!;
      if (def.from === stepId && d.startedAt === undefined) {
        d.startedAt = now;
        d.dueAt = addWorkingTime(now, def.time.limit, this.calendar, { calendarTime: def.time.calendar });
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
      this.advance(step, now);
      return;
    }

    const timed = step.time && step.kind !== 'parallel';
    const dueAt = timed
      ? addWorkingTime(now, step.time!.limit, this.calendar, { calendarTime: step.time!.calendar })
      : undefined;
    const targetAt = timed
      ? addWorkingTime(now, step.time!.target, this.calendar, { calendarTime: step.time!.calendar })
      : undefined;
    const remindAt = this.remindAt(step, dueAt, now);
    const open: OpenStep = {
      stepId,
      attempt,
      openedAt: now,
      roles: step.actors,
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
      roles: step.actors,
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
        this.openStep(branch.steps[0]!, { kind: 'branch', from: stepId }, now);
      }
    }
    this.refreshStatus();
  }

  /** Queues the activity of a publish or automatic step. */
  private startWork(step: CompiledStep, open: OpenStep): void {
    const ref = { stepId: step.id, attempt: open.attempt, retry: open.retries };
    if (step.kind === 'publish') this.effects.push({ type: 'publish', ...ref, channels: step.channels });
    else this.effects.push({ type: 'automatic', ...ref, action: step.action, report: step.report });
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
      breached: open.breached,
      extensions: open.extensions,
    });
    for (const d of this.state.deadlines) {
      const def = this.input.definition.deadlines.find((x) => x.id === d.id)!;
      if (def.until === open.stepId && d.startedAt !== undefined && d.endedAt === undefined) d.endedAt = now;
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
    if (container)
      this.close(container, { stepId: parentId, attempt: container.attempt, kind: 'complete' }, now);
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
    });
  }

  private refreshStatus(): void {
    if (this.ended) return;
    const open = this.state.open;
    this.state.status =
      open.length > 0 && open.every((o) => o.postponedAt !== undefined) ? 'postponed' : 'running';
  }
}
