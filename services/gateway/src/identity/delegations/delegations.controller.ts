import { Delete, Get, Post } from '@nestjs/common';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { TAGS } from '../../http/tags';
import {
  CreateDelegationBody,
  DelegationList,
  DelegationParams,
  DelegationQuery,
  DelegationView,
} from './delegations.api';
import { DelegationsService } from './delegations.service';

@OfficeController('delegations', TAGS.delegations)
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Get()
  @Endpoint({
    operationId: 'listDelegations',
    summary: 'Delegations of the office',
    requires: 'office:admin',
    query: DelegationQuery,
    response: DelegationList,
  })
  async list(@Access() access: OfficeAccess, @ValidQuery() query: DelegationQuery) {
    return { delegations: await this.delegations.list(access, query) };
  }

  @Post()
  @Endpoint({
    operationId: 'createDelegation',
    summary: 'Delegate roles of someone who is away',
    description:
      'Between the two dates (inclusive, office time) the delegate holds the role (or all roles) of the absent ' +
      'member, marked `onBehalfOf` them; decisions they take say so. The absent member must hold such a role in ' +
      'that period (422 otherwise). Delegations do not chain.',
    requires: 'office:admin',
    body: CreateDelegationBody,
    response: DelegationView,
    status: 201,
  })
  create(@Access() access: OfficeAccess, @ValidBody() body: CreateDelegationBody) {
    return this.delegations.create(access, body);
  }

  @Get(':delegationId')
  @Endpoint({
    operationId: 'getDelegation',
    summary: 'A delegation',
    requires: 'office:admin',
    params: DelegationParams,
    response: DelegationView,
  })
  get(@Access() access: OfficeAccess, @ValidParams() params: DelegationParams) {
    return this.delegations.get(access, params.delegationId);
  }

  @Delete(':delegationId')
  @Endpoint({
    operationId: 'revokeDelegation',
    summary: 'End a delegation now',
    requires: 'office:admin',
    params: DelegationParams,
    response: DelegationView,
    status: 200,
  })
  revoke(@Access() access: OfficeAccess, @ValidParams() params: DelegationParams) {
    return this.delegations.revoke(access, params.delegationId);
  }
}
