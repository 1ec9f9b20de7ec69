import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { schemas } from '../common/requests';
import { periodGuard } from '../recaps/recaps.commands';
import { ReportsService } from './reports.service';

/** Stored reports: built for recurring runs, listed and downloaded by staff. */
@CommandController()
export class ReportsCommands {
  constructor(private readonly reports: ReportsService) {}

  @HandleCommand('reporting.report.generate')
  async generate(
    request: CommandRequest<'reporting.report.generate'>,
  ): Promise<CommandResponse<'reporting.report.generate'>> {
    const r = schemas.generate.parse(request);
    return periodGuard(() => this.reports.generate(r));
  }

  @HandleCommand('reporting.reports.list')
  async list(
    request: CommandRequest<'reporting.reports.list'>,
  ): Promise<CommandResponse<'reporting.reports.list'>> {
    const r = schemas.reportsList.parse(request);
    return { reports: await this.reports.list(r.office, r.report, r.limit) };
  }

  @HandleCommand('reporting.report.download')
  async download(
    request: CommandRequest<'reporting.report.download'>,
  ): Promise<CommandResponse<'reporting.report.download'>> {
    const r = schemas.download.parse(request);
    return this.reports.download(r.office, r.reportId, r.format);
  }
}
