// The definitions' raw SQL (the rest goes through the Definition repository): who owns a
// platform key, which versions exist, and which definitions are active where. Tables are
// in the service's schema (`qualified`); every office-owned read names its office.
import { PLATFORM_OFFICE } from '@tatalaman/contracts';
import { type Db, lockUntilCommit, one, qualified, rows } from '@tatalaman/persistence';

/** The office that owns each of these platform keys, where one does. */
export function definitionOwners(db: Db, keys: string[]): Promise<{ key: string; office: string }[]> {
  return rows(db, `SELECT key, office FROM ${qualified(db, 'definition_owners')} WHERE key = ANY($1)`, [
    keys,
  ]);
}

/** Records the owner of a platform key; the first owner stays. */
export async function reserveKey(db: Db, key: string, office: string): Promise<void> {
  await db.query(
    `INSERT INTO ${qualified(db, 'definition_owners')} (key, office) VALUES ($1, $2)
     ON CONFLICT (key) DO NOTHING`,
    [key, office],
  );
}

/** Uploads of one key take turns until the transaction ends. */
export function lockKey(db: Db, key: string): Promise<void> {
  return lockUntilCommit(db, `registry:definition:${key}`);
}

/** The versions of each key the office sees (its own and the platform's), newest first. */
export function versionsOf(
  db: Db,
  office: string,
  keys: string[],
): Promise<{ key: string; versions: number[] }[]> {
  return rows(
    db,
    `SELECT key, array_agg(version ORDER BY version DESC) AS versions
       FROM ${qualified(db, 'definitions')}
      WHERE office IN ($1, $2) AND key = ANY($3) GROUP BY key`,
    [office, PLATFORM_OFFICE, keys],
  );
}

/** The content types each definition is active for in the office. */
export function activeTypesByDefinition(
  db: Db,
  office: string,
): Promise<{ definition_id: string; types: string[] }[]> {
  return rows(
    db,
    `SELECT a.definition_id, array_agg(t.content_type ORDER BY t.content_type) AS types
       FROM ${qualified(db, 'active_types')} t
       JOIN ${qualified(db, 'activations')} a ON a.id = t.activation_id
      WHERE t.office = $1 AND a.office = $1
      GROUP BY a.definition_id`,
    [office],
  );
}

export interface ActiveTypeRow {
  content_type: string;
  activation_id: string;
  definition_id: string;
  key: string;
  version: number;
}

/** Which activation holds which content type in the office (`AND …` narrows it). */
function activeTypesSql(db: Db, and = ''): string {
  return `SELECT t.content_type, t.activation_id, a.definition_id, a.key, a.version
       FROM ${qualified(db, 'active_types')} t
       JOIN ${qualified(db, 'activations')} a ON a.id = t.activation_id
      WHERE t.office = $1 AND a.office = $1${and}`;
}

export function activeTypes(db: Db, office: string): Promise<ActiveTypeRow[]> {
  return rows(db, activeTypesSql(db), [office]);
}

/** The activation holding one content type in the office, if any. */
export function activeType(db: Db, office: string, contentType: string): Promise<ActiveTypeRow | undefined> {
  return one(db, activeTypesSql(db, ' AND t.content_type = $2'), [office, contentType]);
}
