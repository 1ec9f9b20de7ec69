// Drives the pure engine the way the workflow shell does — timers fire at their instants,
// activities finish or are refused, people decide (or try to), calendars change, the run
// continues as new — from abstract actions a property test generates, and checks the
// runtime's invariants after every step (see `check`). Errors name the invariant broken;
// nothing here depends on Jest, so the benchmark `npm run bench -- engine-fuzz` runs it too.
import fc from 'fast-check';
import type { CompiledSop, CompiledStep } from '@tatalaman/sop-language';
import {
  addWorkingTime,
  defaultOfficeCalendar,
  localDate,
  zonedTimeToUtc,
  type Holiday,
  type OfficeCalendar,
} from '@tatalaman/working-time';
import {
  Engine,
  OFFICE_ADMIN_ROLE,
  type CalendarUpdate,
  type DecisionKind,
  type DecisionRequest,
  type Effect,
  type EngineOptions,
  type RunInput,
} from '../../src/api';
import { CONTENT_TYPES, ROLES, TAGS } from './definitions';

/** Every refusal code the runtime documents (docs/runtime.md, "Refusals"). */
export const DOCUMENTED_REFUSALS = [
  'run-ended',
  'step-not-open',
  'role-not-holder',
  'duplicate-key',
  'decision-not-allowed',
  'reason-required',
  'extensions-exhausted',
  'step-busy',
  'invalid-request',
  'calendar-not-newer',
  'invalid-calendar',
] as const;

const DECISIONS: DecisionKind[] = [
  'complete',
  'approve',
  'send-back',
  'postpone',
  'resume',
  'reject',
  'extend',
  'skip',
  'retry',
];

/** Decisions (and platform completions) after which a step is done for good: its deadlines end. */
const DONE_FOR_GOOD = new Set(['complete', 'approve', 'skip', 'published', 'automatic', 'handoff']);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export type Action =
  | { k: 'decide'; step: number; role: number; kind: number; reason: boolean; dupKey: boolean }
  | { k: 'wait'; how: number; n: number }
  | { k: 'work'; index: number; fail: boolean }
  | { k: 'cancel'; reason: boolean }
  | { k: 'calendar'; day: number; remove: boolean; sameVersion: boolean }
  | { k: 'carry' };

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      k: fc.constant('decide' as const),
      step: fc.nat(20),
      role: fc.nat(20),
      kind: fc.nat(40),
      reason: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
      dupKey: fc.integer({ min: 0, max: 15 }).map((n) => n === 0),
    }),
  },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('wait' as const), how: fc.nat(7), n: fc.nat(100) }) },
  {
    weight: 4,
    arbitrary: fc.record({ k: fc.constant('work' as const), index: fc.nat(5), fail: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancel' as const), reason: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('calendar' as const),
      day: fc.nat(12),
      remove: fc.boolean(),
      sameVersion: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'carry' as const }) },
);

export const scenarioArb = fc.record({
  contentType: fc.constantFrom(...CONTENT_TYPES),
  tags: fc.subarray([...TAGS]),
  /** Minutes after Friday 20 November 2026 00:00 local: working and non-working instants alike. */
  startMinute: fc.nat(30 * 24 * 60),
  actions: fc.array(actionArb, { minLength: 4, maxLength: 40, size: 'medium' }),
});
export interface Scenario {
  contentType: string;
  tags: string[];
  startMinute: number;
  actions: Action[];
}

const BASE_HOLIDAYS: Holiday[] = [
  { date: '2026-11-27', name: 'Libur kantor', kind: 'office' },
  { date: '2026-12-24', name: 'Cuti bersama Natal', kind: 'cuti-bersama' },
  { date: '2026-12-25', name: 'Hari Raya Natal', kind: 'national' },
  { date: '2026-12-31', name: 'Cuti bersama', kind: 'cuti-bersama' },
  { date: '2027-01-01', name: 'Tahun Baru 2027', kind: 'national' },
];

type Logged =
  | { t: 'start'; now: number }
  | { t: 'tick'; now: number }
  | { t: 'decide'; req: DecisionRequest; now: number }
  | {
      t: 'cancel';
      req: { actor: DecisionRequest['actor']; reason: string; idempotencyKey: string };
      now: number;
    }
  | { t: 'done' | 'failed'; stepId: string; attempt: number; now: number }
  | { t: 'calendar'; update: CalendarUpdate; now: number }
  | { t: 'carry' };

type Work = Exclude<Effect, { type: 'event' }>;
type Event = Extract<Effect, { type: 'event' }>;

