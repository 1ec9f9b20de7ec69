import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { ScheduleSyncer } from '../schedules/schedule-syncer';
import { ActivationsService } from './activations.service';

/** Activations; `@HandleCommand` parses each request with its contract (libs/contracts). */
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
    req: CommandParsed<'sop-registry.activation.activate'>,
  ): Promise<CommandResponse<'sop-registry.activation.activate'>> {
    const result = await this.activations.activate(req);
    return { ...result, activation: await this.synced(req.office, result.activation.activationId) };
  }

  @HandleCommand('sop-registry.activation.retire')
  async retire(
    req: CommandParsed<'sop-registry.activation.retire'>,
  ): Promise<CommandResponse<'sop-registry.activation.retire'>> {
    const result = await this.activations.retire(req);
    return { activation: await this.synced(req.office, result.activation.activationId) };
  }

  @HandleCommand('sop-registry.activation.list')
  list(req: CommandParsed<'sop-registry.activation.list'>) {
    return this.activations.list(req);
  }

  @HandleCommand('sop-registry.activation.get')
  get(req: CommandParsed<'sop-registry.activation.get'>) {
    return this.activations.view(this.dataSource.manager, req.office, req.activationId);
  }
}
