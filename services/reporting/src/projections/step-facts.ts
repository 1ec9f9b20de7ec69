// A step attempt's fact row (reporting.step_facts): how each step event folds into it,
// whatever order the events arrive in, and the columns derived from it (acted on, outcome,
// working time split into waiting and working, rework, time standard met). Pure functions
// of the row; the projector reads and writes it.
import { type EventOf } from '@tatalaman/contracts';
import { localDate, type OfficeCalendar, workingMillisBetween } from '@tatalaman/working-time';
import { type OfficeInfo } from '../offices/office-directory';
import { PERSON_OR_PLATFORM_KINDS } from './aggregates';
import { earliest, type Row } from './rows';

export type StepEvent = EventOf<
  | 'runs.step-opened'
  | 'runs.step-completed'
  | 'runs.step-reminded'
  | 'runs.step-breached'
  | 'runs.step-escalated'
  | 'runs.step-extended'
  | 'runs.step-postponed'
  | 'runs.step-resumed'
  | 'runs.step-rescheduled'
  | 'runs.step-failed'
>;

/** The columns a step attempt's row starts with, from any of its events. */
export function stepIdentity(e: StepEvent): Row {
  const d = e.data;
  return {
    definition_key: d.definitionKey,
    definition_version: d.definitionVersion,
    flow_id: d.flowId,
    item_id: d.itemId ?? null,
    step_number: d.number,
    step_kind: d.kind,
  };
}

/** Folds one step event into the attempt's row. */
export function foldStepEvent(r: Row, e: StepEvent): void {
  const d = e.data;
  const at = e.occurredAt;
  r.definition_key = r.definition_key ?? d.definitionKey;
  r.definition_version = r.definition_version ?? d.definitionVersion;
  r.flow_id = r.flow_id ?? d.flowId;
  r.item_id = r.item_id ?? d.itemId ?? null;
  r.step_number = r.step_number ?? d.number;
  r.step_kind = r.step_kind ?? d.kind;
  if ('roles' in d && d.roles.length && !(e.type !== 'runs.step-opened' && r.roles)) r.roles = d.roles;
  // The calendar the run counted the attempt with: the newest any of its events names.
  if (d.calendarVersion !== undefined) {
    r.calendar_version = Math.max(Number(r.calendar_version ?? 0), d.calendarVersion);
  }
  switch (e.type) {
    case 'runs.step-opened': {
      const o = e.data;
      r.opened_at = earliest(r.opened_at, at);
      r.description = o.description ?? r.description ?? null;
      r.time_standard = o.timeStandard ?? r.time_standard ?? null;
      r.cause_kind = o.cause.kind;
      r.cause_from = o.cause.from ?? null;
      r.cause_reason = o.cause.reason ?? null;
      // A calendar change may have moved the limit already (a later event): keep the newest.
      if (d.seq > Number(r.due_seq ?? 0)) {
        r.target_at = o.targetAt ?? null;
        r.due_at = o.dueAt ?? null;
        r.due_seq = d.seq;
      }
      break;
    }
    case 'runs.step-rescheduled': {
      const x = e.data;
      if (d.seq > Number(r.due_seq ?? 0)) {
        r.target_at = x.targetAt ?? null;
        r.due_at = x.dueAt ?? null;
        r.due_seq = d.seq;
      }
      break;
    }
    case 'runs.step-completed': {
      const c = e.data;
      r.closed_at = at;
      r.opened_at = earliest(r.opened_at, c.openedAt);
      r.decision = c.decision;
      r.by_id = c.by?.id ?? null;
      r.by_name = c.by?.name ?? null;
      r.on_behalf_of_id = c.onBehalfOf?.id ?? null;
      r.on_behalf_of_name = c.onBehalfOf?.name ?? null;
      r.role = c.role ?? null;
      r.reason = c.reason ?? null;
      r.note = c.note ?? null;
      r.sent_to = c.to ?? null;
      r.event_working_ms = c.workingMs;
      r.within_target = c.withinTarget ?? null;
      r.within_limit = c.withinLimit ?? null;
      r.breached_flag = c.breached ?? null;
      r.saved_minutes = c.savedMinutes === undefined ? null : Math.round(c.savedMinutes);
      r.closed_target_at = c.targetAt ?? null;
      r.closed_due_at = c.dueAt ?? null;
      r.extensions = Math.max(Number(r.extensions ?? 0), c.extensions ?? 0);
      break;
    }
    case 'runs.step-reminded':
      r.reminded_at = earliest(r.reminded_at, at);
      break;
    case 'runs.step-breached':
      r.breached_at = earliest(r.breached_at, at);
      r.time_standard = r.time_standard ?? e.data.timeStandard ?? null;
      break;
    case 'runs.step-escalated':
      if (!r.escalated_at || Date.parse(at) < Date.parse(r.escalated_at as string)) {
        r.escalated_at = at;
        r.escalated_to = e.data.notify;
      }
      break;
    case 'runs.step-extended': {
      const x = e.data;
      if (x.extensions > Number(r.ext_count ?? 0)) {
        r.ext_count = x.extensions;
        r.ext_due_at = x.dueAt ?? null;
        r.ext_seq = d.seq;
      }
      r.extensions = Math.max(Number(r.extensions ?? 0), x.extensions);
      break;
    }
    case 'runs.step-postponed': {
      const p = e.data;
      r.postponed_at = earliest(r.postponed_at, at);
      r.postponed_by_id = p.by.id;
      r.postponed_by_name = p.by.name ?? null;
      r.postpone_role = p.role;
      r.postpone_reason = p.reason ?? null;
      r.postponed_working_ms = p.workingMs ?? r.postponed_working_ms ?? null;
      break;
    }
    case 'runs.step-resumed': {
      const s = e.data;
      r.resumed_at = at;
      r.resumed_by_id = s.by.id;
      r.resumed_by_name = s.by.name ?? null;
      r.postponed_at = earliest(r.postponed_at, s.postponedAt);
      break;
    }
    case 'runs.step-failed':
      r.failures = Number(r.failures ?? 0) + 1;
      break;
  }
}