export class InvariantError extends Error {}

function fail(message: string): never {
  throw new InvariantError(message);
}

/** One run of one definition: drive it through a scenario, checking after every step. */
export class FuzzRun {
  engine: Engine;
  now: number;
  readonly log: Logged[] = [];
  readonly events: Event[] = [];
  pending: Work[] = [];
  private readonly zone: string;
  private calendar: OfficeCalendar;
  private readonly initialCalendar: OfficeCalendar;
  private version = 1;
  private keys = 0;
  private lastKey?: string;
  /** Open step attempts as the events tell them (`stepId#attempt`). */
  private readonly attempts = new Set<string>();
  refusals = 0;
  accepted = 0;
  /** What this run exercised: event names, decisions taken, refusal codes, other inputs. */
  readonly seen = new Map<string, number>();

  constructor(
    readonly definition: CompiledSop,
    readonly scenario: Scenario,
    /** Engine options: `legacy` shows what the old rules break. */
    readonly options: EngineOptions = {},
  ) {
    this.zone = definition.timeZone;
    this.calendar = defaultOfficeCalendar(this.zone, BASE_HOLIDAYS);
    this.initialCalendar = this.calendar;
    const start = zonedTimeToUtc('2026-11-20', '00:00', this.zone) + scenario.startMinute * MIN;
    this.now = start;
    this.engine = new Engine(this.input(), this.options);
  }

  input(): RunInput {
    return {
      office: {
        code: 'kpu-fuzz',
        calendar: this.initialCalendar,
        calendarVersion: 1,
        calendarUntil: '2027-12-31',
      },
      definition: this.definition,
      flowId: 'item',
      item: { id: 'item-1', contentType: this.scenario.contentType, title: 'Uji', tags: this.scenario.tags },
      startedBy: { kind: 'user', id: 'u-penulis' },
    };
  }

  run(): void {
    const before = this.snapshot();
    this.engine.start(this.now);
    this.log.push({ t: 'start', now: this.now });
    this.collect(before);
    this.settle();
    for (const action of this.scenario.actions) {
      if (this.engine.ended) break;
      this.apply(action);
      this.settle();
    }
    this.finish();
    this.checkReplay();
  }

  // ---- actions -------------------------------------------------------------------

  private apply(a: Action): void {
    switch (a.k) {
      case 'wait':
        return this.wait(a.how, a.n);
      case 'decide':
        return this.decide(a);
      case 'work':
        return this.work(a.index, a.fail);
      case 'cancel': {
        const req = {
          actor: { kind: 'user' as const, id: 'admin' },
          reason: a.reason ? 'Duplikat' : ' ',
          idempotencyKey: this.key(),
        };
        const refused = this.engine.validateCancel(req);
        if (refused) return this.refused(refused.code, refused.message);
        const before = this.snapshot();
        this.engine.cancel(req, this.now);
        this.log.push({ t: 'cancel', req, now: this.now });
        this.collect(before);
        return;
      }
      case 'calendar':
        return this.changeCalendar(a.day, a.remove, a.sameVersion);
      case 'carry': {
        // Continue-as-new: the state crosses as JSON; activity results in flight are lost,
        // and the new run asks again for the busy platform steps' work.
        this.engine = new Engine(
          { ...this.input(), carried: JSON.parse(JSON.stringify(this.engine.state)) },
          this.options,
        );
        this.pending = [];
        const before = this.snapshot();
        this.engine.resumeWork();
        this.log.push({ t: 'carry' });
        this.count('continue-as-new');
        this.collect(before);
        return;
      }
    }
  }

  private wait(how: number, n: number): void {
    const local = (days: number, time: string) =>
      zonedTimeToUtc(localDate(this.now + days * DAY, this.zone), time, this.zone);
    let to: number;
    switch (how) {
      case 0:
        to = this.now + (1 + (n % 59)) * MIN;
        break;
      case 1:
        to = this.now + (1 + (n % 8)) * HOUR;
        break;
      case 2: // tonight, after working hours
        to = local(0, '20:00');
        if (to <= this.now) to = local(1, '20:00');
        break;
      case 3: {
        // the next Saturday morning
        let d = 1;
        while (new Date(local(d, '12:00')).getUTCDay() !== 6) d++;
        to = local(d, '10:00');
        break;
      }
      case 4: {
        // a holiday or cuti bersama ahead
        const today = localDate(this.now, this.zone);
        const next = this.calendar.holidays
          .map((h) => h.date)
          .filter((d) => d > today)
          .sort()[n % 3];
        to = next ? zonedTimeToUtc(next, '10:00', this.zone) : this.now + DAY;
        break;
      }
      case 5:
        to = this.now + (1 + (n % 3)) * DAY;
        break;
      case 6: // exactly when something is due
        to = Math.max(this.now, this.engine.nextWakeAt() ?? this.now + MIN);
        break;
      default: // just before it
        to = Math.max(this.now, (this.engine.nextWakeAt() ?? this.now + MIN) - 1);
    }
    this.advanceTo(to);
  }

