import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { table } from '../db';
import { actorOf, type OfficeAccess, type Principal } from '../http/context';
import { ALL_PERMISSIONS, MEMBER_PERMISSIONS, type Permission } from '../http/permissions';
import { EffectiveRoles } from './role-bindings/effective-roles';

/**
 * A principal's access to an office, or none. None covers "no such office" and "not
 * yours" alike, so the edge answers both with the same 404.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: EffectiveRoles,
  ) {}

  async resolve(principal: Principal, office: string, at = new Date()): Promise<OfficeAccess | undefined> {
    if (principal.kind === 'api-key' && principal.office !== office) return undefined;
    const [row] = await this.dataSource.query(
      `SELECT o.code, o.name, o.time_zone, m.office_admin, (m.user_id IS NOT NULL) AS member
         FROM ${table('offices')} o
         LEFT JOIN ${table('memberships')} m ON m.office = o.code AND m.user_id = $2::uuid
        WHERE o.code = $1`,
      [office, principal.kind === 'user' ? principal.id : null],
    );
    if (!row) return undefined;
    const base = {
      office: row.code as string,
      officeName: row.name as string,
      timeZone: row.time_zone as string,
      principal,
      actor: actorOf(principal),
    };
    if (principal.kind === 'api-key') {
      return {
        ...base,
        member: false,
        officeAdmin: false,
        permissions: new Set(principal.scopes),
        roles: [],
      };
    }
    const member = row.member as boolean;
    if (!member && !principal.platformAdmin) return undefined;
    const officeAdmin = principal.platformAdmin || row.office_admin === true;
    const permissions = new Set<Permission>(officeAdmin ? ALL_PERMISSIONS : MEMBER_PERMISSIONS);
    const roles = member
      ? await this.roles.held(office, principal.id, EffectiveRoles.dateIn(base.timeZone, at))
      : [];
    return { ...base, member, officeAdmin, permissions, roles };
  }
}
