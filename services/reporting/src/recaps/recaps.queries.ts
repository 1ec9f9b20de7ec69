// The recaps' SQL: the aggregate counters (office_month, office_day), the facts behind
// the SLA figures and the cycle times, and the posts, readers, send-backs, postponements
// and problems of a period. Every statement names its office, except the platform
// comparison's, which reads every office. Ordered on unique keys, so the same projections
// always give the same rows.
import { type Db, iso, one, rows } from '@tatalaman/persistence';
import { METRICS } from '../projections/metrics';
import type { Counters } from './figures';
import type { Sender, SlaFact } from './sla';

const sumColumns = METRICS.map((m) => `coalesce(sum(${m}), 0)::float8 AS ${m}`).join(', ');

export async function officeNameAndKind(
  db: Db,
  office: string,
): Promise<{ name: string | null; kind: string | null } | undefined> {
  return one(db, `SELECT name, kind FROM reporting.offices WHERE office = $1`, [office]);
}

/** Whether any step of the office ever had a time standard. */
export async function hasTimedSteps(db: Db, office: string): Promise<boolean> {
  const row = await one<{ yes: boolean }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM reporting.step_facts WHERE office = $1 AND due_at IS NOT NULL) AS yes`,
    [office],
  );
  return Boolean(row?.yes);
}

// ---- counters ---------------------------------------------------------------------------

export function summedCounters(db: Db, office: string, months: string[]): Promise<Counters | undefined> {
  return one<Counters>(
    db,
    `SELECT ${sumColumns} FROM reporting.office_month WHERE office = $1 AND month = ANY($2::text[])`,
    [office, months],
  );
}

export function countersByMonth(
  db: Db,
  office: string,
  months: string[],
): Promise<(Counters & { month: string })[]> {
  return rows(
    db,
    `SELECT month, ${sumColumns} FROM reporting.office_month
     WHERE office = $1 AND month = ANY($2::text[]) GROUP BY month ORDER BY month`,
    [office, months],
  );
}

export function countersByDay(
  db: Db,
  office: string,
  firstDay: string | undefined,
  lastDay: string | undefined,
): Promise<(Counters & { day: string })[]> {
  return rows(
    db,
    `SELECT day, ${sumColumns} FROM reporting.office_day
     WHERE office = $1 AND day >= $2 AND day <= $3 GROUP BY day ORDER BY day`,
    [office, firstDay, lastDay],
  );
}

/** Every office's counters summed over `months`, with its name and kind. */
export function countersPerOffice(
  db: Db,
  months: string[],
): Promise<(Counters & { office: string; name: string | null; kind: string | null })[]> {
  return rows(
    db,
    `SELECT a.office, o.name, o.kind, ${METRICS.map((m) => `a.${m}`).join(', ')}
     FROM (SELECT office, ${sumColumns} FROM reporting.office_month WHERE month = ANY($1::text[]) GROUP BY office) a
     LEFT JOIN reporting.offices o ON o.office = a.office
     ORDER BY a.office`,
    [months],
  );
}

// ---- facts ------------------------------------------------------------------------------

export interface CycleRow {
  workflow_id: string;
  content_type: string | null;
  working_ms: number;
  elapsed_ms: number;
  ended_day: string;
}

/** Runs of an item completed on the local days `firstDay` … `lastDay`, with their working time. */
export function completedCycles(
  db: Db,
  office: string,
  firstDay: string,
  lastDay: string,
): Promise<CycleRow[]> {
  return rows<CycleRow>(
    db,
    `SELECT workflow_id, content_type, working_ms::float8 AS working_ms, elapsed_ms::float8 AS elapsed_ms, ended_day
     FROM reporting.runs
     WHERE office = $1 AND ended_day >= $2 AND ended_day <= $3 AND outcome = 'completed'
       AND item_id IS NOT NULL AND working_ms IS NOT NULL
     ORDER BY workflow_id`,
    [office, firstDay, lastDay],
  );
}

/** Step attempts decided on the local days `firstDay` … `lastDay`, joined with their run. */
export async function slaFacts(
  db: Db,
  office: string,
  firstDay: string,
  lastDay: string,
): Promise<SlaFact[]> {
  const found = await rows<Omit<SlaFact, 'opened_at'> & { opened_at: Date | null }>(
    db,
    `SELECT f.workflow_id, f.step_id, f.attempt, f.definition_key, r.definition_title, f.step_number,
            f.step_kind, f.description, f.roles, f.role, f.by_id, f.by_name, f.outcome, f.cause_from,
            f.opened_at, f.total_ms::float8 AS total_ms, f.waiting_ms::float8 AS waiting_ms,
            f.active_ms::float8 AS active_ms, f.is_rework, f.timed, f.met_limit, f.met_target,
            f.is_breached, (f.escalated_at IS NOT NULL) AS escalated, f.extensions, f.saved_minutes,
            r.content_type
     FROM reporting.step_facts f
     LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
     WHERE f.office = $1 AND f.acted_day >= $2 AND f.acted_day <= $3
     ORDER BY f.workflow_id, f.step_id, f.attempt`,
    [office, firstDay, lastDay],
  );
  return found.map((f) => ({ ...f, opened_at: iso(f.opened_at) ?? null }));
}

export type SenderRow = Sender & { workflow_id: string; step_id: string; closed_at: Date };

/** The send-back decisions of `office` that closed at the given (workflow, step, instant)s. */
export function sendBackDecisions(
  db: Db,
  office: string,
  at: { workflowIds: string[]; stepIds: (string | null)[]; closedAt: (string | null)[] },
): Promise<SenderRow[]> {
  return rows<SenderRow>(
    db,
    `SELECT f.workflow_id, f.step_id, f.closed_at, f.role, f.by_id, f.by_name, f.roles, f.step_number, f.description
     FROM reporting.step_facts f
     JOIN unnest($2::text[], $3::text[], $4::timestamptz[]) AS w(workflow_id, step_id, closed_at)
       ON f.workflow_id = w.workflow_id AND f.step_id = w.step_id AND f.closed_at = w.closed_at
     WHERE f.office = $1 AND f.decision = 'send-back'`,
    [office, at.workflowIds, at.stepIds, at.closedAt],
  );
}

// ---- posts and readers --------------------------------------------------------------------

/** Posts first published on the local days `firstDay` … `lastDay`, counted per content type and channel. */
export function postCounts(
  db: Db,
  office: string,
  firstDay: string,
  lastDay: string,
): Promise<{ content_type: string; channel: string; posts: number }[]> {
  return rows(
    db,
    `SELECT coalesce(i.content_type, '') AS content_type, p.channel, count(*)::int AS posts
     FROM reporting.posts p
     LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
     WHERE p.office = $1 AND p.first_published_day >= $2 AND p.first_published_day <= $3
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [office, firstDay, lastDay],
  );
}

