import { Get, Post } from '@nestjs/common';
import { REGISTRY_COMMAND_DEFINITIONS as R } from '@tatalaman/contracts';
import type { OfficeAccess } from '../../http/context';
import { Endpoint, OfficeController } from '../../http/endpoint';
import { Access, ValidBody, ValidParams, ValidQuery } from '../../http/params';
import { ServiceCommands } from '../../http/service-commands';
import { SERVICE_PROBLEMS } from '../shared';
import { isPlatformAdmin, SOP_TAG } from './definitions.controller';
import {
  ActivateBody,
  ActivatedView,
  ActivationList,
  ActivationParams,
  ActivationView,
  ContentTypeList,
  ContentTypeParams,
  ListActivationsQuery,
  ResolvedDefinitionView,
  RetireBody,
  RetiredView,
} from './sop-registry.schemas';

/** Which definition version an office runs for which content types: `sop-registry.activation.*`. */
@OfficeController('sop-activations', SOP_TAG)
export class ActivationsController {
  constructor(private readonly commands: ServiceCommands) {}

  @Post()
  @Endpoint({
    operationId: 'activateDefinition',
    summary: 'Use a definition version for content types',
    description:
      'Each content type has one active definition per office: this activation takes the types over from ' +
      'earlier ones (`replaced`); one left without types is retired. New submissions run the new version; ' +
      "runs in progress keep theirs. Recurring flows get their schedules. Another office's own SOP (a platform " +
      'definition with `reservedFor` set, e.g. a seed) is a template here: 403 `definition-reserved`.',
    requires: 'office:admin',
    body: ActivateBody,
    response: ActivatedView,
    status: 201,
    commands: [R['sop-registry.activation.activate']],
    problems: [...SERVICE_PROBLEMS],
  })
  activate(@Access() access: OfficeAccess, @ValidBody() body: ActivateBody) {
    return this.commands.send('sop-registry.activation.activate', {
      ...body,
      platformAdmin: isPlatformAdmin(access),
    });
  }

  @Get()
  @Endpoint({
    operationId: 'listActivations',
    summary: "The office's activations",
    requires: 'office:read',
    query: ListActivationsQuery,
    response: ActivationList,
    commands: [R['sop-registry.activation.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list(@ValidQuery() query: ListActivationsQuery) {
    return this.commands.send('sop-registry.activation.list', query);
  }

  @Get(':activationId')
  @Endpoint({
    operationId: 'getActivation',
    summary: 'An activation',
    requires: 'office:read',
    params: ActivationParams,
    response: ActivationView,
    commands: [R['sop-registry.activation.get']],
    problems: [...SERVICE_PROBLEMS],
  })
  get(@ValidParams() p: ActivationParams) {
    return this.commands.send('sop-registry.activation.get', { activationId: p.activationId });
  }

  @Post(':activationId/retire')
  @Endpoint({
    operationId: 'retireActivation',
    summary: 'End an activation',
    description: 'Its content types have no active definition until another is activated.',
    requires: 'office:admin',
    params: ActivationParams,
    body: RetireBody,
    response: RetiredView,
    status: 200,
    commands: [R['sop-registry.activation.retire']],
    problems: [...SERVICE_PROBLEMS],
  })
  retire(@Access() access: OfficeAccess, @ValidParams() p: ActivationParams, @ValidBody() body: RetireBody) {
    return this.commands.send('sop-registry.activation.retire', {
      activationId: p.activationId,
      ...body,
      platformAdmin: isPlatformAdmin(access),
    });
  }
}

/** The content types an office can use, and the definition each runs: `sop-registry.content-type.list`, `definition.resolve`. */
@OfficeController('content-types', SOP_TAG)
export class ContentTypesController {
  constructor(private readonly commands: ServiceCommands) {}

  @Get()
  @Endpoint({
    operationId: 'listContentTypes',
    summary: 'The content types of the office',
    description:
      'The eight standard types and the custom ones named by definitions the office sees, each with its ' +
      'active definition.',
    requires: 'content:read',
    response: ContentTypeList,
    commands: [R['sop-registry.content-type.list']],
    problems: [...SERVICE_PROBLEMS],
  })
  list() {
    return this.commands.send('sop-registry.content-type.list', {});
  }

  @Get(':contentType/definition')
  @Endpoint({
    operationId: 'resolveContentTypeDefinition',
    summary: 'The definition a content type runs',
    description: 'The version a new submission of this type would run now, compiled.',
    requires: 'content:read',
    params: ContentTypeParams,
    response: ResolvedDefinitionView,
    commands: [R['sop-registry.definition.resolve']],
    problems: [...SERVICE_PROBLEMS],
  })
  resolve(@ValidParams() p: ContentTypeParams) {
    return this.commands.send('sop-registry.definition.resolve', { contentType: p.contentType });
  }
}
