import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { actorOf, type OfficeAccess, type Principal } from '../http/context';
import { ALL_PERMISSIONS, MEMBER_PERMISSIONS, type Permission } from '../http/permissions';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../settings';
import type { AccessPort } from './access.port';
import { officeWithMembership } from './access.queries';
import { ApiKeysService } from './api-keys/api-keys.service';
import { verifyAccessToken } from './auth/tokens';
import { EffectiveRoles } from './role-bindings/effective-roles';
import { SessionsService } from './sessions/sessions.service';

/** The edge's access port: who is behind a credential, and their access to an office. */
@Injectable()
export class AccessService implements AccessPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: EffectiveRoles,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {}

  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return undefined;
    const token = match[1]!;
    if (token.startsWith('tlk_')) return this.apiKeys.authenticate(token);
    const claims = await verifyAccessToken(this.settings.authKey, token);
    if (!claims) return undefined;
    return this.sessions.principal(claims.userId, claims.sessionId);
  }

  async resolve(principal: Principal, office: string, at = new Date()): Promise<OfficeAccess | undefined> {
    if (principal.kind === 'api-key' && principal.office !== office) return undefined;
    const row = await officeWithMembership(
      this.dataSource,
      office,
      principal.kind === 'user' ? principal.id : null,
    );
    if (!row) return undefined;
    const base = {
      office: row.code,
      officeName: row.name,
      timeZone: row.time_zone,
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
    const member = row.member;
    if (!member && !principal.platformAdmin) return undefined;
    const officeAdmin = principal.platformAdmin || row.office_admin === true;
    const permissions = new Set<Permission>(officeAdmin ? ALL_PERMISSIONS : MEMBER_PERMISSIONS);
    const roles = member
      ? await this.roles.held(office, principal.id, EffectiveRoles.dateIn(base.timeZone, at))
      : [];
    return { ...base, member, officeAdmin, permissions, roles };
  }
}
