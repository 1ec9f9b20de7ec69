import { Inject, Logger } from '@nestjs/common';
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type ScheduleDescriptionStartWorkflowAction,
} from '@temporalio/client';
import { type CommandParsed, type CommandResponse, WORKER_ERRORS } from '@tatalaman/contracts';
import { CommandClient, CommandController, commandFailure, HandleCommand } from '@tatalaman/messaging';
import { calendarUpdate, type RunInput, type sopRun } from '@tatalaman/workflows';
import { calendarUpdateOf, runOffice } from '../runs/office-input';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS, type TemporalSettings } from '../temporal/temporal.tokens';

/** Runs updated at once: each Update is a round trip to Temporal and a workflow task. */
const CONCURRENCY = 8;
/** A run that does not take its Update within this long is counted as failed (the sync is asked again). */
const UPDATE_TIMEOUT_MS = 15_000;

/**
 * Keeps running runs and recurring schedules on the office's current calendar. The
 * registry calls `worker.calendar.sync` after every calendar change of an office (and
 * retries until it succeeds): each running run of the office gets a `calendar` Update
 * (its open limits that have not fired move), and each of the office's Schedules starts
 * its next runs with the new calendar.
 */
@CommandController()
export class CalendarsController {
  private readonly logger = new Logger('CalendarSync');

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly commands: CommandClient,
  ) {}

  @HandleCommand('worker.calendar.sync')
  async sync(req: CommandParsed<'worker.calendar.sync'>): Promise<CommandResponse<'worker.calendar.sync'>> {
    const view = await this.commands.send('gateway.office.get', { office: req.office });
    const update = calendarUpdateOf(view);
    const runs = { updated: 0, current: 0, failed: 0 };
    const ids: string[] = [];
    const quote = (v: string) => `'${v.replace(/['\\]/g, '')}'`;
    for await (const wf of this.temporal.workflow.list({
      // This worker's runs only: the namespace may hold other deployments' task queues.
      query: `SopOffice = ${quote(req.office)} AND TaskQueue = ${quote(this.settings.taskQueue)} AND ExecutionStatus = 'Running'`,
    })) {
      ids.push(wf.workflowId);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, ids.length) }, async () => {
        while (next < ids.length) {
          const workflowId = ids[next++]!;
          runs[await this.updateRun(workflowId, update)]++;
        }
      }),
    );
    const schedules = await this.updateSchedules(req.office, runOffice(view));
    if (runs.failed > 0) {
      // Asked again later (the registry retries); runs already on this version answer at once.
      throw commandFailure(WORKER_ERRORS['calendar-sync-incomplete'], {
        message: {
          id: `Kalender versi ${update.version} belum sampai ke ${runs.failed} proses SOP; akan dicoba lagi.`,
          en: `Calendar version ${update.version} has not reached ${runs.failed} SOP runs yet; it will be tried again.`,
        },
      });
    }
    return { calendarVersion: view.calendarVersion ?? 0, runs, schedules };
  }

  private async updateRun(
    workflowId: string,
    update: ReturnType<typeof calendarUpdateOf>,
  ): Promise<'updated' | 'current' | 'failed'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A fresh Update id each time: a run that already has this version refuses it in the
      // validator (no history written) and counts as current.
      const updated = this.temporal.workflow
        .getHandle<typeof sopRun>(workflowId)
        .executeUpdate(calendarUpdate, { args: [update] });
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${UPDATE_TIMEOUT_MS} ms`)),
          UPDATE_TIMEOUT_MS,
        );
      });
      updated.catch(() => undefined);
      await Promise.race([updated, late]);
      return 'updated';
    } catch (error) {
      if (
        error instanceof WorkflowUpdateFailedError &&
        error.cause instanceof ApplicationFailure &&
        (error.cause.type === 'calendar-not-newer' || error.cause.type === 'run-ended')
      ) {
        return 'current';
      }
      // Ended since it was listed: nothing to move.
      if (error instanceof WorkflowNotFoundError) return 'current';
      const closed = await this.temporal.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          (d) => d.status.name !== 'RUNNING',
          () => false,
        );
      if (closed) return 'current';
      this.logger.warn(
        `calendar ${update.version} not given to ${workflowId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  /** The office's Schedules start their next runs with the new calendar. */
  private async updateSchedules(office: string, input: RunInput['office']): Promise<number> {
    let count = 0;
    for await (const s of this.temporal.schedule.list()) {
      // The memo names the office (an id prefix could also match another office's code).
      if (!s.scheduleId.startsWith('sched-') || s.memo?.office !== office) continue;
      const handle = this.temporal.schedule.getHandle(s.scheduleId);
      const described = await handle.describe();
      // This worker's schedules only: the namespace may hold other deployments' task queues.
      if ((described.action as ScheduleDescriptionStartWorkflowAction).taskQueue !== this.settings.taskQueue)
        continue;
      await handle.update((previous) => {
        const action = previous.action as ScheduleDescriptionStartWorkflowAction;
        const [args] = (action.args ?? []) as [RunInput];
        return { ...previous, action: { ...action, args: [{ ...args, office: input }] } } as never;
      });
      count++;
    }
    return count;
  }
}
