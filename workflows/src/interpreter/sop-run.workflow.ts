// The one workflow that runs every SOP definition. A thin deterministic shell
// around the Engine: it turns the engine's effects into activities and timers,
// and people's decisions (Temporal Updates) into engine calls.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { RunActivities, RunEventRecord, RunRef } from '../activities';
import { calendarUpdate, cancelUpdate, decideUpdate, stateQuery } from '../messages';
import { SOP_STATE } from '../search-attributes';
import { Engine, UnsupportedDefinitionError } from './engine';
import { isLastDayOfMonth, periodFor } from './period';
import { calendarRefreshAt } from './timing';
import type { Effect, Rejection, RunInput, RunView } from './types';

// Activities retry until they succeed: a publishing outage delays a run, it never fails it.
const activities = proxyActivities<RunActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// Events go out as a local activity: a JetStream publish takes milliseconds, and
// skipping the server's activity round trips halves what each decision costs.
// A crash mid-publish re-runs it on replay with the same event ids (de-duplicated).
const events = proxyLocalActivities<Pick<RunActivities, 'emitRunEvents'>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Continue-as-new well before Temporal's limits, carrying the state over. */
const HISTORY_LIMIT = 8_000;

/**
 * Runs started before this patch follow the engine's legacy rules (see `EngineOptions`)
 * so their histories replay with the same timers and events; runs started after it
 * (and every run after a continue-as-new) follow the current ones.
 */
export const RULES_PATCH = 'deadlines-and-calendars-2026-12';

/** Runs started with the starter's roles complete the first step when the starter holds it (`Engine.start`). */
export const STARTER_STEP_PATCH = 'starter-completes-first-step-2026-12';

function refuse(r: Rejection): never {
  throw ApplicationFailure.create({
    type: r.code,
    message: r.message.en,
    details: [r.message],
    nonRetryable: true,
  });
}

