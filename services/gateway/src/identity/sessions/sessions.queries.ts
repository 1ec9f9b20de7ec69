// The SQL of sessions and their refresh tokens (kept as SHA-256 hashes).
import { type Db, one, rows } from '@tatalaman/persistence';
import { table } from '../../db';

export function insertSession(
  db: Db,
  session: { id: string; userId: string; expiresAt: Date; userAgent: string | null; ip: string | null },
): Promise<unknown> {
  return rows(
    db,
    `INSERT INTO ${table('sessions')} (id, user_id, expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5)`,
    [session.id, session.userId, session.expiresAt, session.userAgent, session.ip],
  );
}

export function insertRefreshToken(db: Db, tokenHash: string, sessionId: string): Promise<unknown> {
  return rows(db, `INSERT INTO ${table('refresh_tokens')} (token_hash, session_id) VALUES ($1, $2)`, [
    tokenHash,
    sessionId,
  ]);
}

/** The session, if it is open (not revoked, not expired) and its account active. */
export function openSession(
  db: Db,
  sessionId: string,
): Promise<{ user_id: string; expires_at: Date } | undefined> {
  return one<{ user_id: string; expires_at: Date }>(
    db,
    `SELECT s.user_id, s.expires_at FROM ${table('sessions')} s JOIN ${table('users')} u ON u.id = s.user_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
    [sessionId],
  );
}

/** Spends an unspent refresh token; its session, or undefined when it was spent or unknown. */
export async function spendRefreshToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const spent = await one<{ session_id: string }>(
    db,
    `UPDATE ${table('refresh_tokens')} SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id`,
    [tokenHash],
  );
  return spent?.session_id;
}

/** A refresh token ever issued, and whether it was spent less than `graceSeconds` ago. */
export function issuedRefreshToken(
  db: Db,
  tokenHash: string,
  graceSeconds: number,
): Promise<{ session_id: string; recent: boolean | null } | undefined> {
  return one<{ session_id: string; recent: boolean | null }>(
    db,
    `SELECT session_id, used_at > now() - make_interval(secs => $2) AS recent
       FROM ${table('refresh_tokens')} WHERE token_hash = $1`,
    [tokenHash, graceSeconds],
  );
}

/** The session of a current refresh token (or, with `spentToo`, of any issued one). */
export async function sessionOfToken(
  db: Db,
  tokenHash: string,
  spentToo: boolean,
): Promise<string | undefined> {
  const row = await one<{ session_id: string }>(
    db,
    `SELECT session_id FROM ${table('refresh_tokens')} WHERE token_hash = $1 AND ($2 OR used_at IS NULL)`,
    [tokenHash, spentToo],
  );
  return row?.session_id;
}

export function markRefreshed(db: Db, sessionId: string): Promise<unknown> {
  return rows(db, `UPDATE ${table('sessions')} SET last_refreshed_at = now() WHERE id = $1`, [sessionId]);
}

/** Ends a session; false when it was not active. */
export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<boolean> {
  const revoked = await rows(
    db,
    `UPDATE ${table('sessions')} SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [sessionId, reason],
  );
  return revoked.length > 0;
}

/** Ends every open session of an account but `except`. */
export function revokeSessionsOf(
  db: Db,
  userId: string,
  reason: string,
  except: string | null,
): Promise<unknown> {
  return rows(
    db,
    `UPDATE ${table('sessions')} SET revoked_at = now(), revoked_reason = $2
      WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [userId, reason, except],
  );
}

export interface SessionPrincipalRow {
  id: string;
  name: string;
  email: string;
  platform_admin: boolean;
}

/** The account of an open session of `userId`, if it is active. */
export function sessionAccount(
  db: Db,
  userId: string,
  sessionId: string,
): Promise<SessionPrincipalRow | undefined> {
  return one<SessionPrincipalRow>(
    db,
    `SELECT u.id, u.name, u.email, u.platform_admin
       FROM ${table('sessions')} s JOIN ${table('users')} u ON u.id = s.user_id
      WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
    [sessionId, userId],
  );
}

/** Deletes sessions revoked or expired more than 30 days ago (their tokens go with them). */
export function pruneSessions(db: Db): Promise<unknown> {
  return rows(
    db,
    `DELETE FROM ${table('sessions')} WHERE (revoked_at IS NOT NULL AND revoked_at < now() - interval '30 days')
        OR expires_at < now() - interval '30 days'`,
  );
}
