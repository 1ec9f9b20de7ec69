import { type CommandParsed } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { DefinitionsService } from './definitions.service';

/** Definitions and content types; `@HandleCommand` parses each request with its contract (libs/contracts). */
@CommandController()
export class DefinitionCommands {
  constructor(private readonly definitions: DefinitionsService) {}

  @HandleCommand('sop-registry.definition.upload')
  upload(req: CommandParsed<'sop-registry.definition.upload'>) {
    return this.definitions.upload(req);
  }

  @HandleCommand('sop-registry.definition.list')
  list(req: CommandParsed<'sop-registry.definition.list'>) {
    return this.definitions.list(req);
  }

  @HandleCommand('sop-registry.definition.versions')
  versions(req: CommandParsed<'sop-registry.definition.versions'>) {
    return this.definitions.versions(req);
  }

  @HandleCommand('sop-registry.definition.get')
  get(req: CommandParsed<'sop-registry.definition.get'>) {
    return this.definitions.get(req);
  }

  @HandleCommand('sop-registry.definition.resolve')
  resolve(req: CommandParsed<'sop-registry.definition.resolve'>) {
    return this.definitions.resolve(req);
  }

  @HandleCommand('sop-registry.definition.diff')
  diff(req: CommandParsed<'sop-registry.definition.diff'>) {
    return this.definitions.diff(req);
  }

  @HandleCommand('sop-registry.definition.diagram')
  diagram(req: CommandParsed<'sop-registry.definition.diagram'>) {
    return this.definitions.diagram(req);
  }

  @HandleCommand('sop-registry.definition.sheet')
  sheet(req: CommandParsed<'sop-registry.definition.sheet'>) {
    return this.definitions.sheet(req);
  }

  @HandleCommand('sop-registry.content-type.list')
  async contentTypes(req: CommandParsed<'sop-registry.content-type.list'>) {
    return { contentTypes: await this.definitions.contentTypes(req.office) };
  }
}