export async function sopRun(input: RunInput): Promise<RunView> {
  const info = workflowInfo();
  const legacy = !patched(RULES_PATCH);
  if (input.startedByRoles && !patched(STARTER_STEP_PATCH)) input = { ...input, startedByRoles: undefined };
  const flow = input.definition.flows[input.flowId];
  if (!flow) {
    throw ApplicationFailure.nonRetryable(
      `Definition ${input.definition.key} has no flow "${input.flowId}"`,
      'unknown-flow',
    );
  }
  if (flow.trigger === 'schedule' && flow.schedule) {
    const firedAt = info.startTime.getTime();
    if (flow.schedule.day === 'last' && !isLastDayOfMonth(firedAt, flow.schedule.timeZone)) {
      // Fired on day 28–30 of a longer month by a schedule made before they named the
      // exact last days: not this run's day. It ends at once, and says so.
      const view: RunView = { ...newEngine(input, legacy).view(), status: 'skipped' };
      if (legacy) return { ...view, status: 'running' };
      setHandler(stateQuery, () => view);
      upsertSearchAttributes([{ key: SOP_STATE, value: 'skipped' }]);
      return view;
    }
    input = { ...input, period: input.period ?? periodFor(flow.schedule, firedAt) };
  }

  const engine = newEngine(input, legacy);
  const run: RunRef = {
    workflowId: info.workflowId,
    office: input.office.code,
    definitionKey: input.definition.key,
    definitionVersion: input.definition.version,
    flowId: input.flowId,
    itemId: input.item?.id,
  };
  const pending = new Set<Promise<void>>();
  let lastStatus = engine.state.status;
  // Before any handler is registered: an Update sent together with the start is
  // dispatched as soon as its handler is set, and must find the first step open.
  if (!input.carried) engine.start(Date.now());
  else if (!legacy) engine.resumeWork();

  setHandler(stateQuery, () => engine.view());
  setHandler(
    decideUpdate,
    (request) => {
      engine.decide(request, Date.now());
      return engine.view();
    },
    {
      validator: (request) => {
        const r = engine.validate(request);
        if (r) refuse(r);
      },
    },
  );
  setHandler(
    cancelUpdate,
    (request) => {
      engine.cancel(request, Date.now());
      return engine.view();
    },
    {
      validator: (request) => {
        const r = engine.validateCancel(request);
        if (r) refuse(r);
      },
    },
  );
  setHandler(
    calendarUpdate,
    (update) => {
      engine.applyCalendar(update, Date.now());
      return engine.view();
    },
    {
      validator: (update) => {
        const r = engine.validateCalendar(update);
        if (r) refuse(r);
      },
    },
  );

  function startActivity(effect: Exclude<Effect, { type: 'event' }>) {
    // One key per run, step, attempt and retry: the receiving service does each once.
    const key = `${info.workflowId}/${effect.stepId}/${effect.attempt}${effect.retry ? `/r${effect.retry}` : ''}`;
    const step = input.definition.flows[input.flowId]!.steps[effect.stepId];
    const work =
      effect.type === 'publish'
        ? activities.publishStep({
            idempotencyKey: key,
            run,
            stepId: effect.stepId,
            channels: effect.channels,
            item: input.item ?? { id: info.workflowId, contentType: '', title: input.definition.title },
          })
        : activities.automaticStep({
            idempotencyKey: key,
            run,
            stepId: effect.stepId,
            action: effect.action,
            report: effect.report,
            recipients: effect.recipients,
            step: step && { number: step.number, description: step.description },
            about: input.item?.title ?? input.definition.title,
            period: input.period,
          });
    const done: Promise<void> = work
      .then(
        (result) => engine.activityDone(effect.stepId, effect.attempt, result ?? null, Date.now()),
        (error: unknown) => {
          // Retryable failures are retried by Temporal; what lands here was refused for good.
          const cause =
            error instanceof ActivityFailure && error.cause instanceof ApplicationFailure
              ? error.cause
              : undefined;
          engine.activityFailed(
            effect.stepId,
            effect.attempt,
            {
              code: cause?.type ?? 'failed',
              message: cause?.message ?? String((error as Error)?.message ?? error),
            },
            Date.now(),
          );
        },
      )
      .finally(() => pending.delete(done));
    pending.add(done);
  }

  /** Performs queued effects in order; events go out in one activity call per batch. */
  async function flush() {
    while (engine.effects.length) {
      const batch = engine.effects.splice(0);
      const batchEvents: RunEventRecord[] = [];
      const occurredAt = new Date().toISOString();
      for (const effect of batch) {
        if (effect.type === 'event') {
          batchEvents.push({ id: uuid4(), name: effect.name, occurredAt, run, data: effect.data });
        } else {
          startActivity(effect);
        }
      }
      if (batchEvents.length) await events.emitRunEvents(batchEvents);
    }
    if (engine.state.status !== lastStatus) {
      lastStatus = engine.state.status;
      upsertSearchAttributes([{ key: SOP_STATE, value: lastStatus }]);
    }
  }

  /**
   * Asks, in the background, for the office's current calendar when the run's copy is about
   * to run out of holidays; decisions and timers go on meanwhile.
   */
  function refreshCalendar(now: number) {
    engine.calendarChecked(now);
    const done: Promise<void> = activities
      .officeCalendar({ office: input.office.code })
      .then(
        (fresh) => {
          if (!engine.ended && !engine.validateCalendar(fresh)) engine.applyCalendar(fresh, Date.now());
        },
        // Refused for good (the office is gone): keep counting with the copy the run has.
        () => undefined,
      )
      .finally(() => pending.delete(done));
    pending.add(done);
  }

  try {
    for (;;) {
      await flush();
      // An activity result can land in the same activation as the last event batch:
      // its effects must go out before the run may end.
      if (engine.effects.length) continue;
      if (engine.ended) break;
      const now = workflowInfo();
      if (now.historyLength > HISTORY_LIMIT || now.continueAsNewSuggested) {
        // Let in-flight decisions and activities land first, so nothing is lost across the
        // boundary; what their results start is waited for too (the new run asks again for
        // any platform work still busy, see Engine.resumeWork).
        do {
          await condition(() => pending.size === 0 && allHandlersFinished());
          await flush();
        } while (!legacy && (pending.size > 0 || engine.effects.length > 0) && !engine.ended);
        if (!engine.ended) await continueAsNew<typeof sopRun>({ ...input, carried: engine.state });
      }
      const refreshAt = legacy
        ? undefined
        : calendarRefreshAt(engine.calendarUntil, engine.calendar, engine.state.calendarCheckedAt);
      if (refreshAt !== undefined && Date.now() >= refreshAt) {
        refreshCalendar(Date.now());
        continue;
      }
      const wakeAt = [engine.nextWakeAt(), refreshAt].reduce<number | undefined>(
        (a, b) => (b === undefined ? a : a === undefined ? b : Math.min(a, b)),
        undefined,
      );
      const woken = () => engine.effects.length > 0 || engine.ended;
      if (wakeAt === undefined) await condition(woken);
      else await condition(woken, Math.max(1, wakeAt - Date.now()));
      engine.tick(Date.now());
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelled through Temporal (not through the cancel update): record it like any cancel.
    await CancellationScope.nonCancellable(async () => {
      if (!engine.ended) {
        engine.cancel(
          {
            actor: { kind: 'system', id: 'temporal' },
            reason: 'Dibatalkan melalui Temporal',
            idempotencyKey: `temporal-cancel-${info.runId}`,
          },
          Date.now(),
        );
      }
      await flush();
    });
  }
  // Decisions accepted just before the end still return their answer to the caller.
  await condition(allHandlersFinished);
  await flush();
  return engine.view();
}

/** The engine for this run; a definition in a compiled format this code does not know fails the run at once. */
function newEngine(input: RunInput, legacy: boolean): Engine {
  try {
    return new Engine(input, { legacy });
  } catch (error) {
    if (error instanceof UnsupportedDefinitionError)
      throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
