// The SQL of delegations. Every statement names its office.
import type { Actor } from '@tatalaman/contracts';
import { type Db, rows } from '@tatalaman/persistence';
import { table } from '../../db';

export interface DelegationRow {
  id: string;
  from_user_id: string;
  from_name: string;
  to_user_id: string;
  to_name: string;
  role: string | null;
  valid_from: string;
  valid_to: string;
  reason: string;
  created_at: Date;
  created_by: Actor;
  revoked_at: Date | null;
  revoked_by: Actor | null;
}

/** An office's delegations with both people's names, by id or by a person on either side. */
export function delegationRows(
  db: Db,
  office: string,
  filter: { id?: string; userId?: string },
): Promise<DelegationRow[]> {
  return rows<DelegationRow>(
    db,
    `SELECT d.id, d.from_user_id, f.name AS from_name, d.to_user_id, t.name AS to_name, d.role,
            d.valid_from::text AS valid_from, d.valid_to::text AS valid_to, d.reason,
            d.created_at, d.created_by, d.revoked_at, d.revoked_by
       FROM ${table('delegations')} d
       JOIN ${table('users')} f ON f.id = d.from_user_id
       JOIN ${table('users')} t ON t.id = d.to_user_id
      WHERE d.office = $1
        AND ($2::uuid IS NULL OR d.id = $2::uuid)
        AND ($3::uuid IS NULL OR d.from_user_id = $3::uuid OR d.to_user_id = $3::uuid)
      ORDER BY d.valid_from DESC, d.created_at DESC`,
    [office, filter.id ?? null, filter.userId ?? null],
  );
}

export interface RevokedDelegationRow {
  id: string;
  from_user_id: string;
  to_user_id: string;
  role: string | null;
}

/** Revokes every open delegation from or to a person (they stop being a member); the revoked ones. */
export function revokeDelegationsOfMember(
  db: Db,
  office: string,
  userId: string,
  actor: Actor,
): Promise<RevokedDelegationRow[]> {
  return rows<RevokedDelegationRow>(
    db,
    `UPDATE ${table('delegations')} SET revoked_at = now(), revoked_by = $3
      WHERE office = $1 AND (from_user_id = $2 OR to_user_id = $2) AND revoked_at IS NULL
      RETURNING id, from_user_id, to_user_id, role`,
    [office, userId, JSON.stringify(actor)],
  );
}
