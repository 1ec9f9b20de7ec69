// The instants of a run's time standards, as pure functions of the definition, the
// calendar and when a step or deadline started: the engine computes them when a step
// opens and again when the office calendar changes, and both must agree.
import type {
  CompiledDeadline,
  CompiledExtension,
  CompiledStep,
  Duration,
} from '@tatalaman/sop-language/runtime';
import {
  addWorkingTime,
  subtractWorkingTime,
  zonedTimeToUtc,
  type OfficeCalendar,
} from '@tatalaman/working-time';

const DAY_MS = 86_400_000;

/** Target and limit of a timed step opened at `openedAt`, after `extensions` extensions. */
export function stepInstants(
  step: CompiledStep,
  openedAt: number,
  extensions: number,
  calendar: OfficeCalendar,
): { targetAt?: number; dueAt?: number } {
  if (!step.time || step.kind === 'parallel') return {};
  const opts = { calendarTime: step.time.calendar };
  const targetAt = addWorkingTime(openedAt, step.time.target, calendar, opts);
  let dueAt = addWorkingTime(openedAt, step.time.limit, calendar, opts);
  for (let i = 0; i < extensions; i++) dueAt = extendedDue(step, dueAt, calendar);
  return { targetAt, dueAt };
}

/** The limit after one more extension of a step due at `dueAt`. */
export function extendedDue(step: CompiledStep, dueAt: number, calendar: OfficeCalendar): number {
  return extendBy(step.extension!, step.time?.calendar, dueAt, calendar);
}

/** The limit after one more extension of a deadline across steps due at `dueAt`. */
export function extendedDeadlineDue(def: CompiledDeadline, dueAt: number, calendar: OfficeCalendar): number {
  return extendBy(def.extension!, def.time.calendar, dueAt, calendar);
}

function extendBy(
  ext: CompiledExtension,
  timeCalendar: boolean | undefined,
  dueAt: number,
  calendar: OfficeCalendar,
): number {
  // "2 hari kalender" / "2 hari kerja" say it; otherwise as the time standard it extends.
  return addWorkingTime(dueAt, ext.by, calendar, { calendarTime: ext.calendar ?? timeCalendar });
}

/** When the holders are reminded of a step due at `dueAt`; undefined when no reminder or it is already past. */
export function stepRemindAt(
  step: CompiledStep,
  dueAt: number | undefined,
  now: number,
  calendar: OfficeCalendar,
): number | undefined {
  const esc = step.escalation;
  return remindBefore(
    dueAt,
    esc?.remindBefore ?? null,
    esc?.remindCalendar ?? step.time?.calendar,
    now,
    calendar,
  );
}

/** A deadline across steps that started at `startedAt`, after `extensions` extensions: its limit and reminder. */
export function deadlineInstants(
  def: CompiledDeadline,
  startedAt: number,
  now: number,
  calendar: OfficeCalendar,
  extensions = 0,
): { dueAt: number; remindAt?: number } {
  let dueAt = addWorkingTime(startedAt, def.time.limit, calendar, { calendarTime: def.time.calendar });
  for (let i = 0; i < extensions; i++) dueAt = extendedDeadlineDue(def, dueAt, calendar);
  const esc = def.escalation;
  const remindAt = remindBefore(
    dueAt,
    esc?.remindBefore ?? null,
    esc?.remindCalendar ?? def.time.calendar,
    now,
    calendar,
  );
  return { dueAt, remindAt };
}

function remindBefore(
  dueAt: number | undefined,
  before: Duration | null,
  calendarTime: boolean | null | undefined,
  now: number,
  calendar: OfficeCalendar,
): number | undefined {
  if (dueAt === undefined || !before) return undefined;
  const at = subtractWorkingTime(dueAt, before, calendar, { calendarTime: calendarTime ?? false });
  return at > now ? at : undefined;
}

/** Ask for a fresh calendar this long before its holidays run out (a year: time standards are at most that). */
const REFRESH_BEFORE_DAYS = 366;
/** After a refresh that brought nothing newer, ask again no sooner than this. */
const REFRESH_RETRY_MS = DAY_MS;

/**
 * When a run should ask for a fresh copy of its office calendar: a year before the last
 * day its holidays are known for, and not more than once a day. Undefined when the
 * calendar does not say how far it reaches (older runs).
 */
export function calendarRefreshAt(
  until: string | undefined,
  calendar: OfficeCalendar,
  checkedAt: number | undefined,
): number | undefined {
  if (!until || !/^\d{4}-\d{2}-\d{2}$/.test(until)) return undefined;
  const lastDay = zonedTimeToUtc(until, '00:00', calendar.timeZone);
  const at = lastDay - REFRESH_BEFORE_DAYS * DAY_MS;
  return checkedAt === undefined ? at : Math.max(at, checkedAt + REFRESH_RETRY_MS);
}
