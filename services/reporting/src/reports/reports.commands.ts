import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { periodGuard } from '../recaps/recaps.commands';
import { ReportsService } from './reports.service';

/** Stored reports: built for recurring runs, listed and downloaded by staff. */
@CommandController()
export class ReportsCommands {
  constructor(private readonly reports: ReportsService) {}

  @HandleCommand('reporting.report.generate')
  async generate(
    request: CommandParsed<'reporting.report.generate'>,
  ): Promise<CommandResponse<'reporting.report.generate'>> {
    return periodGuard(() => this.reports.generate(request));
  }

  @HandleCommand('reporting.reports.list')
  async list(
    request: CommandParsed<'reporting.reports.list'>,
  ): Promise<CommandResponse<'reporting.reports.list'>> {
    return { reports: await this.reports.list(request.office, request.report, request.limit) };
  }

  @HandleCommand('reporting.report.download')
  async download(
    request: CommandParsed<'reporting.report.download'>,
  ): Promise<CommandResponse<'reporting.report.download'>> {
    return this.reports.download(request.office, request.reportId, request.format);
  }
}