  private decide(a: Extract<Action, { k: 'decide' }>): void {
    const open = this.engine.state.open;
    const stepIds = Object.keys(this.engine.flow.steps);
    const target = a.step % (open.length + 1) < open.length ? open[a.step % (open.length + 1)]! : undefined;
    const stepId = target?.stepId ?? stepIds[a.step % stepIds.length]!;
    const roleChoices = [...(target?.roles ?? []), ...ROLES, OFFICE_ADMIN_ROLE];
    const role =
      a.role % 3 !== 2 && target?.roles.length
        ? target.roles[a.role % target.roles.length]!
        : roleChoices[a.role % roleChoices.length]!;
    const allowed = target ? this.engine.allowed(target) : [];
    // Mostly what the step allows; sometimes anything; sometimes another extension (until refused).
    const pick = a.kind % 5;
    const decision =
      pick < 3 && allowed.length
        ? allowed[a.kind % allowed.length]!
        : pick === 4
          ? 'extend'
          : DECISIONS[a.kind % DECISIONS.length]!;
    // Sometimes an extension names a deadline across steps instead of the step.
    const deadlines = this.definition.deadlines;
    const deadline =
      pick === 4 && deadlines.length && a.role % 2 === 0
        ? deadlines[a.kind % deadlines.length]!.id
        : undefined;
    const req: DecisionRequest = {
      stepId,
      decision,
      ...(deadline ? { deadline } : {}),
      role,
      actor: { kind: 'user', id: `u-${role}`, name: role },
      reason: a.reason ? 'Alasan uji' : undefined,
      idempotencyKey: a.dupKey && this.lastKey ? this.lastKey : this.key(),
    };
    let refused: ReturnType<Engine['validate']>;
    try {
      refused = this.engine.validate(req);
    } catch (e) {
      fail(`validate threw for ${JSON.stringify(req)}: ${(e as Error).message}`);
    }
    if (refused) return this.refused(refused.code, refused.message);
    this.accepted++;
    this.lastKey = req.idempotencyKey;
    const before = this.snapshot();
    this.engine.decide(req, this.now);
    this.log.push({ t: 'decide', req, now: this.now });
    this.collect(before);
  }

  private work(index: number, failIt: boolean): void {
    if (!this.pending.length) return;
    const [w] = this.pending.splice(index % this.pending.length, 1);
    const before = this.snapshot();
    if (failIt) {
      this.engine.activityFailed(
        w!.stepId,
        w!.attempt,
        { code: 'refused', message: 'Ditolak layanan' },
        this.now,
      );
      this.log.push({ t: 'failed', stepId: w!.stepId, attempt: w!.attempt, now: this.now });
    } else {
      this.engine.activityDone(w!.stepId, w!.attempt, { ok: true }, this.now);
      this.log.push({ t: 'done', stepId: w!.stepId, attempt: w!.attempt, now: this.now });
    }
    this.collect(before);
  }

  private changeCalendar(day: number, remove: boolean, sameVersion: boolean): void {
    const date = localDate(this.now + (day % 10) * DAY, this.zone);
    const holidays = this.calendar.holidays.filter((h) => h.date !== date);
    if (!remove) holidays.push({ date, name: 'Cuti bersama (keputusan baru)', kind: 'cuti-bersama' });
    const calendar: OfficeCalendar = { ...this.calendar, holidays };
    const update: CalendarUpdate = {
      calendar,
      version: sameVersion ? this.version : this.version + 1,
      until: '2027-12-31',
    };
    const refused = this.engine.validateCalendar(update);
    if (refused) {
      if (!sameVersion) fail(`a newer calendar was refused: ${refused.code}`);
      return this.refused(refused.code, refused.message);
    }
    if (sameVersion) fail('the same calendar version was taken twice');
    this.version = update.version!;
    this.calendar = calendar;
    const before = this.snapshot();
    this.engine.applyCalendar(update, this.now);
    this.log.push({ t: 'calendar', update, now: this.now });
    this.count('calendar-applied');
    this.collect(before);
  }

