import { assertSchemaName } from '@tatalaman/persistence';
import { localDate } from '@tatalaman/working-time';
import { type EntityManager } from 'typeorm';
import { type Contribution, contribute, METRICS, type Metrics } from './metrics';
import { type Row } from './rows';

const dayOf = (at: unknown, timeZone: string): string | null =>
  typeof at === 'string' ? localDate(Date.parse(at), timeZone) : null;

const n = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Steps people (and the platform's publish/automatic steps) act on; handoffs and parallel containers are apart. */
export const PERSON_OR_PLATFORM_KINDS = ['work', 'review', 'publish', 'automatic'];

/**
 * What one step attempt adds to the office's daily and monthly counters. The rules are
 * the definitions of docs/reporting.md ("SLA figures"):
 *
 * - a closed attempt counts on the local day it was acted on (decided, postponed, or
 *   finished by the platform); cancelled attempts count apart and nowhere else;
 * - its working time is rework (charged to the sender) when a send-back opened it, else
 *   waiting + working;
 * - a handoff counts its saved minutes on the day it happened;
 * - breach, escalation and postponement events count on the day they happened.
 */
export function stepContribution(r: Row, timeZone: string): Contribution {
  const c: Contribution = new Map();
  const kind = r.step_kind as string | null;
  if (kind === 'handoff') {
    contribute(c, dayOf(r.closed_at, timeZone), { handoffs: 1, saved_minutes: n(r.saved_minutes) });
    return c;
  }
  if (kind === null || !PERSON_OR_PLATFORM_KINDS.includes(kind)) return c;
  const day = r.acted_day as string | null;
  if (day && r.outcome === 'cancelled') {
    contribute(c, day, { steps_cancelled: 1 });
  } else if (day && r.total_ms !== null && r.total_ms !== undefined) {
    const m: Metrics = {
      steps_closed: 1,
      total_ms: n(r.total_ms),
      extensions: n(r.extensions),
      breached_closed: r.is_breached ? 1 : 0,
      escalated_closed: r.escalated_at ? 1 : 0,
      sendbacks: r.outcome === 'send-back' ? 1 : 0,
      rejections: r.outcome === 'reject' ? 1 : 0,
    };
    if (r.timed) {
      m.steps_timed = 1;
      m.within_limit = r.met_limit ? 1 : 0;
      m.within_target = r.met_target ? 1 : 0;
    }
    if (r.is_rework) {
      m.rework_ms = n(r.total_ms);
      m.rework_count = 1;
    } else {
      m.waiting_ms = n(r.waiting_ms);
      m.working_ms = n(r.active_ms);
    }
    contribute(c, day, m);
  }
  contribute(c, dayOf(r.breached_at, timeZone), { breaches: 1 });
  contribute(c, dayOf(r.escalated_at, timeZone), { escalations: 1 });
  contribute(c, dayOf(r.postponed_at, timeZone), { postponements: 1 });
  return c;
}

/** Item runs submitted (started) and ended; completed item runs give the cycle times. */
export function runContribution(r: Row): Contribution {
  const c: Contribution = new Map();
  const itemRun = r.item_id !== null && r.item_id !== undefined;
  if (itemRun) contribute(c, r.started_day as string | null, { items_submitted: 1 });
  const ended = r.ended_day as string | null;
  if (ended && itemRun) {
    const outcome = r.outcome as string;
    const m: Metrics = {
      runs_completed: outcome === 'completed' ? 1 : 0,
      runs_rejected: outcome === 'rejected' ? 1 : 0,
      runs_cancelled: outcome === 'cancelled' ? 1 : 0,
    };
    if (outcome === 'completed' && r.working_ms !== null) {
      m.cycle_count = 1;
      m.cycle_working_ms = n(r.working_ms);
      m.cycle_elapsed_ms = n(r.elapsed_ms);
    }
    contribute(c, ended, m);
  }
  // Deadlines across steps count in the month their run ended (any run, recurring ones too).
  contribute(c, ended, {
    deadlines_met: n(r.deadlines_met),
    deadlines_extended: n(r.deadlines_extended),
    deadlines_breached: n(r.deadline_breaches),
  });
  return c;
}

export function itemContribution(r: Row): Contribution {
  const c: Contribution = new Map();
  contribute(c, r.first_published_day as string | null, { items_published: 1 });
  return c;
}

export function postContribution(r: Row): Contribution {
  const c: Contribution = new Map();
  contribute(c, r.first_published_day as string | null, { posts: 1 });
  return c;
}

/**
 * Adds a difference of contributions to `office_month` and `office_day` in one statement,
 * rows in key order (transactions touching the same counters lock them in the same order).
 */
export async function applyDelta(
  manager: EntityManager,
  schema: string,
  office: string,
  delta: Contribution,
): Promise<void> {
  if (!delta.size) return;
  const s = assertSchemaName(schema);
  const months = new Map<string, Metrics>();
  for (const [day, metrics] of delta) {
    const month = day.slice(0, 7);
    const acc = months.get(month) ?? {};
    for (const m of METRICS) if (metrics[m]) acc[m] = (acc[m] ?? 0) + metrics[m]!;
    months.set(month, acc);
  }
  const names = METRICS.filter((m) => [...delta.values()].some((x) => x[m]));
  if (!names.length) return;
  const params: unknown[] = [office];
  const values = (rows: [string, Metrics][]) =>
    rows
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, metrics]) => {
        params.push(key, ...names.map((m) => metrics[m] ?? 0));
        const base = params.length - names.length - 1;
        return `($1, $${base + 1}${names.map((_, i) => `, $${base + 2 + i}::bigint`).join('')})`;
      })
      .join(', ');
  const upsert = (table: string, key: 'month' | 'day', rows: string) =>
    `INSERT INTO ${s}.${table} AS t (office, ${key}, ${names.join(', ')}) VALUES ${rows}
     ON CONFLICT (office, ${key}) DO UPDATE SET ${names.map((m) => `${m} = t.${m} + EXCLUDED.${m}`).join(', ')}`;
  const monthRows = values([...months]);
  const dayRows = values([...delta]);
  await manager.query(
    `WITH m AS (${upsert('office_month', 'month', monthRows)}) ${upsert('office_day', 'day', dayRows)}`,
    params,
  );
}
