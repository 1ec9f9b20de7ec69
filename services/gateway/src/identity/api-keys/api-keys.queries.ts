// The SQL of API keys that is not plain repository work: authentication and `lastUsedAt`.
import { type Db, one, rows } from '@tatalaman/persistence';
import { table } from '../../db';

export interface CurrentKeyRow {
  id: string;
  name: string;
  office: string;
  scopes: string[];
}

/** The key of a secret's hash, if it is current (not revoked, not expired). */
export function currentKey(db: Db, keyHash: string): Promise<CurrentKeyRow | undefined> {
  return one<CurrentKeyRow>(
    db,
    `SELECT k.id, k.name, k.office, k.scopes FROM ${table('api_keys')} k
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
    [keyHash],
  );
}

/** Sets `last_used_at`, unless it was set less than a minute ago. */
export function touchKey(db: Db, id: string): Promise<unknown> {
  return rows(
    db,
    `UPDATE ${table('api_keys')} SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
