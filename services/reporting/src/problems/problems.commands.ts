import { type NatsContext } from '@nestjs/microservices';
import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, commandMeta, HandleCommand } from '@tatalaman/messaging';
import { idempotencyKeyOf } from '../common/requests';
import { ProblemsService } from './problems.service';

/** The website problem inventory. */
@CommandController()
export class ProblemsCommands {
  constructor(private readonly problems: ProblemsService) {}

  @HandleCommand('reporting.problems.list')
  async list(
    request: CommandParsed<'reporting.problems.list'>,
  ): Promise<CommandResponse<'reporting.problems.list'>> {
    return { problems: await this.problems.list(request.office, request.status, request.limit) };
  }

  @HandleCommand('reporting.problem.get')
  async get(
    request: CommandParsed<'reporting.problem.get'>,
  ): Promise<CommandResponse<'reporting.problem.get'>> {
    return this.problems.get(request.office, request.problemId);
  }

  @HandleCommand('reporting.problem.create')
  async create(
    request: CommandParsed<'reporting.problem.create'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'reporting.problem.create'>> {
    return this.problems.create(request, idempotencyKeyOf(request, ctx), commandMeta(ctx).correlationId);
  }

  @HandleCommand('reporting.problem.update')
  async update(
    request: CommandParsed<'reporting.problem.update'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'reporting.problem.update'>> {
    return this.problems.update(request, idempotencyKeyOf(request, ctx), commandMeta(ctx).correlationId);
  }
}
