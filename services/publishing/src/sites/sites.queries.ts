// The sites' SQL: each office's site profile (name, time zone, kind) and its version, which
// every change to what the site shows bumps.
import { type Db, one, rows } from '@tatalaman/persistence';
import { T } from '../persistence';

export interface SiteRow {
  office: string;
  name: string;
  time_zone: string;
  kind: string | null;
  /** bigint, as text. */
  version: string;
}

/** Every office's site (the installation serves them all). */
export function allSites(db: Db): Promise<SiteRow[]> {
  return rows<SiteRow>(db, `SELECT office, name, time_zone, kind, version FROM ${T.sites}`);
}

export function site(db: Db, office: string): Promise<SiteRow | undefined> {
  return one<SiteRow>(db, `SELECT office, name, time_zone, kind, version FROM ${T.sites} WHERE office = $1`, [
    office,
  ]);
}

/** The new version, or undefined when the office has no site row. */
export async function bumpVersion(db: Db, office: string): Promise<string | undefined> {
  const row = await one<{ version: string }>(
    db,
    `UPDATE ${T.sites} SET version = version + 1, updated_at = now() WHERE office = $1 RETURNING version`,
    [office],
  );
  return row?.version;
}

/**
 * Inserts or updates the profile; the version goes up when the name or time zone changed.
 * `fetched_at` records when the gateway last answered for it.
 */
export async function upsertSite(
  db: Db,
  s: { office: string; name: string; timeZone: string; kind: string | null },
  source: 'gateway' | 'event' | 'seed',
): Promise<SiteRow> {
  return (await one<SiteRow>(
    db,
    `INSERT INTO ${T.sites} (office, name, time_zone, kind, source, fetched_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'gateway' THEN now() END)
     ON CONFLICT (office) DO UPDATE SET
       name = excluded.name, time_zone = excluded.time_zone,
       kind = coalesce(excluded.kind, ${T.sites}.kind),
       source = excluded.source,
       fetched_at = coalesce(excluded.fetched_at, ${T.sites}.fetched_at),
       version = ${T.sites}.version + CASE WHEN ${T.sites}.name IS DISTINCT FROM excluded.name
         OR ${T.sites}.time_zone IS DISTINCT FROM excluded.time_zone THEN 1 ELSE 0 END,
       updated_at = now()
     RETURNING office, name, time_zone, kind, version`,
    [s.office, s.name, s.timeZone, s.kind, source],
  ))!;
}
