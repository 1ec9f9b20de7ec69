// The projector's own SQL, beside the fact rows (rows.ts) and the aggregates
// (aggregates.ts): the lock a rebuild's swap takes against live transactions, the
// applied-events ledger, page-view counts and the latest attempt of a step. `schema` is
// `reporting` or the rebuild's shadow schema, checked by the caller.
import { type EntityManager } from 'typeorm';

/**
 * Key of the advisory lock between live projection transactions (shared) and the swap
 * at the end of a rebuild (exclusive).
 */
export const PROJECTION_LOCK_SQL = `hashtext('tatalaman.reporting.projections')`;

/** Waits while a rebuild swaps its tables in (the lock is held until the transaction ends). */
export async function shareProjectionLock(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${PROJECTION_LOCK_SQL})`);
}

/** Records the event as applied; false when it was applied before. */
export async function markApplied(manager: EntityManager, schema: string, eventId: string): Promise<boolean> {
  const fresh = (await manager.query(
    `INSERT INTO ${schema}.applied_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1`,
    [eventId],
  )) as unknown[];
  return fresh.length > 0;
}

export async function addPageViews(
  manager: EntityManager,
  schema: string,
  office: string,
  c: { day: string; itemId: string; path: string; views: number },
): Promise<void> {
  await manager.query(
    `INSERT INTO ${schema}.page_views AS t (office, day, item_id, path, views) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (office, day, item_id, path) DO UPDATE SET views = t.views + EXCLUDED.views`,
    [office, c.day, c.itemId, c.path, c.views],
  );
}

export async function addMonthViews(
  manager: EntityManager,
  schema: string,
  office: string,
  m: { month: string; itemId: string; views: number },
): Promise<void> {
  await manager.query(
    `INSERT INTO ${schema}.views_month AS t (office, month, item_id, views) VALUES ($1, $2, $3, $4)
     ON CONFLICT (office, month, item_id) DO UPDATE SET views = t.views + EXCLUDED.views`,
    [office, m.month, m.itemId, m.views],
  );
}

/** The highest attempt of a step known now, or null. */
export async function latestAttempt(
  manager: EntityManager,
  schema: string,
  office: string,
  workflowId: string,
  stepId: string,
): Promise<number | null> {
  const [row] = (await manager.query(
    `SELECT max(attempt) AS attempt FROM ${schema}.step_facts WHERE office = $1 AND workflow_id = $2 AND step_id = $3`,
    [office, workflowId, stepId],
  )) as { attempt: number | null }[];
  return row?.attempt ?? null;
}