  /** Drives the run to its end as diligent people would, so end-of-run invariants get checked. */
  private finish(): void {
    for (let i = 0; i < 300 && !this.engine.ended; i++) {
      if (this.pending.length) {
        this.work(0, false);
      } else {
        const open = this.engine.state.open.find((o) => this.engine.allowed(o).length > 0);
        if (!open) fail(`run ${this.engine.state.status} with nothing anyone can do: ${this.describe()}`);
        const allowed = this.engine.allowed(open);
        const decision =
          (['approve', 'complete', 'resume', 'retry', 'skip'] as DecisionKind[]).find((d) =>
            allowed.includes(d),
          ) ?? allowed[0]!;
        const req: DecisionRequest = {
          stepId: open.stepId,
          decision,
          role: open.roles[0] ?? OFFICE_ADMIN_ROLE,
          actor: { kind: 'user', id: 'u-finish' },
          reason: 'Selesaikan',
          idempotencyKey: this.key(),
        };
        const refused = this.engine.validate(req);
        if (refused) fail(`an allowed decision was refused: ${refused.code} ${JSON.stringify(req)}`);
        const before = this.snapshot();
        this.engine.decide(req, this.now);
        this.log.push({ t: 'decide', req, now: this.now });
        this.collect(before);
      }
      this.advanceTo(this.now + 7 * MIN);
      this.settle();
    }
    if (!this.engine.ended) fail(`the run did not end after 300 diligent steps: ${this.describe()}`);
    this.settle();
  }

  // ---- time and effects ----------------------------------------------------------

  /** Moves the clock, firing every timer on the way at its own instant (as the shell's timers do). */
  private advanceTo(to: number): void {
    this.fireUntil(to);
    this.now = Math.max(this.now, to);
  }

  private fireUntil(to: number): void {
    for (let i = 0; ; i++) {
      if (this.engine.ended) return;
      const w = this.engine.nextWakeAt();
      if (w === undefined || w > to) return;
      if (i > 500) fail(`a timer at ${new Date(w).toISOString()} keeps firing`);
      const at = Math.max(w, this.now);
      this.now = at;
      const before = this.snapshot();
      this.engine.tick(at);
      this.log.push({ t: 'tick', now: at });
      this.collect(before);
      if (this.engine.nextWakeAt() === w)
        fail(`tick at ${new Date(at).toISOString()} did not clear its timer`);
    }
  }

  /** After an action: fire what is due now (a limit moved into the past fires at once), then check. */
  private settle(): void {
    this.fireUntil(this.now);
    this.check();
  }

  private count(what: string): void {
    this.seen.set(what, (this.seen.get(what) ?? 0) + 1);
  }

  private refused(code: string, message: { id: string; en: string }): void {
    this.refusals++;
    this.count(`refused:${code}`);
    if (!(DOCUMENTED_REFUSALS as readonly string[]).includes(code)) fail(`undocumented refusal ${code}`);
    if (!message?.id || !message?.en) fail(`refusal ${code} without both messages`);
  }

  private key(): string {
    return `k-${++this.keys}`;
  }

  private snapshot() {
    return {
      status: this.engine.state.status,
      deadlines: this.engine.state.deadlines.map((d) => ({ ...d })),
      breached: new Map(this.engine.state.open.map((o) => [`${o.stepId}#${o.attempt}`, o.breached])),
    };
  }

