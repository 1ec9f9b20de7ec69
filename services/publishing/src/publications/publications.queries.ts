// The publications' SQL: the publish step's stored answers, the schedules (set by admins,
// armed by runs, claimed by the schedule pass), the receipts behind a run's timeline, and
// the pages with their receipts and schedules for the publication views. Every statement
// names its office, except the claim of due schedules, which is every office's work.
import type { Actor, CommandResponse, ScheduleView } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { T } from '../persistence';
import { PAGE_COLUMNS, type PageRow, type ReceiptRow } from './pages';
import { type RunRef } from './publisher';

export interface ScheduleRow {
  id: string;
  office: string;
  item_id: string;
  publish_at: Date;
  time_zone: string;
  state: ScheduleView['state'];
  revision: number | null;
  channels: string[];
  request: { requestKey: string; run: RunRef; slug?: string } | null;
  attempts: number;
  retry_at: Date | null;
  last_error: string | null;
  created_by: Actor | null;
  created_at: Date;
  updated_at: Date;
  fired_at: Date | null;
}

// ---- the publish step's answers -----------------------------------------------------

type StepResponse = CommandResponse<'publishing.step.publish'>;

export async function storedStepRequest(
  db: Db,
  office: string,
  key: string,
): Promise<{ request_hash: string; response: StepResponse } | undefined> {
  const [row] = (await db.query(
    `SELECT request_hash, response FROM ${T.stepRequests} WHERE office = $1 AND key = $2`,
    [office, key],
  )) as { request_hash: string; response: StepResponse }[];
  return row;
}

/** Keeps the answer under its key; a concurrent first answer stays. */
export async function storeStepRequest(
  db: Db,
  r: { office: string; key: string; hash: string; itemId: string; response: StepResponse },
): Promise<void> {
  await db.query(
    `INSERT INTO ${T.stepRequests} (office, key, request_hash, item_id, response) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (office, key) DO NOTHING`,
    [r.office, r.key, r.hash, r.itemId, JSON.stringify(r.response)],
  );
}

// ---- schedules --------------------------------------------------------------------

/** The item's schedule that has not fired or been cancelled, locked for the transaction when `lock`. */
export function activeSchedule(
  db: Db,
  office: string,
  itemId: string,
  lock = false,
): Promise<ScheduleRow | undefined> {
  return one<ScheduleRow>(
    db,
    `SELECT * FROM ${T.schedules} WHERE office = $1 AND item_id = $2 AND state IN ('waiting-for-run', 'armed')${lock ? ' FOR UPDATE' : ''}`,
    [office, itemId],
  );
}

/** A new schedule of the item, waiting for its run's publish step. */
export async function insertSchedule(
  db: Db,
  s: { id: string; office: string; itemId: string; publishAt: Date; timeZone: string; createdBy: Actor },
): Promise<ScheduleRow> {
  return (await one<ScheduleRow>(
    db,
    `INSERT INTO ${T.schedules} (id, office, item_id, publish_at, time_zone, state, created_by)
     VALUES ($1, $2, $3, $4, $5, 'waiting-for-run', $6) RETURNING *`,
    [s.id, s.office, s.itemId, s.publishAt, s.timeZone, JSON.stringify(s.createdBy)],
  ))!;
}

