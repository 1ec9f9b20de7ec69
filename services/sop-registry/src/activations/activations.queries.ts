// The activations' raw SQL (the rest goes through the Activation and ActiveType
// repositories). Tables are in the service's schema (`qualified`); every statement names
// its office.
import { type Db, lockUntilCommit, qualified, rows } from '@tatalaman/persistence';

/** Activations and retirements of one office take turns until the transaction ends. */
export function lockOffice(db: Db, office: string): Promise<void> {
  return lockUntilCommit(db, `registry:activation:${office}`);
}

/** Gives the office's content types `types` to the activation, from whoever held them. */
export async function assignTypes(
  db: Db,
  office: string,
  types: string[],
  activationId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO ${qualified(db, 'active_types')} (office, content_type, activation_id)
     SELECT $1, unnest($2::text[]), $3
     ON CONFLICT (office, content_type) DO UPDATE SET activation_id = EXCLUDED.activation_id`,
    [office, types, activationId],
  );
}

/** For each key active in the office, its highest active version and whether that one has schedules. */
export function highestActiveVersions(
  db: Db,
  office: string,
): Promise<{ key: string; version: number; has_schedules: boolean }[]> {
  return rows(
    db,
    `SELECT DISTINCT ON (a.key) a.key, a.version, d.has_schedules
       FROM ${qualified(db, 'activations')} a
       JOIN ${qualified(db, 'definitions')} d ON d.id = a.definition_id
      WHERE a.office = $1 AND a.status = 'active'
      ORDER BY a.key, a.version DESC`,
    [office],
  );
}