  /** Takes the effects of one engine call, and checks what changed in it. */
  private collect(before: ReturnType<FuzzRun['snapshot']>): void {
    const effects = this.engine.effects.splice(0);
    const events = effects.filter((e): e is Event => e.type === 'event');
    for (const e of effects) if (e.type !== 'event') this.pending.push(e);
    for (const e of events) {
      this.count(e.name === 'step-completed' ? `decision:${String(e.data.decision)}` : e.name);
      const last = this.events[this.events.length - 1];
      const expected = last ? (last.data.seq as number) + 1 : 1;
      if (e.data.seq !== expected) fail(`event seq ${String(e.data.seq)} after ${expected - 1}`);
      this.events.push(e);
      const key = `${String(e.data.stepId)}#${String(e.data.attempt)}`;
      if (e.name === 'step-opened') {
        if (this.attempts.has(key)) fail(`step attempt ${key} opened twice`);
        this.attempts.add(key);
      } else if (e.name === 'step-completed' || e.name === 'step-resumed') {
        if (!this.attempts.delete(key)) fail(`step attempt ${key} closed but not open (${e.name})`);
      }
      if (e.name === 'step-breached') {
        const due = Date.parse(e.data.dueAt as string);
        if (this.now < due)
          fail(
            `${key} breached at ${new Date(this.now).toISOString()} before its limit ${e.data.dueAt as string}`,
          );
      }
    }
    // Deadlines: each ends once, when its `until` step is done for good or the run ends.
    const ended = this.engine.ended && before.status !== this.engine.state.status;
    for (const d of this.engine.state.deadlines) {
      const prev = before.deadlines.find((x) => x.id === d.id)!;
      if (prev.endedAt !== undefined && prev.endedAt !== d.endedAt) fail(`deadline ${d.id} ended twice`);
      if (prev.startedAt !== undefined && prev.startedAt !== d.startedAt)
        fail(`deadline ${d.id} started twice`);
      if (prev.breached && !d.breached) fail(`deadline ${d.id} un-breached`);
      if (prev.endedAt === undefined && d.endedAt !== undefined) {
        if (d.startedAt === undefined) fail(`deadline ${d.id} ended before it started`);
        if (d.endedAt !== this.now) fail(`deadline ${d.id} ended at another time than now`);
        const until = this.definition.deadlines.find((x) => x.id === d.id)!.until;
        const doneForGood = events.some(
          (e) =>
            e.name === 'step-completed' &&
            e.data.stepId === until &&
            (DONE_FOR_GOOD.has(e.data.decision as string) ||
              (e.data.kind === 'parallel' && e.data.decision === 'complete')),
        );
        if (!doneForGood && !ended)
          fail(
            `deadline ${d.id} ended without ${until} being done for good (events: ${events.map((e) => `${e.name}:${String(e.data.stepId)}:${String(e.data.decision)}`).join(', ')})`,
          );
      }
      if (!prev.breached && d.breached && d.dueAt !== undefined && this.now < d.dueAt) {
        fail(`deadline ${d.id} breached before its limit`);
      }
    }
    for (const o of this.engine.state.open) {
      const was = before.breached.get(`${o.stepId}#${o.attempt}`);
      if (was === false && o.breached && o.dueAt !== undefined && this.now < o.dueAt)
        fail(`${o.stepId} breached early`);
    }
  }

  // ---- invariants --------------------------------------------------------------------

  private check(): void {
    const e = this.engine;
    const s = e.state;
    const openKeys = s.open.map((o) => `${o.stepId}#${o.attempt}`);
    if (new Set(s.open.map((o) => o.stepId)).size !== s.open.length)
      fail(`a step is open twice: ${openKeys.join(', ')}`);
    if ([...this.attempts].sort().join() !== [...openKeys].sort().join()) {
      fail(`open steps ${openKeys.join(', ')} differ from the events' ${[...this.attempts].join(', ')}`);
    }
    if (e.ended) {
      if (s.open.length) fail(`run ${s.status} with steps still open: ${openKeys.join(', ')}`);
      for (const d of s.deadlines)
        if (d.startedAt !== undefined && d.endedAt === undefined)
          fail(`deadline ${d.id} still running after the end`);
    } else if (s.status === 'postponed') {
      if (!s.open.length || s.open.some((o) => o.postponedAt === undefined))
        fail('postponed with a step not postponed');
    } else {
      // Running: someone can act, or the platform is working on something.
      const live = s.open.some((o) => {
        const step = this.step(o.stepId);
        if (step.kind === 'parallel') return false;
        return e.allowed(o).length > 0 || (o.busy && this.hasWork(o.stepId, o.attempt, o.retries));
      });
      if (!live) fail(`running with nothing anyone can do: ${this.describe()}`);
    }
    for (const o of s.open) {
      const step = this.step(o.stepId);
      const platform = step.kind === 'publish' || step.kind === 'automatic';
      if (platform && o.busy && !o.failure && !this.hasWork(o.stepId, o.attempt, o.retries)) {
        fail(`${o.stepId}#${o.attempt} is busy but nothing works on it (stranded)`);
      }
      if (o.failure && e.allowed(o).join() !== 'retry')
        fail(`failed ${o.stepId} offers ${e.allowed(o).join()}`);
      if (o.postponedAt !== undefined || !step.time || step.kind === 'parallel') continue;
      if (!o.breached && o.dueAt !== undefined && this.now >= o.dueAt)
        fail(`${o.stepId} past its limit, not breached`);
      if (!o.reminded && o.remindAt !== undefined && this.now >= o.remindAt)
        fail(`${o.stepId} past its reminder, not reminded`);
      if (!o.breached && !(o.breaches ?? 0)) {
        const due = this.expectedDue(step, o.openedAt, o.extensions);
        if (o.dueAt !== due)
          fail(`${o.stepId} due ${iso(o.dueAt)}, expected ${iso(due)} in the current calendar`);
      }
    }
    for (const d of s.deadlines) {
      if (d.startedAt === undefined || d.dueAt === undefined) continue;
      const def = this.definition.deadlines.find((x) => x.id === d.id)!;
      if (d.endedAt === undefined && !e.ended) {
        if (!d.breached && this.now >= d.dueAt) fail(`deadline ${d.id} past its limit, not breached`);
        if (!d.breached) {
          let due = addWorkingTime(d.startedAt, def.time.limit, this.calendar, {
            calendarTime: def.time.calendar,
          });
          for (let i = 0; i < (d.extensions ?? 0); i++) {
            const ext = def.extension!;
            due = addWorkingTime(due, ext.by, this.calendar, {
              calendarTime: ext.calendar ?? def.time.calendar,
            });
          }
          if (due !== d.dueAt) fail(`deadline ${d.id} due ${iso(d.dueAt)}, expected ${iso(due)}`);
        }
      } else if (d.endedAt !== undefined && !d.breached && d.endedAt >= d.dueAt) {
        fail(`deadline ${d.id} ended at ${iso(d.endedAt)}, past its limit ${iso(d.dueAt)}, without a breach`);
      }
    }
  }