/** A new time for the schedule; its failed attempts are forgotten. */
export async function reschedule(
  db: Db,
  office: string,
  id: string,
  publishAt: Date,
  timeZone: string,
): Promise<ScheduleRow> {
  return (await one<ScheduleRow>(
    db,
    `UPDATE ${T.schedules} SET publish_at = $3, time_zone = $4, attempts = 0, retry_at = NULL,
       last_error = NULL, updated_at = now()
     WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id, publishAt, timeZone],
  ))!;
}

export async function cancelSchedule(db: Db, office: string, id: string): Promise<ScheduleRow> {
  return (await one<ScheduleRow>(
    db,
    `UPDATE ${T.schedules} SET state = 'cancelled', updated_at = now() WHERE office = $1 AND id = $2 RETURNING *`,
    [office, id],
  ))!;
}

/** Up to `limit` schedules, newest first, after the cursor's (created_at, id). */
export function schedulesAfter(
  db: Db,
  office: string,
  filter: { state?: string },
  after: { at: string; id: string } | null | undefined,
  limit: number,
): Promise<ScheduleRow[]> {
  const params: unknown[] = [office];
  const where = ['office = $1'];
  if (filter.state) where.push(`state = $${params.push(filter.state)}`);
  if (after) where.push(`(created_at, id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
  return rows<ScheduleRow>(
    db,
    `SELECT * FROM ${T.schedules} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    params,
  );
}

/**
 * Up to 10 armed schedules of any office whose time has come, leased for 2 minutes
 * (`FOR UPDATE SKIP LOCKED`: replicas never claim the same one).
 */
export function claimDueSchedules(db: Db): Promise<ScheduleRow[]> {
  return rows<ScheduleRow>(
    db,
    `UPDATE ${T.schedules} SET retry_at = now() + interval '2 minutes' WHERE id IN (
       SELECT id FROM ${T.schedules}
       WHERE state = 'armed' AND publish_at <= now() AND (retry_at IS NULL OR retry_at <= now())
       ORDER BY publish_at LIMIT 10 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
  );
}

/** A due schedule published its item. */
export async function scheduleFired(db: Db, office: string, id: string): Promise<void> {
  await rows(
    db,
    `UPDATE ${T.schedules} SET state = 'done', fired_at = now(), last_error = NULL, updated_at = now()
     WHERE office = $1 AND id = $2`,
    [office, id],
  );
}

/** A due schedule's attempt failed: tried again in `retryInMs`, or `failed` for good. */
export async function scheduleAttemptFailed(
  db: Db,
  office: string,
  id: string,
  f: { attempts: number; error: string; retryInMs: number; failed: boolean },
): Promise<void> {
  await rows(
    db,
    `UPDATE ${T.schedules} SET attempts = $3, last_error = $4, updated_at = now(),
       retry_at = now() + ($5 || ' milliseconds')::interval,
       state = CASE WHEN $6 THEN 'failed' ELSE state END
     WHERE office = $1 AND id = $2 AND state = 'armed'`,
    [office, id, f.attempts, f.error, String(f.retryInMs), f.failed],
  );
}

export async function scheduleState(db: Db, office: string, id: string): Promise<string | undefined> {
  const [row] = (await db.query(`SELECT state FROM ${T.schedules} WHERE office = $1 AND id = $2`, [
    office,
    id,
  ])) as { state: string }[];
  return row?.state;
}

/** Keeps the run's publish request on the schedule, to be published at its time. */
export async function armSchedule(
  db: Db,
  office: string,
  id: string,
  s: {
    revision: number;
    channels: string[];
    request: { requestKey: string; run: RunRef | null; slug: string };
  },
): Promise<void> {
  await db.query(
    `UPDATE ${T.schedules} SET state = 'armed', revision = $3, channels = $4, request = $5, updated_at = now()
     WHERE office = $1 AND id = $2`,
    [office, id, s.revision, s.channels, JSON.stringify(s.request)],
  );
}

/** The schedule is used up: its item was published (now, or at its time). */
export async function markScheduleDone(
  db: Db,
  office: string,
  id: string,
  revision: number,
  channels: string[],
): Promise<void> {
  await db.query(
    `UPDATE ${T.schedules} SET state = 'done', fired_at = now(), revision = $3, channels = $4, updated_at = now()
     WHERE office = $1 AND id = $2`,
    [office, id, revision, channels],
  );
}

// ---- receipts of runs ----------------------------------------------------------------

/** The run whose publication of the item is live now (the last run that put it on the website). */
export async function liveRunOf(db: Db, office: string, itemId: string): Promise<string | null> {
  const [row] = (await db.query(
    `SELECT run->>'workflowId' AS workflow_id FROM ${T.receipts}
     WHERE office = $1 AND item_id = $2 AND channel = 'website' AND run IS NOT NULL AND status = 'published'
     ORDER BY created_at DESC LIMIT 1`,
    [office, itemId],
  )) as { workflow_id: string }[];
  return row?.workflow_id ?? null;
}

/** Corrections and retractions of what a run published, with the step that published it. */
export async function actionsOnRun(
  db: Db,
  office: string,
  workflowId: string,
): Promise<(ReceiptRow & { step_id: string | null })[]> {
  return (await db.query(
    `SELECT a.*, (SELECT p.run->>'stepId' FROM ${T.receipts} p
                  WHERE p.office = a.office AND p.item_id = a.item_id AND p.run->>'workflowId' = a.subject_run
                  ORDER BY p.created_at DESC LIMIT 1) AS step_id
     FROM ${T.receipts} a
     WHERE a.office = $1 AND a.subject_run = $2 AND a.kind IN ('correct', 'retract') AND a.channel = 'website'
     ORDER BY a.created_at`,
    [office, workflowId],
  )) as (ReceiptRow & { step_id: string | null })[];
}

// ---- pages for the views ----------------------------------------------------------------

export async function pageStatus(db: Db, office: string, itemId: string): Promise<string | undefined> {
  const row = await one<{ status: string }>(
    db,
    `SELECT status FROM ${T.pages} WHERE office = $1 AND item_id = $2`,
    [office, itemId],
  );
  return row?.status;
}

export async function pageOfItem(db: Db, office: string, itemId: string): Promise<PageRow | undefined> {
  const [row] = (await db.query(`SELECT ${PAGE_COLUMNS} FROM ${T.pages} WHERE office = $1 AND item_id = $2`, [
    office,
    itemId,
  ])) as PageRow[];
  return row;
}

/** Up to `limit` pages, newest change first, after the cursor's (updated_at, id). */
export async function pagesAfter(
  db: Db,
  office: string,
  filter: { itemId?: string; type?: string; status?: string },
  after: { at: string; id: string } | null | undefined,
  limit: number,
): Promise<PageRow[]> {
  const params: unknown[] = [office];
  const where = ['office = $1'];
  if (filter.itemId) where.push(`item_id = $${params.push(filter.itemId)}`);
  if (filter.type) where.push(`type = $${params.push(filter.type)}`);
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (after) where.push(`(updated_at, id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
  return db.query(
    `SELECT ${PAGE_COLUMNS} FROM ${T.pages} WHERE ${where.join(' AND ')}
     ORDER BY updated_at DESC, id DESC LIMIT $${params.push(limit)}`,
    params,
  );
}

export function receiptsOfItems(db: Db, office: string, itemIds: string[]): Promise<ReceiptRow[]> {
  return db.query(
    `SELECT * FROM ${T.receipts} WHERE office = $1 AND item_id = ANY($2::uuid[]) ORDER BY created_at DESC`,
    [office, itemIds],
  );
}

/** The newest schedule of each item. */
export function latestSchedules(db: Db, office: string, itemIds: string[]): Promise<ScheduleRow[]> {
  return db.query(
    `SELECT DISTINCT ON (item_id) * FROM ${T.schedules} WHERE office = $1 AND item_id = ANY($2::uuid[])
     ORDER BY item_id, created_at DESC`,
    [office, itemIds],
  );
}
