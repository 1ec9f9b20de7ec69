import { Get, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OfficeAccess, Principal, UserPrincipal } from '../../http/context';
import { ApiController, Endpoint } from '../../http/endpoint';
import { CurrentPrincipal, ValidBody } from '../../http/params';
import { TAGS } from '../../http/tags';
import { AccessService } from '../access.service';
import { MeView } from './me.api';
import { ChangePasswordBody } from './users.api';
import { MeService } from './me.service';
import { membershipOffices } from './users.queries';

function officeOf(a: OfficeAccess) {
  return {
    code: a.office,
    name: a.officeName,
    timeZone: a.timeZone,
    member: a.member,
    officeAdmin: a.officeAdmin,
    permissions: [...a.permissions].sort(),
    roles: [...a.roles],
  };
}

@ApiController('me', TAGS.me)
export class MeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly account: MeService,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'getMe',
    summary: 'Who am I',
    description:
      'For a person: their offices (memberships) with permissions and the SOP roles they hold now, ' +
      'delegated ones with `onBehalfOf`. For an API key: its office and scopes.',
    requires: 'signed-in',
    response: MeView,
  })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    const codes: string[] =
      principal.kind === 'api-key'
        ? [principal.office]
        : await membershipOffices(this.dataSource, principal.id);
    const offices = [];
    for (const code of codes) {
      const access = await this.access.resolve(principal, code);
      if (access) offices.push(officeOf(access));
    }
    return {
      kind: principal.kind,
      id: principal.id,
      name: principal.name,
      email: principal.kind === 'user' ? principal.email : null,
      platformAdmin: principal.kind === 'user' && principal.platformAdmin,
      scopes: principal.kind === 'api-key' ? [...principal.scopes] : null,
      offices,
    };
  }

  @Post('password')
  @Endpoint({
    operationId: 'changeMyPassword',
    summary: 'Change my password',
    description: 'Needs the current password. Every other session of the person ends.',
    requires: 'user',
    body: ChangePasswordBody,
  })
  async changePassword(@CurrentPrincipal() principal: UserPrincipal, @ValidBody() body: ChangePasswordBody) {
    await this.account.changePassword(principal, body);
  }
}