  /** The limit of a step, computed here from the definition and the calendar (not by the engine's code). */
  private expectedDue(step: CompiledStep, openedAt: number, extensions: number): number {
    const time = step.time!;
    let due = addWorkingTime(openedAt, time.limit, this.calendar, { calendarTime: time.calendar });
    for (let i = 0; i < extensions; i++) {
      const ext = step.extension!;
      due = addWorkingTime(due, ext.by, this.calendar, { calendarTime: ext.calendar ?? time.calendar });
    }
    return due;
  }

  private hasWork(stepId: string, attempt: number, retry: number): boolean {
    return this.pending.some((w) => w.stepId === stepId && w.attempt === attempt && w.retry === retry);
  }

  private step(id: string): CompiledStep {
    return this.engine.flow.steps[id]!;
  }

  private describe(): string {
    return JSON.stringify({
      status: this.engine.state.status,
      open: this.engine.state.open.map((o) => ({
        id: o.stepId,
        busy: o.busy,
        failure: !!o.failure,
        postponed: o.postponedAt !== undefined,
        allowed: this.engine.allowed(o),
      })),
      pending: this.pending.map((w) => `${w.stepId}#${w.attempt}/${w.retry}`),
    });
  }

  // ---- replay ----------------------------------------------------------------------

  /** The same inputs on a fresh engine (without the continue-as-new hops) give the same run. */
  private checkReplay(): void {
    const replay = new Engine(this.input(), this.options);
    const events: Event[] = [];
    const take = () => events.push(...replay.effects.splice(0).filter((x): x is Event => x.type === 'event'));
    for (const entry of this.log) {
      switch (entry.t) {
        case 'start':
          replay.start(entry.now);
          break;
        case 'tick':
          replay.tick(entry.now);
          break;
        case 'decide':
          if (replay.validate(entry.req)) fail(`replay refused ${JSON.stringify(entry.req)}`);
          replay.decide(entry.req, entry.now);
          break;
        case 'cancel':
          replay.cancel(entry.req, entry.now);
          break;
        case 'done':
          replay.activityDone(entry.stepId, entry.attempt, { ok: true }, entry.now);
          break;
        case 'failed':
          replay.activityFailed(
            entry.stepId,
            entry.attempt,
            { code: 'refused', message: 'Ditolak layanan' },
            entry.now,
          );
          break;
        case 'calendar':
          replay.applyCalendar(entry.update, entry.now);
          break;
        case 'carry':
          break;
      }
      take();
    }
    const a = JSON.stringify(this.engine.state);
    const b = JSON.stringify(replay.state);
    if (a !== b) fail(`replay gives another state:\n${a}\n${b}`);
    const ea = JSON.stringify(this.events.map((x) => [x.name, x.data]));
    const eb = JSON.stringify(events.map((x) => [x.name, x.data]));
    if (ea !== eb) fail('replay gives other events');
  }
}

const iso = (ms: number | undefined) => (ms === undefined ? 'none' : new Date(ms).toISOString());
