// The website problem inventory's SQL (reporting.problems). Every statement names its office.
import type { Actor, ProblemCategory, ProblemSeverity, ProblemStatus } from '@tatalaman/contracts';
import { type Db, lockUntilCommit, one, rows } from '@tatalaman/persistence';

export interface ProblemRow {
  id: string;
  office: string;
  number: number;
  title: string;
  description: string;
  category: ProblemCategory;
  severity: ProblemSeverity;
  status: ProblemStatus;
  resolution: string | null;
  reported_by: Actor;
  reported_at: Date;
  updated_by: Actor;
  updated_at: Date;
  resolved_by: Actor | null;
  resolved_at: Date | null;
}

/** The office's problems, newest number first, of one status or all. */
export function problems(
  db: Db,
  office: string,
  status: ProblemStatus | null,
  limit: number,
): Promise<ProblemRow[]> {
  return rows<ProblemRow>(
    db,
    `SELECT * FROM reporting.problems WHERE office = $1 AND ($2::text IS NULL OR status = $2)
     ORDER BY number DESC LIMIT $3`,
    [office, status, limit],
  );
}

/** One problem; `lock` holds it for the rest of the transaction. */
export function problem(db: Db, office: string, id: string, lock = false): Promise<ProblemRow | undefined> {
  return one<ProblemRow>(
    db,
    `SELECT * FROM reporting.problems WHERE office = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [office, id],
  );
}

/** Problems logged before `to` and not resolved before `from`, by number. */
export function problemsInPeriod(db: Db, office: string, from: string, to: string): Promise<ProblemRow[]> {
  return rows<ProblemRow>(
    db,
    `SELECT * FROM reporting.problems
     WHERE office = $1 AND reported_at < $3 AND (resolved_at IS NULL OR resolved_at >= $2)
     ORDER BY number`,
    [office, from, to],
  );
}

/**
 * The office's next problem number. Creations of one office take turns (a lock held until
 * the transaction ends), so two never get the same number.
 */
export async function nextProblemNumber(db: Db, office: string): Promise<number> {
  await lockUntilCommit(db, `reporting.problems:${office}`);
  const next = await one<{ n: number }>(
    db,
    `SELECT coalesce(max(number), 0)::int + 1 AS n FROM reporting.problems WHERE office = $1`,
    [office],
  );
  return next!.n;
}

export type NewProblem = Pick<
  ProblemRow,
  'id' | 'office' | 'number' | 'title' | 'description' | 'category' | 'severity'
> & { by: Actor; at: Date };

/** A new problem, open. */
export async function insertProblem(db: Db, p: NewProblem): Promise<void> {
  await db.query(
    `INSERT INTO reporting.problems
       (id, office, number, title, description, category, severity, status, reported_by, reported_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $8, $9)`,
    [p.id, p.office, p.number, p.title, p.description, p.category, p.severity, JSON.stringify(p.by), p.at],
  );
}

export type ProblemChange = Pick<
  ProblemRow,
  'title' | 'description' | 'category' | 'severity' | 'status' | 'resolution'
> & {
  by: Actor;
  at: Date;
  /** Sets resolved_by/at to the change's; `reopening` clears them; neither keeps them. */
  resolving: boolean;
  reopening: boolean;
};

export async function updateProblem(db: Db, office: string, id: string, c: ProblemChange): Promise<void> {
  await db.query(
    `UPDATE reporting.problems SET
       title = $3, description = $4, category = $5, severity = $6, status = $7, resolution = $8,
       updated_by = $9, updated_at = $10,
       resolved_by = CASE WHEN $11 THEN $9::jsonb WHEN $12 THEN NULL ELSE resolved_by END,
       resolved_at = CASE WHEN $11 THEN $10::timestamptz WHEN $12 THEN NULL ELSE resolved_at END
     WHERE office = $1 AND id = $2`,
    [
      office,
      id,
      c.title,
      c.description,
      c.category,
      c.severity,
      c.status,
      c.resolution,
      JSON.stringify(c.by),
      c.at,
      c.resolving,
      c.reopening,
    ],
  );
}

/** A problem as it stands now (a seed's), unless its id is taken; false when it was. */
export async function insertProblemOnce(
  db: Db,
  p: Omit<NewProblem, 'at'> & Pick<ProblemRow, 'status' | 'resolution'>,
): Promise<boolean> {
  const inserted = await rows(
    db,
    `INSERT INTO reporting.problems (id, office, number, title, description, category, severity, status,
       resolution, reported_by, reported_at, updated_by, updated_at, resolved_by, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $10, now(),
       CASE WHEN $8 = 'resolved' THEN $10::jsonb END, CASE WHEN $8 = 'resolved' THEN now() END)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      p.id,
      p.office,
      p.number,
      p.title,
      p.description,
      p.category,
      p.severity,
      p.status,
      p.resolution,
      JSON.stringify(p.by),
    ],
  );
  return inserted.length > 0;
}
