// The SQL of accounts (users) and memberships. Statements on memberships name their office.
import { type Db, one, rows } from '@tatalaman/persistence';
import { table } from '../../db';

// ---- accounts ---------------------------------------------------------------------------

export interface SignInAccountRow {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  active: boolean;
}

/** The account of a (normalised) email, with what sign-in checks. */
export function accountForSignIn(db: Db, email: string): Promise<SignInAccountRow | undefined> {
  return one<SignInAccountRow>(
    db,
    `SELECT id, name, email, password_hash, active FROM ${table('users')} WHERE email = $1`,
    [email],
  );
}

export interface AccountNameRow {
  id: string;
  name: string;
  email: string;
}

export function accountName(db: Db, userId: string): Promise<AccountNameRow | undefined> {
  return one<AccountNameRow>(db, `SELECT id, name, email FROM ${table('users')} WHERE id = $1`, [userId]);
}

/** How many active platform admins there are besides `userId`. */
export async function otherActivePlatformAdmins(db: Db, userId: string): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM ${table('users')} WHERE platform_admin AND active AND id <> $1`,
    [userId],
  );
  return row!.n;
}

/** Serialises changes to the platform admins until the transaction ends. */
export async function lockPlatformAdmins(db: Db): Promise<void> {
  await rows(db, `SELECT pg_advisory_xact_lock(hashtext('gateway.platform-admins'))`);
}

// ---- memberships ------------------------------------------------------------------------

export interface MemberDbRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  office_admin: boolean;
  member_since: Date;
  created_at: Date;
}

/** Members of an office (or the one `userId`), by name. */
export function memberRows(db: Db, office: string, userId: string | null): Promise<MemberDbRow[]> {
  return rows<MemberDbRow>(
    db,
    `SELECT u.id, u.email, u.name, u.active, m.office_admin, m.created_at AS member_since, u.created_at
       FROM ${table('memberships')} m JOIN ${table('users')} u ON u.id = m.user_id
      WHERE m.office = $1 AND ($2::uuid IS NULL OR u.id = $2::uuid)
      ORDER BY u.name, u.email`,
    [office, userId],
  );
}

/** A membership, optionally locked for the rest of the transaction. */
export function membership(
  db: Db,
  office: string,
  userId: string,
  { forUpdate = false } = {},
): Promise<{ office_admin: boolean } | undefined> {
  return one<{ office_admin: boolean }>(
    db,
    `SELECT office_admin FROM ${table('memberships')} WHERE office = $1 AND user_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [office, userId],
  );
}

/** The offices an account is a member of. */
export async function membershipOffices(db: Db, userId: string): Promise<string[]> {
  const found = await rows<{ office: string }>(
    db,
    `SELECT office FROM ${table('memberships')} WHERE user_id = $1 ORDER BY office`,
    [userId],
  );
  return found.map((r) => r.office);
}

/** How many offices besides `office` the account is a member of. */
export async function otherMemberships(db: Db, userId: string, office: string): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM ${table('memberships')} WHERE user_id = $1 AND office <> $2`,
    [userId, office],
  );
  return row!.n;
}

/** Deletes a membership; the deleted row, if there was one. */
export function deleteMembership(
  db: Db,
  office: string,
  userId: string,
): Promise<{ office_admin: boolean } | undefined> {
  return one<{ office_admin: boolean }>(
    db,
    `DELETE FROM ${table('memberships')} WHERE office = $1 AND user_id = $2 RETURNING office_admin`,
    [office, userId],
  );
}
