/**
 * The counters of the aggregate tables (`office_month`, `office_day`): one bigint column
 * each. Facts contribute to them; a change of a fact applies the difference between its
 * new and its old contribution, so the aggregates are the sums of the facts whatever the
 * order events arrive in (see docs/reporting.md, "Aggregates").
 */
export const METRICS = [
  'items_submitted',
  'runs_completed',
  'runs_rejected',
  'runs_cancelled',
  'cycle_count',
  'cycle_working_ms',
  'cycle_elapsed_ms',
  'steps_closed',
  'steps_cancelled',
  'steps_timed',
  'within_limit',
  'within_target',
  'breached_closed',
  'escalated_closed',
  'extensions',
  'total_ms',
  'waiting_ms',
  'working_ms',
  'rework_ms',
  'rework_count',
  'sendbacks',
  'rejections',
  'postponements',
  'breaches',
  'escalations',
  'handoffs',
  'saved_minutes',
  'items_published',
  'posts',
  'views',
  // Deadlines across steps of the runs that ended: met (within the limit as extended),
  // extended at least once, breached.
  'deadlines_met',
  'deadlines_extended',
  'deadlines_breached',
] as const;

export type Metric = (typeof METRICS)[number];
export type Metrics = Partial<Record<Metric, number>>;

/** Where a contribution goes: a local month (`YYYY-MM`) and a local day (`YYYY-MM-DD`). */
export interface Bucket {
  day: string;
  metrics: Metrics;
}

/** Contributions of one fact: local day → metrics (the month is the day's first 7 characters). */
export type Contribution = Map<string, Metrics>;

export function contribute(into: Contribution, day: string | null | undefined, metrics: Metrics): void {
  if (!day) return;
  const current = into.get(day) ?? {};
  for (const [k, v] of Object.entries(metrics) as [Metric, number | undefined][]) {
    if (!v) continue;
    current[k] = (current[k] ?? 0) + v;
  }
  into.set(day, current);
}

/** new − old, per day and metric, leaving out zeros. */
export function difference(next: Contribution, previous: Contribution): Contribution {
  const out: Contribution = new Map();
  for (const day of new Set([...next.keys(), ...previous.keys()])) {
    const a = next.get(day) ?? {};
    const b = previous.get(day) ?? {};
    const delta: Metrics = {};
    for (const m of METRICS) {
      const d = (a[m] ?? 0) - (b[m] ?? 0);
      if (d !== 0) delta[m] = d;
    }
    if (Object.keys(delta).length) out.set(day, delta);
  }
  return out;
}
