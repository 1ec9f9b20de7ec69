import { Delete, Get, Patch, Post } from '@nestjs/common';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { TAGS } from '../../http/tags';
import {
  CreateRoleBindingBody,
  RoleBindingList,
  RoleBindingParams,
  RoleBindingQuery,
  RoleBindingView,
  UpdateRoleBindingBody,
} from './role-bindings.api';
import { RoleBindingsService } from './role-bindings.service';

@OfficeController('role-bindings', TAGS.roleBindings)
export class RoleBindingsController {
  constructor(private readonly bindings: RoleBindingsService) {}

  @Get()
  @Endpoint({
    operationId: 'listRoleBindings',
    summary: 'Role bindings of the office',
    requires: 'office:admin',
    query: RoleBindingQuery,
    response: RoleBindingList,
  })
  async list(@Access() access: OfficeAccess, @ValidQuery() query: RoleBindingQuery) {
    return { roleBindings: await this.bindings.list(access, query) };
  }

  @Post()
  @Endpoint({
    operationId: 'createRoleBinding',
    summary: 'Bind a member to an SOP role',
    description:
      "Role codes are the `roles[].code` of the office's SOP definitions; they are checked as slugs here, " +
      'not against the registry (an office may bind a role before the definition that uses it is active).',
    requires: 'office:admin',
    body: CreateRoleBindingBody,
    response: RoleBindingView,
    status: 201,
  })
  create(@Access() access: OfficeAccess, @ValidBody() body: CreateRoleBindingBody) {
    return this.bindings.create(access, body);
  }

  @Get(':bindingId')
  @Endpoint({
    operationId: 'getRoleBinding',
    summary: 'A role binding',
    requires: 'office:admin',
    params: RoleBindingParams,
    response: RoleBindingView,
  })
  get(@Access() access: OfficeAccess, @ValidParams() params: RoleBindingParams) {
    return this.bindings.get(access, params.bindingId);
  }

  @Patch(':bindingId')
  @Endpoint({
    operationId: 'updateRoleBinding',
    summary: 'Change the end date or note of a role binding',
    requires: 'office:admin',
    params: RoleBindingParams,
    body: UpdateRoleBindingBody,
    response: RoleBindingView,
  })
  update(
    @Access() access: OfficeAccess,
    @ValidParams() params: RoleBindingParams,
    @ValidBody() body: UpdateRoleBindingBody,
  ) {
    return this.bindings.update(access, params.bindingId, body);
  }

  @Delete(':bindingId')
  @Endpoint({
    operationId: 'revokeRoleBinding',
    summary: 'Revoke a role binding',
    description: 'The binding ends now and stays in the list (revokedAt, revokedBy) for the record.',
    requires: 'office:admin',
    params: RoleBindingParams,
    response: RoleBindingView,
    status: 200,
  })
  revoke(@Access() access: OfficeAccess, @ValidParams() params: RoleBindingParams) {
    return this.bindings.revoke(access, params.bindingId);
  }
}