export interface PostRow {
  item_id: string;
  title: string | null;
  content_type: string | null;
  channels: string[];
  first_published_at: Date;
  url: string | null;
  views: number;
}

/** Items first published in the period, with their channels and their readers in `months`. */
export function publishedPosts(
  db: Db,
  office: string,
  firstDay: string,
  lastDay: string,
  months: string[],
): Promise<PostRow[]> {
  return rows<PostRow>(
    db,
    `SELECT p.item_id, i.title, i.content_type, array_agg(p.channel ORDER BY p.channel) AS channels,
            min(p.first_published_at) AS first_published_at,
            coalesce(max(p.url) FILTER (WHERE p.channel = 'website'), max(p.path) FILTER (WHERE p.channel = 'website'), max(p.url)) AS url,
            coalesce((SELECT sum(v.views) FROM reporting.views_month v
                      WHERE v.office = p.office AND v.item_id = p.item_id AND v.month = ANY($4::text[])), 0)::float8 AS views
     FROM reporting.posts p
     LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
     WHERE p.office = $1 AND p.first_published_day >= $2 AND p.first_published_day <= $3
     GROUP BY p.office, p.item_id, i.title, i.content_type
     ORDER BY min(p.first_published_at), p.item_id`,
    [office, firstDay, lastDay, months],
  );
}

