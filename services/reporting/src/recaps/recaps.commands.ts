import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { fail } from '../common/failures';
import { ReportsService } from '../reports/reports.service';
import { PeriodError } from './periods';
import { RecapService } from './recap.service';

/** Turns a bad period into a 400 with the bilingual message. */
export async function periodGuard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PeriodError) throw fail.invalidPeriod(error.value);
    throw error;
  }
}

/** Recaps, SLA breakdowns, chart series, exports and the platform comparison. */
@CommandController()
export class RecapsCommands {
  constructor(
    private readonly recaps: RecapService,
    private readonly reports: ReportsService,
  ) {}

  @HandleCommand('reporting.recap.monthly')
  async monthly(
    request: CommandParsed<'reporting.recap.monthly'>,
  ): Promise<CommandResponse<'reporting.recap.monthly'>> {
    return periodGuard(() => this.recaps.monthly(request.office, request.month));
  }

  @HandleCommand('reporting.recap.semester')
  async semester(
    request: CommandParsed<'reporting.recap.semester'>,
  ): Promise<CommandResponse<'reporting.recap.semester'>> {
    return periodGuard(() => this.recaps.semester(request.office, request.semester));
  }

  @HandleCommand('reporting.recap.export')
  async export(
    request: CommandParsed<'reporting.recap.export'>,
  ): Promise<CommandResponse<'reporting.recap.export'>> {
    return periodGuard(() =>
      this.reports.exportNow(request.office, request.report, request.period, request.format, request.date),
    );
  }

  @HandleCommand('reporting.sla.breakdown')
  async sla(
    request: CommandParsed<'reporting.sla.breakdown'>,
  ): Promise<CommandResponse<'reporting.sla.breakdown'>> {
    return periodGuard(() =>
      this.recaps.slaBreakdownFor(request.office, request.by, request.from, request.to),
    );
  }

  @HandleCommand('reporting.charts.get')
  async chart(
    request: CommandParsed<'reporting.charts.get'>,
  ): Promise<CommandResponse<'reporting.charts.get'>> {
    return periodGuard(() =>
      this.recaps.chart(request.office, request.chart, request.from, request.to, request.granularity),
    );
  }

  @HandleCommand('reporting.platform.comparison')
  async comparison(
    request: CommandParsed<'reporting.platform.comparison'>,
  ): Promise<CommandResponse<'reporting.platform.comparison'>> {
    // The gateway lets only platform admins reach this; the flag says it checked.
    if (!request.platformAdmin) throw fail.platformAdminOnly();
    return periodGuard(() => this.recaps.comparison(request.period));
  }
}
