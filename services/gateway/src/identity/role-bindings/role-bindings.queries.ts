// The SQL of role bindings and of effective roles (bindings plus delegations on a local
// date). Every statement names its office. Dates are selected as text: node-postgres would
// turn a DATE into a Date at local midnight.
import type { Actor } from '@tatalaman/contracts';
import { type Db, one, rows } from '@tatalaman/persistence';
import { table } from '../../db';

// ---- role bindings ----------------------------------------------------------------------

export interface BindingRow {
  id: string;
  user_id: string;
  user_name: string;
  user_email: string;
  role: string;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
  created_at: Date;
  created_by: Actor;
  revoked_at: Date | null;
  revoked_by: Actor | null;
}

/** An office's role bindings with their people, filtered by id, person and role. */
export function bindingRows(
  db: Db,
  office: string,
  filter: { id?: string; userId?: string; role?: string },
): Promise<BindingRow[]> {
  return rows<BindingRow>(
    db,
    `SELECT b.id, b.user_id, u.name AS user_name, u.email AS user_email, b.role,
            b.valid_from::text AS valid_from, b.valid_to::text AS valid_to, b.note,
            b.created_at, b.created_by, b.revoked_at, b.revoked_by
       FROM ${table('role_bindings')} b JOIN ${table('users')} u ON u.id = b.user_id
      WHERE b.office = $1
        AND ($2::uuid IS NULL OR b.id = $2::uuid)
        AND ($3::uuid IS NULL OR b.user_id = $3::uuid)
        AND ($4::text IS NULL OR b.role = $4::text)
      ORDER BY b.role, u.name, b.valid_from DESC`,
    [office, filter.id ?? null, filter.userId ?? null, filter.role ?? null],
  );
}

/** Whether the person has a binding of `role` (or of any role, null) overlapping `from` … `to`. */
export async function holdsRoleBetween(
  db: Db,
  office: string,
  userId: string,
  role: string | null,
  from: string,
  to: string,
): Promise<boolean> {
  const held = await one(
    db,
    `SELECT 1 FROM ${table('role_bindings')}
      WHERE office = $1 AND user_id = $2 AND revoked_at IS NULL AND ($3::text IS NULL OR role = $3::text)
        AND valid_from <= $5::date AND (valid_to IS NULL OR valid_to >= $4::date)
      LIMIT 1`,
    [office, userId, role, from, to],
  );
  return !!held;
}

/** Revokes every open binding of a person in the office (they stop being a member); the revoked ones. */
export function revokeBindingsOfMember(
  db: Db,
  office: string,
  userId: string,
  actor: Actor,
): Promise<{ id: string; role: string }[]> {
  return rows<{ id: string; role: string }>(
    db,
    `UPDATE ${table('role_bindings')} SET revoked_at = now(), revoked_by = $3
      WHERE office = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id, role`,
    [office, userId, JSON.stringify(actor)],
  );
}

// ---- effective roles --------------------------------------------------------------------

export interface OwnBindingRow {
  id: string;
  role: string;
  valid_from: string;
  valid_to: string | null;
}

/** A member's own bindings valid on `date`. */
export function ownBindingsOn(
  db: Db,
  office: string,
  userId: string,
  date: string,
): Promise<OwnBindingRow[]> {
  return rows<OwnBindingRow>(
    db,
    `SELECT b.id, b.role, b.valid_from::text AS valid_from, b.valid_to::text AS valid_to
       FROM ${table('role_bindings')} b
       JOIN ${table('memberships')} m ON m.office = b.office AND m.user_id = b.user_id
      WHERE b.office = $1 AND b.user_id = $2 AND b.revoked_at IS NULL
        AND b.valid_from <= $3::date AND (b.valid_to IS NULL OR b.valid_to >= $3::date)
      ORDER BY b.role, b.valid_from`,
    [office, userId, date],
  );
}

export interface DelegatedRoleRow {
  id: string;
  role: string;
  valid_from: string;
  valid_to: string;
  from_id: string;
  from_name: string;
}

/** The roles delegated to a member on `date`: what their delegators hold that day (no chains). */
export function delegatedRolesOn(
  db: Db,
  office: string,
  userId: string,
  date: string,
): Promise<DelegatedRoleRow[]> {
  return rows<DelegatedRoleRow>(
    db,
    `SELECT DISTINCT d.id, b.role, d.valid_from::text AS valid_from, d.valid_to::text AS valid_to, f.id AS from_id, f.name AS from_name
       FROM ${table('delegations')} d
       JOIN ${table('memberships')} mt ON mt.office = d.office AND mt.user_id = d.to_user_id
       JOIN ${table('role_bindings')} b
         ON b.office = d.office AND b.user_id = d.from_user_id AND b.revoked_at IS NULL
        AND b.valid_from <= $3::date AND (b.valid_to IS NULL OR b.valid_to >= $3::date)
        AND (d.role IS NULL OR d.role = b.role)
       JOIN ${table('memberships')} mf ON mf.office = d.office AND mf.user_id = d.from_user_id
       JOIN ${table('users')} f ON f.id = d.from_user_id
      WHERE d.office = $1 AND d.to_user_id = $2 AND d.revoked_at IS NULL
        AND d.valid_from <= $3::date AND d.valid_to >= $3::date
      ORDER BY b.role, f.name`,
    [office, userId, date],
  );
}

export interface RoleHolderRow {
  user_id: string;
  name: string;
  email: string;
  role: string;
  from_id: string | null;
  from_name: string | null;
}

/** Active members holding any of `roles` on `date`: own bindings, then delegates. */
export function roleHolderRows(
  db: Db,
  office: string,
  roles: readonly string[],
  date: string,
): Promise<RoleHolderRow[]> {
  return rows<RoleHolderRow>(
    db,
    `SELECT u.id AS user_id, u.name, u.email, b.role, NULL::uuid AS from_id, NULL::text AS from_name, false AS delegated
       FROM ${table('role_bindings')} b
       JOIN ${table('memberships')} m ON m.office = b.office AND m.user_id = b.user_id
       JOIN ${table('users')} u ON u.id = b.user_id AND u.active
      WHERE b.office = $1 AND b.role = ANY($2::text[]) AND b.revoked_at IS NULL
        AND b.valid_from <= $3::date AND (b.valid_to IS NULL OR b.valid_to >= $3::date)
     UNION
     SELECT t.id, t.name, t.email, b.role, f.id, f.name, true
       FROM ${table('delegations')} d
       JOIN ${table('role_bindings')} b
         ON b.office = d.office AND b.user_id = d.from_user_id AND b.revoked_at IS NULL
        AND b.valid_from <= $3::date AND (b.valid_to IS NULL OR b.valid_to >= $3::date)
        AND (d.role IS NULL OR d.role = b.role)
       JOIN ${table('memberships')} mf ON mf.office = d.office AND mf.user_id = d.from_user_id
       JOIN ${table('memberships')} mt ON mt.office = d.office AND mt.user_id = d.to_user_id
       JOIN ${table('users')} t ON t.id = d.to_user_id AND t.active
       JOIN ${table('users')} f ON f.id = d.from_user_id
      WHERE d.office = $1 AND b.role = ANY($2::text[]) AND d.revoked_at IS NULL
        AND d.valid_from <= $3::date AND d.valid_to >= $3::date
      ORDER BY role, delegated, name, from_name`,
    [office, [...roles], date],
  );
}