/** The `limit` items read most in `months`. */
export function mostRead(
  db: Db,
  office: string,
  months: string[],
  limit: number,
): Promise<{ item_id: string; title: string | null; content_type: string | null; views: number }[]> {
  return rows(
    db,
    `SELECT v.item_id, i.title, i.content_type, sum(v.views)::float8 AS views
     FROM reporting.views_month v
     LEFT JOIN reporting.items i ON i.office = v.office AND i.item_id = v.item_id
     WHERE v.office = $1 AND v.month = ANY($2::text[]) AND v.item_id <> ''
     GROUP BY v.item_id, i.title, i.content_type
     ORDER BY sum(v.views) DESC, v.item_id
     LIMIT $3`,
    [office, months, limit],
  );
}

// ---- send-backs, postponements, problems ----------------------------------------------------

export interface SendBackRow {
  workflow_id: string;
  item_id: string | null;
  title: string | null;
  content_type: string | null;
  step_id: string;
  step_number: number | null;
  sent_to: string | null;
  by_name: string | null;
  by_id: string | null;
  role: string | null;
  reason: string | null;
  acted_at: Date;
}

/** Steps sent back on the local days `firstDay` … `lastDay`. */
export function sendBacks(db: Db, office: string, firstDay: string, lastDay: string): Promise<SendBackRow[]> {
  return rows<SendBackRow>(
    db,
    `SELECT f.workflow_id, f.item_id, coalesce(r.item_title, i.title) AS title, r.content_type, f.step_id,
            f.step_number, f.sent_to, f.by_name, f.by_id, f.role, f.reason, f.acted_at
     FROM reporting.step_facts f
     LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
     LEFT JOIN reporting.items i ON i.office = f.office AND i.item_id = f.item_id
     WHERE f.office = $1 AND f.acted_day >= $2 AND f.acted_day <= $3 AND f.outcome = 'send-back'
     ORDER BY f.acted_at, f.workflow_id, f.step_id, f.attempt`,
    [office, firstDay, lastDay],
  );
}

export interface PostponedRow {
  workflow_id: string;
  item_id: string | null;
  title: string | null;
  content_type: string | null;
  step_id: string;
  step_number: number | null;
  postponed_at: Date;
  postponed_by_name: string | null;
  postponed_by_id: string | null;
  postpone_reason: string | null;
  resumed_at: Date | null;
  decision: string | null;
  closed_at: Date | null;
}

/** Steps postponed before `to` and still waiting at `from` or after. */
export function postponedSteps(db: Db, office: string, from: string, to: string): Promise<PostponedRow[]> {
  return rows<PostponedRow>(
    db,
    `SELECT f.workflow_id, f.item_id, coalesce(r.item_title, i.title) AS title, r.content_type, f.step_id,
            f.step_number, f.postponed_at, f.postponed_by_name, f.postponed_by_id, f.postpone_reason,
            f.resumed_at, f.decision, f.closed_at
     FROM reporting.step_facts f
     LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
     LEFT JOIN reporting.items i ON i.office = f.office AND i.item_id = f.item_id
     WHERE f.office = $1 AND f.postponed_at IS NOT NULL AND f.postponed_at < $3
       AND (f.resumed_at IS NULL OR f.resumed_at >= $2)
       AND (f.resumed_at IS NOT NULL OR f.closed_at IS NULL OR f.closed_at >= $2)
     ORDER BY f.postponed_at, f.workflow_id, f.step_id, f.attempt`,
    [office, from, to],
  );
}

/** Problems reported and resolved in [from, to), and open at `to`. */
export function problemCounts(
  db: Db,
  office: string,
  from: string,
  to: string,
): Promise<{ reported: number; resolved: number; open: number } | undefined> {
  return one(
    db,
    `SELECT count(*) FILTER (WHERE reported_at >= $2 AND reported_at < $3)::int AS reported,
            count(*) FILTER (WHERE resolved_at >= $2 AND resolved_at < $3)::int AS resolved,
            count(*) FILTER (WHERE reported_at < $3 AND (resolved_at IS NULL OR resolved_at >= $3))::int AS open
     FROM reporting.problems WHERE office = $1`,
    [office, from, to],
  );
}
