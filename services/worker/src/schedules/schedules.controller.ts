import { Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import {
  ScheduleNotFoundError,
  type Client,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import type { CommandParsed, CommandResponse } from '@tatalaman/contracts';
import { CommandClient, CommandController, HandleCommand, commandMeta } from '@tatalaman/messaging';
import { SOP_DEFINITION_KEY, SOP_OFFICE, SOP_STATE, sopRun } from '@tatalaman/workflows';
import { runOffice } from '../runs/office-input';
import type { CompiledSchedule } from '@tatalaman/sop-language/runtime';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS, type TemporalSettings } from '../temporal/temporal.tokens';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export const scheduleIdPrefix = (office: string, key: string) => `sched-${office}-${key}-`;

const LAST_DAY = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Leap years until 2096 (2100 is not one), and the other years, as Temporal year ranges. */
const LEAP_YEARS = [{ start: 2024, end: 2096, step: 4 }];
const COMMON_YEARS = [1, 2, 3].map((k) => ({ start: 2024 + k, end: 2099, step: 4 }));

/**
 * A definition's schedule as Temporal calendars in the schedule's zone. "Last day of the
 * month" is the exact last day of each month it runs in: 28 or 29 February by year, so no
 * run starts on a day that is not its day.
 */
export function scheduleSpec(schedule: CompiledSchedule): ScheduleSpec {
  const [hour, minute] = schedule.at.split(':').map(Number) as [number, number];
  const base = { hour, minute, comment: schedule.text.en };
  if (schedule.every === 'week') {
    return {
      calendars: [{ ...base, dayOfWeek: WEEKDAYS[(schedule.weekday ?? 1) - 1]! }],
      timezone: schedule.timeZone,
    };
  }
  if (schedule.day !== 'last') {
    return {
      calendars: [
        { ...base, month: schedule.months.map((m) => MONTHS[m - 1]!), dayOfMonth: schedule.day ?? 1 },
      ],
      timezone: schedule.timeZone,
    };
  }
  const calendars: ScheduleSpec['calendars'] = [];
  for (const last of [31, 30]) {
    const months = schedule.months.filter((m) => LAST_DAY[m - 1] === last).map((m) => MONTHS[m - 1]!);
    if (months.length) calendars.push({ ...base, month: months, dayOfMonth: last });
  }
  if (schedule.months.includes(2)) {
    calendars.push({ ...base, month: 'FEBRUARY', dayOfMonth: 29, year: LEAP_YEARS });
    calendars.push({ ...base, month: 'FEBRUARY', dayOfMonth: 28, year: COMMON_YEARS });
  }
  return { calendars, timezone: schedule.timeZone };
}

/** Keeps the Temporal Schedules of an office's recurring processes in step with its active definitions. */
@CommandController()
export class SchedulesController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly commands: CommandClient,
  ) {}

  @HandleCommand('worker.schedules.sync')
  async sync(
    req: CommandParsed<'worker.schedules.sync'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'worker.schedules.sync'>> {
    const prefix = scheduleIdPrefix(req.office, req.definition.key);
    const existing = await this.existing(prefix);
    if (req.remove) {
      await Promise.all(existing.map((id) => this.temporal.schedule.getHandle(id).delete()));
      return { schedules: [] };
    }
    const correlationId = commandMeta(ctx).correlationId;
    const [found, office] = await Promise.all([
      this.commands.send(
        'sop-registry.definition.get',
        { office: req.office, key: req.definition.key, version: req.definition.version },
        { correlationId },
      ),
      this.commands.send('gateway.office.get', { office: req.office }, { correlationId }),
    ]);
    const definition = found.compiled;
    const wanted = definition.flowOrder
      .map((id) => definition.flows[id]!)
      .filter((flow) => flow.trigger === 'schedule' && flow.schedule);

    const result: CommandResponse<'worker.schedules.sync'>['schedules'] = [];
    for (const flow of wanted) {
      const scheduleId = `${prefix}${flow.id}`;
      const options: ScheduleOptions = {
        scheduleId,
        spec: scheduleSpec(flow.schedule!),
        action: {
          type: 'startWorkflow',
          workflowType: sopRun,
          workflowId: `${scheduleId}-run`,
          taskQueue: this.settings.taskQueue,
          args: [
            {
              office: runOffice(office),
              definition,
              flowId: flow.id,
              startedBy: { kind: 'system', id: 'schedule', name: flow.schedule!.text.id },
            },
          ],
          typedSearchAttributes: [
            { key: SOP_OFFICE, value: req.office },
            { key: SOP_DEFINITION_KEY, value: definition.key },
            { key: SOP_STATE, value: 'running' },
          ],
          memo: { definitionVersion: definition.version },
        },
        memo: { office: req.office, definitionKey: definition.key, definitionVersion: definition.version },
      };
      if (existing.includes(scheduleId)) {
        await this.temporal.schedule.getHandle(scheduleId).update((previous) => ({
          ...previous,
          spec: options.spec,
          action: options.action,
        }));
      } else {
        await this.temporal.schedule.create(options);
      }
      const described = await this.temporal.schedule.getHandle(scheduleId).describe();
      result.push({ scheduleId, flowId: flow.id, next: described.info.nextActionTimes[0]?.toISOString() });
    }
    // Flows the new version no longer has stop firing.
    const keep = new Set(result.map((r) => r.scheduleId));
    await Promise.all(
      existing
        .filter((id) => !keep.has(id))
        .map((id) => this.temporal.schedule.getHandle(id).delete().catch(ignoreMissing)),
    );
    return { schedules: result };
  }

  private async existing(prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const s of this.temporal.schedule.list())
      if (s.scheduleId.startsWith(prefix)) ids.push(s.scheduleId);
    return ids;
  }
}

function ignoreMissing(error: unknown) {
  if (!(error instanceof ScheduleNotFoundError)) throw error;
}
