import { Delete, Get, Post } from '@nestjs/common';
import { actorOf, type Principal } from '../../http/context';
import { ApiController, Endpoint } from '../../http/endpoint';
import { CurrentPrincipal, ValidBody, ValidParams } from '../../http/params';
import { TAGS } from '../../http/tags';
import type { User } from './user.entity';
import { GrantPlatformAdminBody, PlatformAdminList, PlatformAdminView, UserParams } from './users.api';
import { PlatformAdminsService } from './platform-admins.service';

const view = (u: User) => ({ id: u.id, email: u.email, name: u.name, active: u.active });

@ApiController('platform-admins', TAGS.platformAdmins)
export class PlatformAdminsController {
  constructor(private readonly admins: PlatformAdminsService) {}

  @Get()
  @Endpoint({
    operationId: 'listPlatformAdmins',
    summary: 'Platform admins',
    requires: 'platform-admin',
    response: PlatformAdminList,
  })
  async list() {
    return { admins: (await this.admins.list()).map(view) };
  }

  @Post()
  @Endpoint({
    operationId: 'grantPlatformAdmin',
    summary: 'Make an account a platform admin',
    description: 'Creates the account when the email is new (then name and password are required).',
    requires: 'platform-admin',
    body: GrantPlatformAdminBody,
    response: PlatformAdminView,
    status: 200,
  })
  async grant(@CurrentPrincipal() principal: Principal, @ValidBody() body: GrantPlatformAdminBody) {
    return view(await this.admins.grant(actorOf(principal), body));
  }

  @Delete(':userId')
  @Endpoint({
    operationId: 'revokePlatformAdmin',
    summary: 'Take platform admin away from an account',
    description: 'The last active platform admin stays (409).',
    requires: 'platform-admin',
    params: UserParams,
    problems: ['last-platform-admin'],
  })
  async revoke(@CurrentPrincipal() principal: Principal, @ValidParams() params: UserParams) {
    await this.admins.revoke(actorOf(principal), params.userId);
  }
}
