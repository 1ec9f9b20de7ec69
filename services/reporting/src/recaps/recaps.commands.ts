import { type CommandRequest, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand } from '@tatalaman/messaging';
import { fail } from '../common/failures';
import { schemas } from '../common/requests';
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
    request: CommandRequest<'reporting.recap.monthly'>,
  ): Promise<CommandResponse<'reporting.recap.monthly'>> {
    const r = schemas.monthly.parse(request);
    return periodGuard(() => this.recaps.monthly(r.office, r.month));
  }

  @HandleCommand('reporting.recap.semester')
  async semester(
    request: CommandRequest<'reporting.recap.semester'>,
  ): Promise<CommandResponse<'reporting.recap.semester'>> {
    const r = schemas.semester.parse(request);
    return periodGuard(() => this.recaps.semester(r.office, r.semester));
  }

  @HandleCommand('reporting.recap.export')
  async export(
    request: CommandRequest<'reporting.recap.export'>,
  ): Promise<CommandResponse<'reporting.recap.export'>> {
    const r = schemas.export.parse(request);
    return periodGuard(() => this.reports.exportNow(r.office, r.report, r.period, r.format, r.date));
  }

  @HandleCommand('reporting.sla.breakdown')
  async sla(
    request: CommandRequest<'reporting.sla.breakdown'>,
  ): Promise<CommandResponse<'reporting.sla.breakdown'>> {
    const r = schemas.sla.parse(request);
    return periodGuard(() => this.recaps.slaBreakdownFor(r.office, r.by, r.from, r.to));
  }

  @HandleCommand('reporting.charts.get')
  async chart(
    request: CommandRequest<'reporting.charts.get'>,
  ): Promise<CommandResponse<'reporting.charts.get'>> {
    const r = schemas.chart.parse(request);
    return periodGuard(() => this.recaps.chart(r.office, r.chart, r.from, r.to, r.granularity));
  }

  @HandleCommand('reporting.platform.comparison')
  async comparison(
    request: CommandRequest<'reporting.platform.comparison'>,
  ): Promise<CommandResponse<'reporting.platform.comparison'>> {
    const r = schemas.comparison.parse(request);
    // The gateway lets only platform admins reach this; the flag says it checked.
    if (!r.platformAdmin) throw fail.platformAdminOnly();
    return periodGuard(() => this.recaps.comparison(r.period));
  }
}
