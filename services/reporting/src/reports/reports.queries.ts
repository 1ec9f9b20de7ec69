// The reports domain's SQL: what the report documents read from the projections, and the
// stored reports (reporting.reports). Every statement names its office.
import { type Db, one, rows } from '@tatalaman/persistence';
import type { ReportDocument } from '../exports/document';

// ---- read by the documents ----------------------------------------------------------

export interface LivePostRow {
  item_id: string;
  title: string | null;
  content_type: string | null;
  channel: string;
  url: string | null;
  path: string | null;
  first_published_at: Date;
}

/** Posts published before `to` and not retracted since their last publication. */
export function livePosts(db: Db, office: string, to: string): Promise<LivePostRow[]> {
  return rows<LivePostRow>(
    db,
    `SELECT p.item_id, i.title, i.content_type, p.channel, p.url, p.path, p.first_published_at
     FROM reporting.posts p
     LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
     WHERE p.office = $1 AND p.first_published_at < $2
       AND NOT (p.last_retracted_at IS NOT NULL AND p.last_retracted_at < $2
                AND p.last_retracted_at >= p.last_published_at)
     ORDER BY p.first_published_at, p.item_id, p.channel`,
    [office, to],
  );
}

export interface PublishedItemRow {
  item_id: string;
  title: string | null;
  content_type: string | null;
  first_published_at: Date;
  /** The website's URL, else a path, else any channel's URL. */
  url: string | null;
  channels: string[];
}

/** Items first published on the local days `firstDay` … `lastDay`, with their channels. */
export function publishedItems(
  db: Db,
  office: string,
  firstDay: string,
  lastDay: string,
): Promise<PublishedItemRow[]> {
  return rows<PublishedItemRow>(
    db,
    `SELECT i.item_id, i.title, i.content_type, i.first_published_at,
            (SELECT coalesce(max(p.url) FILTER (WHERE p.channel = 'website'), max(p.path), max(p.url))
             FROM reporting.posts p WHERE p.office = i.office AND p.item_id = i.item_id) AS url,
            (SELECT array_agg(p.channel ORDER BY p.channel) FROM reporting.posts p
             WHERE p.office = i.office AND p.item_id = i.item_id) AS channels
     FROM reporting.items i
     WHERE i.office = $1 AND i.first_published_day >= $2 AND i.first_published_day <= $3
     ORDER BY i.first_published_at, i.item_id`,
    [office, firstDay, lastDay],
  );
}

export interface TrailRow {
  item_id: string;
  step_number: number | null;
  step_id: string;
  outcome: string | null;
  by_name: string | null;
  by_id: string | null;
  acted_at: Date;
}

/** The decided work, review and publish steps of the items, in the order they were decided. */
export function approvalTrails(db: Db, office: string, itemIds: string[]): Promise<TrailRow[]> {
  return rows<TrailRow>(
    db,
    `SELECT f.item_id, f.step_number, f.step_id, f.outcome, f.by_name, f.by_id, f.acted_at
     FROM reporting.step_facts f
     WHERE f.office = $1 AND f.item_id = ANY($2::text[]) AND f.acted_at IS NOT NULL
       AND f.step_kind IN ('work', 'review', 'publish')
     ORDER BY f.item_id, f.acted_at, f.step_number, f.attempt`,
    [office, itemIds],
  );
}

export interface RetractedPostRow {
  item_id: string;
  title: string | null;
  last_retracted_at: Date;
  retract_reason: string | null;
}

/** Posts last retracted in [from, to). */
export function retractedPosts(
  db: Db,
  office: string,
  from: string,
  to: string,
): Promise<RetractedPostRow[]> {
  return rows<RetractedPostRow>(
    db,
    `SELECT p.item_id, i.title, p.last_retracted_at, p.retract_reason FROM reporting.posts p
     LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
     WHERE p.office = $1 AND p.last_retracted_at >= $2 AND p.last_retracted_at < $3
     ORDER BY p.last_retracted_at, p.item_id, p.channel`,
    [office, from, to],
  );
}

// ---- stored reports -------------------------------------------------------------------

export interface StoredRow {
  id: string;
  office: string;
  report: string;
  title: string;
  period_from: Date;
  period_to: Date;
  period_label: string;
  fingerprint: string;
  run_workflow_id: string | null;
  run_step_id: string | null;
  definition_key: string | null;
  created_at: Date;
}

const STORED_COLUMNS = `id, office, report, title, period_from, period_to, period_label, fingerprint, run_workflow_id,
              run_step_id, definition_key, created_at`;

export interface NewStoredReport {
  id: string;
  office: string;
  report: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  periodLabel: string;
  idempotencyKey: string;
  fingerprint: string;
  run: { workflowId: string; stepId: string; definitionKey: string };
  document: ReportDocument;
}

/** Stores a report unless one is stored under the key already (a retry or a race). */
export async function insertReport(db: Db, r: NewStoredReport): Promise<void> {
  await db.query(
    `INSERT INTO reporting.reports
       (id, office, report, title, period_from, period_to, period_label, idempotency_key, fingerprint,
        run_workflow_id, run_step_id, definition_key, document, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (office, idempotency_key) DO NOTHING`,
    [
      r.id,
      r.office,
      r.report,
      r.title,
      r.periodFrom,
      r.periodTo,
      r.periodLabel,
      r.idempotencyKey,
      r.fingerprint,
      r.run.workflowId,
      r.run.stepId,
      r.run.definitionKey,
      JSON.stringify(r.document),
      r.document.createdAt,
    ],
  );
}

/** Stored reports, newest first, of one kind or all. */
export function storedReports(
  db: Db,
  office: string,
  report: string | null,
  limit: number,
): Promise<StoredRow[]> {
  return rows<StoredRow>(
    db,
    `SELECT ${STORED_COLUMNS}
     FROM reporting.reports WHERE office = $1 AND ($2::text IS NULL OR report = $2)
     ORDER BY created_at DESC, id LIMIT $3`,
    [office, report, limit],
  );
}

export function storedReportByKey(db: Db, office: string, key: string): Promise<StoredRow | undefined> {
  return one<StoredRow>(
    db,
    `SELECT ${STORED_COLUMNS}
     FROM reporting.reports WHERE office = $1 AND idempotency_key = $2`,
    [office, key],
  );
}

export async function storedDocument(
  db: Db,
  office: string,
  reportId: string,
): Promise<ReportDocument | undefined> {
  const row = await one<{ document: ReportDocument }>(
    db,
    `SELECT document FROM reporting.reports WHERE office = $1 AND id = $2`,
    [office, reportId],
  );
  return row?.document;
}
