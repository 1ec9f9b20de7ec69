import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { contentTypeCode, definitionKey, mutation, office, version } from '../common/requests';
import { ScheduleSyncer } from '../schedules/schedule-syncer';
import { ActivationsService } from './activations.service';

const schemas = {
  activate: z.object({
    ...mutation,
    key: definitionKey,
    version,
    contentTypes: z.array(contentTypeCode).min(1).max(100),
    note: z.string().max(2000).optional(),
  }),
  retire: z.object({ ...mutation, activationId: z.uuid(), reason: z.string().max(2000).optional() }),
  list: z.object({
    office,
    status: z.enum(['active', 'retired', 'all']).optional(),
    key: definitionKey.optional(),
  }),
  get: z.object({ office, activationId: z.uuid() }),
};

@CommandController()
export class ActivationCommands {
  constructor(
    private readonly activations: ActivationsService,
    private readonly syncer: ScheduleSyncer,
    private readonly dataSource: DataSource,
  ) {}

  /** After the change commits, the runtime is asked at once; the answer shows how far it got. */
  private async synced(office: string, activationId: string) {
    await this.syncer.flush(office).catch(() => undefined);
    return this.activations.view(this.dataSource.manager, office, activationId);
  }

  @HandleCommand('sop-registry.activation.activate')
  async activate(
    req: CommandRequest<'sop-registry.activation.activate'>,
  ): Promise<CommandResponse<'sop-registry.activation.activate'>> {
    const parsed = schemas.activate.parse(req);
    const result = await this.activations.activate(parsed);
    return { ...result, activation: await this.synced(parsed.office, result.activation.activationId) };
  }

  @HandleCommand('sop-registry.activation.retire')
  async retire(
    req: CommandRequest<'sop-registry.activation.retire'>,
  ): Promise<CommandResponse<'sop-registry.activation.retire'>> {
    const parsed = schemas.retire.parse(req);
    const result = await this.activations.retire(parsed);
    return { activation: await this.synced(parsed.office, result.activation.activationId) };
  }

  @HandleCommand('sop-registry.activation.list')
  list(req: CommandRequest<'sop-registry.activation.list'>) {
    return this.activations.list(schemas.list.parse(req));
  }

  @HandleCommand('sop-registry.activation.get')
  get(req: CommandRequest<'sop-registry.activation.get'>) {
    const parsed = schemas.get.parse(req);
    return this.activations.view(this.dataSource.manager, parsed.office, parsed.activationId);
  }
}
