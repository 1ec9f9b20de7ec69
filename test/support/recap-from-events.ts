import type { AnyEvent } from '@tatalaman/contracts';

/**
 * The monthly recap's counts worked out again from the raw run and publishing
 * events, with the rules docs/reporting.md states and none of the reporting
 * service's code, so a test can hold the projection to them.
 */
export interface RecapCounts {
  itemsSubmitted: number;
  runsCompleted: number;
  runsRejected: number;
  runsCancelled: number;
  itemsPublished: number;
  postponements: number;
  sendBacks: number;
  closed: number;
  timed: number;
  withinLimit: number;
  compliance: number | null;
}

const PEOPLE_AND_PLATFORM_STEPS = new Set(['work', 'review', 'publish', 'automatic']);

type Payload = Record<string, unknown>;

/** Counts per local month (`YYYY-MM` in the office's time zone). */
export function recapFromEvents(events: AnyEvent[], timeZone: string): Map<string, RecapCounts> {
  const monthOf = (iso: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
    }).formatToParts(new Date(iso));
    return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
  };
  const months = new Map<string, RecapCounts>();
  const month = (iso: string) => {
    const key = monthOf(iso);
    let counts = months.get(key);
    if (!counts) {
      counts = {
        itemsSubmitted: 0,
        runsCompleted: 0,
        runsRejected: 0,
        runsCancelled: 0,
        itemsPublished: 0,
        postponements: 0,
        sendBacks: 0,
        closed: 0,
        timed: 0,
        withinLimit: 0,
        compliance: null,
      };
      months.set(key, counts);
    }
    return counts;
  };

  const sorted = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const dueOfAttempt = new Map<string, string | undefined>();
  const actedOn = new Map<string, { at: string; due?: string; within: boolean }>();
  const published = new Set<string>();
  const attemptKey = (d: Payload) => `${String(d.workflowId)}/${String(d.stepId)}/${String(d.attempt)}`;

  for (const e of sorted) {
    const d = e.data as Payload;
    switch (e.type) {
      case 'runs.run-started':
        if (d.trigger === 'item') month(e.occurredAt).itemsSubmitted++;
        break;
      case 'runs.run-ended': {
        const counts = month(e.occurredAt);
        if (d.outcome === 'completed') counts.runsCompleted++;
        if (d.outcome === 'rejected') counts.runsRejected++;
        if (d.outcome === 'cancelled') counts.runsCancelled++;
        break;
      }
      case 'runs.step-opened':
        dueOfAttempt.set(attemptKey(d), d.dueAt as string | undefined);
        break;
      case 'runs.step-postponed': {
        month(e.occurredAt).postponements++;
        const key = attemptKey(d);
        const due = dueOfAttempt.get(key);
        if (!actedOn.has(key))
          actedOn.set(key, { at: e.occurredAt, due, within: !due || e.occurredAt <= due });
        break;
      }
      case 'runs.step-completed': {
        if (d.decision === 'send-back') month(e.occurredAt).sendBacks++;
        if (!PEOPLE_AND_PLATFORM_STEPS.has(String(d.kind)) || d.decision === 'cancelled') break;
        const key = attemptKey(d);
        if (actedOn.has(key)) break; // acted on once already (a postponement)
        const due = (d.dueAt as string | undefined) ?? dueOfAttempt.get(key);
        actedOn.set(key, { at: e.occurredAt, due, within: d.withinLimit === true });
        break;
      }
      case 'publishing.publication-published': {
        const item = String(d.itemId);
        if (!published.has(item)) {
          published.add(item);
          month(e.occurredAt).itemsPublished++;
        }
        break;
      }
    }
  }
  for (const attempt of actedOn.values()) {
    const counts = month(attempt.at);
    counts.closed++;
    if (attempt.due) {
      counts.timed++;
      if (attempt.within) counts.withinLimit++;
    }
  }
  for (const counts of months.values())
    counts.compliance = counts.timed ? counts.withinLimit / counts.timed : null;
  return months;
}
