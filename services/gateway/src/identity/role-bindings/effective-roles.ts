import { Injectable } from '@nestjs/common';
import type { RoleHolderView } from '@tatalaman/contracts';
import { localDate } from '@tatalaman/working-time';
import { DataSource, type EntityManager } from 'typeorm';
import type { HeldRole } from '../../http/context';
import { delegatedRolesOn, ownBindingsOn, roleHolderRows } from './role-bindings.queries';

// Dates come as text (role-bindings.queries.ts); the first ten characters are the date.
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
    const own = await ownBindingsOn(manager, office, userId, date);
    const delegated = await delegatedRolesOn(manager, office, userId, date);
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
    const rows = await roleHolderRows(this.dataSource, office, roles, date);
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      role: r.role,
      ...(r.from_id ? { onBehalfOf: { userId: r.from_id, name: r.from_name ?? '' } } : {}),
    }));
  }
}
