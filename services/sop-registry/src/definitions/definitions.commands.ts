import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { z } from 'zod';
import { contentTypeCode, definitionKey, mutation, office, version } from '../common/requests';
import { DefinitionsService } from './definitions.service';

const lang = z.enum(['id', 'en']).optional();

const schemas = {
  upload: z.object({
    ...mutation,
    // The language's own limit (256 KiB) is reported as a diagnostic; this only stops abuse.
    source: z.string().max(1_000_000),
    scope: z.enum(['platform', 'office']).optional(),
    fileName: z.string().max(255).optional(),
  }),
  list: z.object({
    office,
    scope: z.enum(['platform', 'office']).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    cursor: z.string().max(200).optional(),
  }),
  versions: z.object({ office, key: definitionKey }),
  get: z.object({ office, key: definitionKey, version: version.optional() }),
  resolve: z.object({ office, contentType: contentTypeCode }),
  diff: z.object({ office, key: definitionKey, from: version, to: version }),
  render: z.object({ office, key: definitionKey, version, lang }),
  contentTypes: z.object({ office }),
};

@CommandController()
export class DefinitionCommands {
  constructor(private readonly definitions: DefinitionsService) {}

  @HandleCommand('sop-registry.definition.upload')
  upload(
    req: CommandRequest<'sop-registry.definition.upload'>,
  ): Promise<CommandResponse<'sop-registry.definition.upload'>> {
    return this.definitions.upload(schemas.upload.parse(req));
  }

  @HandleCommand('sop-registry.definition.list')
  list(req: CommandRequest<'sop-registry.definition.list'>) {
    return this.definitions.list(schemas.list.parse(req));
  }

  @HandleCommand('sop-registry.definition.versions')
  versions(req: CommandRequest<'sop-registry.definition.versions'>) {
    return this.definitions.versions(schemas.versions.parse(req));
  }

  @HandleCommand('sop-registry.definition.get')
  get(req: CommandRequest<'sop-registry.definition.get'>) {
    return this.definitions.get(schemas.get.parse(req));
  }

  @HandleCommand('sop-registry.definition.resolve')
  resolve(req: CommandRequest<'sop-registry.definition.resolve'>) {
    return this.definitions.resolve(schemas.resolve.parse(req));
  }

  @HandleCommand('sop-registry.definition.diff')
  diff(req: CommandRequest<'sop-registry.definition.diff'>) {
    return this.definitions.diff(schemas.diff.parse(req));
  }

  @HandleCommand('sop-registry.definition.diagram')
  diagram(req: CommandRequest<'sop-registry.definition.diagram'>) {
    return this.definitions.diagram(schemas.render.parse(req));
  }

  @HandleCommand('sop-registry.definition.sheet')
  sheet(req: CommandRequest<'sop-registry.definition.sheet'>) {
    return this.definitions.sheet(schemas.render.parse(req));
  }

  @HandleCommand('sop-registry.content-type.list')
  async contentTypes(req: CommandRequest<'sop-registry.content-type.list'>) {
    return { contentTypes: await this.definitions.contentTypes(schemas.contentTypes.parse(req).office) };
  }
}
