import { Delete, Get, Patch, Post } from '@nestjs/common';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { TAGS } from '../../http/tags';
import { requirePlatformAdmin } from '../offices/offices.controller';
import { EffectiveRoles } from '../role-bindings/effective-roles';
import { HeldRolesQuery, HeldRolesView } from '../role-bindings/role-bindings.api';
import {
  AddMemberBody,
  CreateUserBody,
  MemberList,
  MemberView,
  UpdateUserBody,
  UserParams,
} from './users.api';
import { MembersService } from './members.service';
import { UsersService } from './users.service';

@OfficeController('users', TAGS.users)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly members: MembersService,
    private readonly roles: EffectiveRoles,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listUsers',
    summary: "The office's members",
    requires: 'office:admin',
    response: MemberList,
  })
  async list(@Access() access: OfficeAccess) {
    return { members: await this.users.members(access.office) };
  }

  @Post()
  @Endpoint({
    operationId: 'createUser',
    summary: 'Create a user in the office',
    description:
      'A new account (the email must be new) and its membership; `officeAdmin: true` makes an office admin. ' +
      'An email registered already is a 409; platform admins add such accounts with `POST …/members`.',
    requires: 'office:admin',
    body: CreateUserBody,
    response: MemberView,
    status: 201,
    problems: ['email-taken'],
  })
  create(@Access() access: OfficeAccess, @ValidBody() body: CreateUserBody) {
    return this.members.createInOffice(access.office, access.actor, body);
  }

  @Get(':userId')
  @Endpoint({
    operationId: 'getUser',
    summary: 'A member',
    requires: 'office:admin',
    params: UserParams,
    response: MemberView,
  })
  get(@Access() access: OfficeAccess, @ValidParams() params: UserParams) {
    return this.users.member(access.office, params.userId);
  }

  @Patch(':userId')
  @Endpoint({
    operationId: 'updateUser',
    summary: 'Change a member',
    description:
      'Name, active flag, password (a reset: their sessions end) and the office-admin flag. Deactivating ends ' +
      "every session. For someone who is also a member of another office, only platform admins change the account's " +
      'name, password and active flag (403 `user-shared`).',
    requires: 'office:admin',
    params: UserParams,
    body: UpdateUserBody,
    response: MemberView,
    problems: ['user-shared'],
  })
  update(
    @Access() access: OfficeAccess,
    @ValidParams() params: UserParams,
    @ValidBody() body: UpdateUserBody,
  ) {
    return this.members.update(access, params.userId, body);
  }

  @Delete(':userId')
  @Endpoint({
    operationId: 'removeUser',
    summary: 'Remove a member from the office',
    description:
      'Ends the membership; their role bindings and delegations in this office are revoked with it.',
    requires: 'office:admin',
    params: UserParams,
  })
  async remove(@Access() access: OfficeAccess, @ValidParams() params: UserParams) {
    await this.members.removeMember(access.office, access.actor, params.userId);
  }

  @Get(':userId/roles')
  @Endpoint({
    operationId: 'getUserRoles',
    summary: "A member's effective roles at a moment",
    description:
      'Valid role bindings plus active delegations (with onBehalfOf), on the local date of `at` in the office.',
    requires: 'office:admin',
    params: UserParams,
    query: HeldRolesQuery,
    response: HeldRolesView,
  })
  async heldRoles(
    @Access() access: OfficeAccess,
    @ValidParams() params: UserParams,
    @ValidQuery() query: HeldRolesQuery,
  ) {
    await this.users.member(access.office, params.userId);
    const at = query.at ? new Date(query.at) : new Date();
    const date = EffectiveRoles.dateIn(access.timeZone, at);
    return {
      userId: params.userId,
      at: at.toISOString(),
      date,
      roles: await this.roles.held(access.office, params.userId, date),
    };
  }
}

@OfficeController('members', TAGS.users)
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @Endpoint({
    operationId: 'addMember',
    summary: 'Add an existing account to the office',
    description: 'Platform admins only: someone who already has an account (e.g. in another office).',
    requires: 'office:admin',
    body: AddMemberBody,
    response: MemberView,
    status: 201,
    problems: ['already-member'],
  })
  add(@Access() access: OfficeAccess, @ValidBody() body: AddMemberBody) {
    requirePlatformAdmin(access.principal);
    return this.members.addMember(access.office, access.actor, body);
  }
}
