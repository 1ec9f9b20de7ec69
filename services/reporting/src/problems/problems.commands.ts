import { type NatsContext } from '@nestjs/microservices';
import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, commandMeta, HandleCommand } from '@tatalaman/messaging';
import { idempotencyKeyOf, schemas } from '../common/requests';
import { ProblemsService } from './problems.service';

/** The website problem inventory. */
@CommandController()
export class ProblemsCommands {
  constructor(private readonly problems: ProblemsService) {}

  @HandleCommand('reporting.problems.list')
  async list(
    request: CommandRequest<'reporting.problems.list'>,
  ): Promise<CommandResponse<'reporting.problems.list'>> {
    const r = schemas.problemsList.parse(request);
    return { problems: await this.problems.list(r.office, r.status, r.limit) };
  }

  @HandleCommand('reporting.problem.get')
  async get(
    request: CommandRequest<'reporting.problem.get'>,
  ): Promise<CommandResponse<'reporting.problem.get'>> {
    const r = schemas.problemGet.parse(request);
    return this.problems.get(r.office, r.problemId);
  }

  @HandleCommand('reporting.problem.create')
  async create(
    request: CommandRequest<'reporting.problem.create'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'reporting.problem.create'>> {
    const r = schemas.problemCreate.parse(request);
    return this.problems.create(r, idempotencyKeyOf(request, ctx), commandMeta(ctx).correlationId);
  }

  @HandleCommand('reporting.problem.update')
  async update(
    request: CommandRequest<'reporting.problem.update'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'reporting.problem.update'>> {
    const r = schemas.problemUpdate.parse(request);
    return this.problems.update(r, idempotencyKeyOf(request, ctx), commandMeta(ctx).correlationId);
  }
}
