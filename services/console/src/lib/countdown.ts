import { workingMillisBetween, type OfficeCalendar } from '@tatalaman/working-time';

/** How urgent an open step is: its colour and its text label in My tasks. */
export type Urgency = 'none' | 'normal' | 'near' | 'breached' | 'paused';

/** "Near" when less than this share of the limit is left… */
export const NEAR_SHARE = 0.25;
/** …or less than this much working time, whichever comes first. */
export const NEAR_MS = 30 * 60_000;

export interface Countdown {
  urgency: Urgency;
  /** Working time left until the limit; negative once breached (working time past it). */
  remainingMs: number | null;
  /** The whole limit in working time, from the step's opening. */
  limitMs: number | null;
}

export interface CountdownInput {
  now: number;
  openedAt?: string | null;
  dueAt?: string | null;
  /** The runtime said the limit passed (a breach event): trusted even if clocks differ. */
  breached?: boolean;
  postponed?: boolean;
}

/**
 * The countdown of a step in the office's working time (its calendar: hours, holidays).
 * Breached: past the limit (or flagged by the runtime). Near: under 25 % of the limit
 * left, or under 30 working minutes. Postponed steps have no running clock.
 */
export function countdown(input: CountdownInput, calendar: OfficeCalendar): Countdown {
  if (input.postponed) return { urgency: 'paused', remainingMs: null, limitMs: null };
  if (!input.dueAt) return { urgency: 'none', remainingMs: null, limitMs: null };
  const due = Date.parse(input.dueAt);
  const opened = input.openedAt ? Date.parse(input.openedAt) : NaN;
  const limitMs = Number.isFinite(opened) ? workingMillisBetween(opened, due, calendar) : null;
  if (input.now >= due) {
    return { urgency: 'breached', remainingMs: -workingMillisBetween(due, input.now, calendar), limitMs };
  }
  const remainingMs = workingMillisBetween(input.now, due, calendar);
  if (input.breached) return { urgency: 'breached', remainingMs, limitMs };
  const near =
    remainingMs < NEAR_MS || (limitMs !== null && limitMs > 0 && remainingMs < limitMs * NEAR_SHARE);
  return { urgency: near ? 'near' : 'normal', remainingMs, limitMs };
}

/** Sort order of My tasks: soonest limit first, steps without a limit last, then oldest. */
export function byDeadline<T extends { dueAt?: string | null; openedAt?: string | null }>(
  a: T,
  b: T,
): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  const oa = a.openedAt ? Date.parse(a.openedAt) : 0;
  const ob = b.openedAt ? Date.parse(b.openedAt) : 0;
  return oa - ob;
}
