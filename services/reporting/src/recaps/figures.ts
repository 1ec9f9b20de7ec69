// From the summed aggregate counters and the completed runs to the figures a recap and
// the platform comparison show: SLA figures, the summary, cycle times. Pure functions.
import type {
  ComparisonRow,
  DeadlineFigures,
  RecapCycle,
  RecapSummary,
  SlaFigures,
} from '@tatalaman/contracts';
import { METRICS, type Metric } from '../projections/metrics';
import { contentTypeLabel } from './labels';
import { ratio } from './sla';

/** The aggregate counters summed over some rows of `office_month` or `office_day`. */
export type Counters = Record<Metric, number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as Counters;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** SLA figures of an office (or several) from the aggregate counters. */
export function figuresOf(c: Counters): SlaFigures {
  return {
    closed: c.steps_closed,
    timed: c.steps_timed,
    withinLimit: c.within_limit,
    withinTarget: c.within_target,
    compliance: ratio(c.within_limit, c.steps_timed),
    targetCompliance: ratio(c.within_target, c.steps_timed),
    breached: c.breached_closed,
    escalated: c.escalated_closed,
    extensions: c.extensions,
    waitingMs: c.waiting_ms,
    workingMs: c.working_ms,
    reworkMs: c.rework_ms,
    reworkCount: c.rework_count,
    sendBacks: c.sendbacks,
    avgMs: c.steps_closed > 0 ? Math.round(c.total_ms / c.steps_closed) : null,
    handoffs: c.handoffs,
    savedMinutes: c.saved_minutes,
  };
}

export function deadlinesOf(c: Counters): DeadlineFigures {
  return { met: c.deadlines_met, extended: c.deadlines_extended, breached: c.deadlines_breached };
}

export function summaryOf(c: Counters, medianWorkingMs: number | null): RecapSummary {
  return {
    itemsSubmitted: c.items_submitted,
    runsCompleted: c.runs_completed,
    runsRejected: c.runs_rejected,
    runsCancelled: c.runs_cancelled,
    posts: c.posts,
    itemsPublished: c.items_published,
    views: c.views,
    sla: figuresOf(c),
    breaches: c.breaches,
    escalations: c.escalations,
    postponements: c.postponements,
    rejections: c.rejections,
    deadlines: deadlinesOf(c),
    cycle: {
      count: c.cycle_count,
      avgWorkingMs: c.cycle_count > 0 ? Math.round(c.cycle_working_ms / c.cycle_count) : null,
      medianWorkingMs,
      avgElapsedMs: c.cycle_count > 0 ? Math.round(c.cycle_elapsed_ms / c.cycle_count) : null,
    },
  };
}

export function comparisonFigures(c: Counters): Omit<ComparisonRow, 'office' | 'name' | 'kind'> {
  return {
    itemsSubmitted: c.items_submitted,
    runsCompleted: c.runs_completed,
    posts: c.posts,
    views: c.views,
    closedSteps: c.steps_closed,
    timedSteps: c.steps_timed,
    compliance: ratio(c.within_limit, c.steps_timed),
    breaches: c.breaches,
    escalations: c.escalations,
    sendBacks: c.sendbacks,
    postponements: c.postponements,
    avgCycleWorkingMs: c.cycle_count > 0 ? Math.round(c.cycle_working_ms / c.cycle_count) : null,
    reworkMs: c.rework_ms,
    savedMinutes: c.saved_minutes,
  };
}

/** Cycle times per content type, from the completed runs. */
export function cycleTimes(
  cycles: { content_type: string | null; working_ms: number; elapsed_ms: number }[],
): RecapCycle[] {
  const byType = new Map<string, { working: number[]; elapsed: number }>();
  for (const c of cycles) {
    const key = c.content_type ?? '';
    const cur = byType.get(key) ?? { working: [], elapsed: 0 };
    cur.working.push(c.working_ms);
    cur.elapsed += c.elapsed_ms;
    byType.set(key, cur);
  }
  return [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([contentType, v]) => ({
      contentType,
      contentTypeLabel: contentTypeLabel(contentType),
      count: v.working.length,
      avgWorkingMs: Math.round(v.working.reduce((a, b) => a + b, 0) / v.working.length),
      medianWorkingMs: median(v.working)!,
      avgElapsedMs: Math.round(v.elapsed / v.working.length),
    }));
}
