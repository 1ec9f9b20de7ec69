import { Injectable } from '@nestjs/common';
import type { RoleHolderView } from '@tatalaman/contracts';
import { localDate } from '@tatalaman/working-time';
import { DataSource, type EntityManager } from 'typeorm';
import { table } from '../../db';
import type { HeldRole } from '../../http/context';

// Dates are selected as text: node-postgres would turn a DATE into a Date at local midnight.
function isoDate(d: string): string {
  return d.slice(0, 10);
}

/**
 * Effective roles: what a member holds in an office on a local date = their role
 * bindings valid that day + the roles of absent people delegated to them that day
 * (each with `onBehalfOf`). Only members hold roles; delegations do not chain (a
 * delegate passes on nothing they only hold by delegation).
 */
@Injectable()
export class EffectiveRoles {
  constructor(private readonly dataSource: DataSource) {}

  /** The office-local date of an instant. */
  static dateIn(timeZone: string, at: Date): string {
    return localDate(at.getTime(), timeZone);
  }

  async held(
    office: string,
    userId: string,
    date: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<HeldRole[]> {
    const own: { id: string; role: string; valid_from: string; valid_to: string | null }[] =
      await manager.query(
        `SELECT b.id, b.role, b.valid_from::text AS valid_from, b.valid_to::text AS valid_to
           FROM ${table('role_bindings')} b
           JOIN ${table('memberships')} m ON m.office = b.office AND m.user_id = b.user_id
          WHERE b.office = $1 AND b.user_id = $2 AND b.revoked_at IS NULL
            AND b.valid_from <= $3::date AND (b.valid_to IS NULL OR b.valid_to >= $3::date)
          ORDER BY b.role, b.valid_from`,
        [office, userId, date],
      );
    const delegated: {
      id: string;
      role: string;
      valid_from: string;
      valid_to: string;
      from_id: string;
      from_name: string;
    }[] = await manager.query(
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
    return [
      ...own.map((b): HeldRole => ({
        role: b.role,
        source: 'binding',
        sourceId: b.id,
        validFrom: isoDate(b.valid_from),
        ...(b.valid_to ? { validTo: isoDate(b.valid_to) } : {}),
      })),
      ...delegated.map((d): HeldRole => ({
        role: d.role,
        source: 'delegation',
        sourceId: d.id,
        validFrom: isoDate(d.valid_from),
        validTo: isoDate(d.valid_to),
        onBehalfOf: { kind: 'user', id: d.from_id, name: d.from_name },
      })),
    ];
  }

  /** Active members holding any of `roles` in the office on `date` (own bindings and delegations). */
  async holders(office: string, roles: readonly string[], date: string): Promise<RoleHolderView[]> {
    if (roles.length === 0) return [];
    const rows: {
      user_id: string;
      name: string;
      email: string;
      role: string;
      from_id: string | null;
      from_name: string | null;
    }[] = await this.dataSource.query(
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
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      role: r.role,
      ...(r.from_id ? { onBehalfOf: { userId: r.from_id, name: r.from_name ?? '' } } : {}),
    }));
  }
}