/** A timestamp column (an ISO string) as epoch milliseconds; null when unset. */
export const instant = (v: unknown): number | null => (typeof v === 'string' ? Date.parse(v) : null);

/**
 * The derived columns of a step attempt (docs/reporting.md, "SLA figures"): when it was
 * acted on, its outcome, its working time and how that splits into waiting and working,
 * whether it is rework, and whether it met its time standard.
 */
export function deriveStep(r: Row, office: OfficeInfo, calendar: OfficeCalendar = office.calendar): void {
  const kind = r.step_kind as string | null;
  const postponedAt = instant(r.postponed_at);
  const closedAt = instant(r.closed_at);
  const openedAt = instant(r.opened_at);
  const actedAt = kind === 'handoff' ? closedAt : (postponedAt ?? closedAt);
  r.acted_at = actedAt === null ? null : new Date(actedAt).toISOString();
  r.acted_day = actedAt === null ? null : localDate(actedAt, office.timeZone);
  r.outcome = postponedAt !== null ? 'postpone' : ((r.decision as string | null) ?? null);

  let total: number | null = null;
  if (postponedAt !== null) {
    // The clock stopped at the postponement: the runtime's own measure when the event has it.
    if (r.postponed_working_ms !== null && r.postponed_working_ms !== undefined)
      total = Number(r.postponed_working_ms);
    else total = openedAt === null ? null : workingMillisBetween(openedAt, postponedAt, calendar);
  } else if (closedAt !== null && r.event_working_ms !== null && r.event_working_ms !== undefined) {
    total = Number(r.event_working_ms);
  }
  r.total_ms = total;
  r.is_rework = r.cause_kind === 'send-back';

  const stopAt = postponedAt ?? closedAt;
  if (total === null) {
    r.waiting_ms = null;
    r.active_ms = null;
  } else if (kind === 'publish' || kind === 'automatic') {
    // The platform does these steps: all of their time is work.
    r.waiting_ms = 0;
    r.active_ms = total;
  } else {
    const claimedAt = instant(r.claimed_at);
    let waiting = total;
    if (claimedAt !== null && openedAt !== null && stopAt !== null && claimedAt < stopAt) {
      waiting = Math.min(total, workingMillisBetween(openedAt, claimedAt, calendar));
    }
    r.waiting_ms = waiting;
    r.active_ms = total - waiting;
  }

  // The limit at close; else the newest of an extension and the limit (a calendar change moves both).
  const latest =
    instant(r.ext_due_at) !== null && Number(r.ext_seq ?? 0) >= Number(r.due_seq ?? 0)
      ? instant(r.ext_due_at)
      : instant(r.due_at);
  const due = instant(r.closed_due_at) ?? latest ?? instant(r.ext_due_at);
  const target = instant(r.closed_target_at) ?? instant(r.target_at);
  const counted =
    actedAt !== null && kind !== null && PERSON_OR_PLATFORM_KINDS.includes(kind) && r.outcome !== 'cancelled';
  r.timed = counted && due !== null;
  if (r.timed) {
    const fromEvent = postponedAt === null;
    r.met_limit = fromEvent && r.within_limit !== null ? r.within_limit : actedAt! <= due!;
    r.met_target =
      fromEvent && r.within_target !== null
        ? r.within_target
        : target === null
          ? actedAt! <= due!
          : actedAt! <= target;
  } else {
    r.met_limit = null;
    r.met_target = null;
  }
  r.is_breached = Boolean(r.breached_flag) || r.breached_at !== null;
}
