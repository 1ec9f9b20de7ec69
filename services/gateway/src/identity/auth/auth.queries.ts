// The SQL of sign-in limits: failure counts per key (HMACs, sign_in_failures) and the
// browsers an account signed in from (trusted_devices).
import { type Db, one, rows } from '@tatalaman/persistence';
import { table } from '../../db';

export interface FailureCountRow {
  key: string;
  failures: number;
  /** Seconds since the last failure; null when there was none. */
  waited: number | null;
}

/** The counts of `keys`, created when missing and locked in key order until the transaction ends. */
export async function lockFailureCounts(db: Db, keys: string[]): Promise<FailureCountRow[]> {
  await rows(
    db,
    `INSERT INTO ${table('sign_in_failures')} (key) SELECT unnest($1::text[]) ON CONFLICT (key) DO NOTHING`,
    [keys],
  );
  // Locked in key order, so two attempts never wait on each other the other way round.
  return rows<FailureCountRow>(
    db,
    `SELECT key, failures, extract(epoch FROM clock_timestamp() - last_failure_at)::float8 AS waited
       FROM ${table('sign_in_failures')} WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
    [keys],
  );
}

/** One more failure on each key, starting over on a count last failed more than `forgetSeconds` ago. */
export function countFailure(db: Db, keys: string[], forgetSeconds: number): Promise<unknown> {
  return rows(
    db,
    `INSERT INTO ${table('sign_in_failures')} AS f (key, failures, last_failure_at)
     SELECT unnest($1::text[]), 1, clock_timestamp()
     ON CONFLICT (key) DO UPDATE
        SET failures = CASE WHEN f.last_failure_at IS NULL
                              OR f.last_failure_at < clock_timestamp() - make_interval(secs => $2)
                            THEN 1 ELSE f.failures + 1 END,
            last_failure_at = clock_timestamp()`,
    [keys, forgetSeconds],
  );
}

export function deleteFailureCounts(db: Db, keys: string[]): Promise<unknown> {
  return rows(db, `DELETE FROM ${table('sign_in_failures')} WHERE key = ANY($1)`, [keys]);
}

/** Gives back one failure counted in advance on each key. */
export function uncountFailure(db: Db, keys: string[]): Promise<unknown> {
  return rows(
    db,
    `UPDATE ${table('sign_in_failures')} SET failures = greatest(failures - 1, 0) WHERE key = ANY($1)`,
    [keys],
  );
}

/** Whether the account signed in from `device` within the last `trustSeconds`. */
export async function isTrustedDevice(
  db: Db,
  userId: string,
  device: string,
  trustSeconds: number,
): Promise<boolean> {
  const row = await one(
    db,
    `SELECT 1 FROM ${table('trusted_devices')}
      WHERE user_id = $1 AND device_id = $2 AND last_sign_in_at > now() - make_interval(secs => $3)`,
    [userId, device, trustSeconds],
  );
  return !!row;
}

export function trustDevice(db: Db, userId: string, device: string): Promise<unknown> {
  return rows(
    db,
    `INSERT INTO ${table('trusted_devices')} (user_id, device_id) VALUES ($1, $2)
     ON CONFLICT (user_id, device_id) DO UPDATE SET last_sign_in_at = now()`,
    [userId, device],
  );
}

/** Deletes counts past their forgetting time and trust past its period. */
export async function pruneSignInLimits(db: Db, forgetSeconds: number, trustSeconds: number): Promise<void> {
  await rows(
    db,
    `DELETE FROM ${table('sign_in_failures')}
      WHERE last_failure_at IS NULL OR last_failure_at < now() - make_interval(secs => $1)`,
    [forgetSeconds],
  );
  await rows(
    db,
    `DELETE FROM ${table('trusted_devices')} WHERE last_sign_in_at < now() - make_interval(secs => $1)`,
    [trustSeconds],
  );
}
