import { Injectable } from '@nestjs/common';
import {
  type ChartKind,
  type ChartSeries,
  type ComparisonRow,
  type MonthlyRecap,
  type OfficeHeader,
  type PlatformComparison,
  type PostsByTypeAndChannel,
  type RecapPost,
  type RecapPostponed,
  type RecapProblems,
  type RecapRead,
  type RecapSendBack,
  type SemesterRecap,
  type SlaDimension,
  type DeadlineFigures,
  type SlaFigures,
  type SlaRow,
} from '@tatalaman/contracts';
import { DataSource } from 'typeorm';
import { type Db, iso } from '@tatalaman/persistence';
import { OfficeDirectory } from '../offices/office-directory';
import { METRICS } from '../projections/metrics';
import { groupChart, timeChart } from './charts';
import {
  type Counters,
  comparisonFigures,
  cycleTimes,
  deadlinesOf,
  median,
  summaryOf,
  zeroCounters,
} from './figures';
import { channelLabel, contentTypeLabel } from './labels';
import {
  daysOf,
  monthRange,
  monthShort,
  monthTitle,
  parseMonth,
  parsePeriod,
  parseSemester,
  type Period,
  PeriodError,
  periodInstants,
} from './periods';
import * as q from './recaps.queries';
import { type Sender, senderKey, type SlaFact, slaBreakdown } from './sla';

/**
 * Everything read from the projections: recaps, SLA breakdowns, chart series and the
 * platform comparison. The SQL is in recaps.queries.ts; here the rows become the views
 * the contracts name. Every read names the office, except the platform comparison, which
 * only platform admins reach.
 */
@Injectable()
export class RecapService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: OfficeDirectory,
  ) {}

  async header(office: string, db: Db = this.ds): Promise<OfficeHeader> {
    const info = await this.directory.get(office);
    const known = await q.officeNameAndKind(db, office);
    const kind = known?.kind ?? info.kind;
    return {
      code: office,
      name: known?.name ?? info.name,
      timeZone: info.timeZone,
      ...(kind ? { kind } : {}),
      calendar: info.source,
    };
  }

  async monthly(office: string, month: string): Promise<MonthlyRecap> {
    return this.recap(office, parseMonth(month));
  }

  async semester(office: string, code: string): Promise<SemesterRecap> {
    const period = parseSemester(code);
    const recap = await this.recap(office, period);
    const perMonth = await this.countersByMonth(office, period.months);
    const medians = await this.cycleMedians(office, period);
    return {
      ...recap,
      months: period.months.map((m) => ({
        month: m,
        title: monthTitle(m),
        summary: summaryOf(perMonth.get(m) ?? zeroCounters(), medians.get(m) ?? null),
      })),
    };
  }

  /** The recap of a month or a semester (without the per-month table). */
  async recap(office: string, period: Period): Promise<MonthlyRecap> {
    const header = await this.header(office);
    const instants = periodInstants(period, header.timeZone);
    // Independent reads, side by side on the pool.
    const [
      counters,
      cycles,
      facts,
      timedEver,
      postsByTypeAndChannel,
      posts,
      topRead,
      sendBacks,
      postponed,
      problems,
    ] = await Promise.all([
      q.summedCounters(this.ds, office, period.months),
      q.completedCycles(this.ds, office, period.firstDay, period.lastDay),
      q.slaFacts(this.ds, office, period.firstDay, period.lastDay),
      q.hasTimedSteps(this.ds, office),
      this.postsByTypeAndChannel(office, period),
      this.posts(office, period),
      this.topRead(office, period),
      this.sendBacks(office, period),
      this.postponed(office, instants),
      this.problems(office, instants),
    ]);
    const senders = await this.senders(office, facts);
    return {
      office: header,
      period: { ...instants, label: period.code, title: period.title },
      hasTimeStandards: timedEver,
      summary: summaryOf(counters ?? zeroCounters(), median(cycles.map((c) => c.working_ms))),
      postsByTypeAndChannel,
      posts,
      topRead,
      slaBySteps: slaBreakdown(facts, 'step', senders).rows,
      cycleTimes: cycleTimes(cycles),
      sendBacks,
      postponed,
      problems,
    };
  }

  async slaBreakdownFor(
    office: string,
    by: SlaDimension,
    from: string,
    to: string,
  ): Promise<{
    office: OfficeHeader;
    from: string;
    to: string;
    by: SlaDimension;
    rows: SlaRow[];
    total: SlaFigures;
    deadlines: DeadlineFigures;
  }> {
    const months = monthRange(from, to);
    const header = await this.header(office);
    const [facts, counters] = await Promise.all([
      q.slaFacts(this.ds, office, parseMonth(months[0]!).firstDay, parseMonth(to).lastDay),
      q.summedCounters(this.ds, office, months),
    ]);
    const { rows: result, total } = slaBreakdown(facts, by, await this.senders(office, facts));
    return {
      office: header,
      from,
      to,
      by,
      rows: result,
      total,
      deadlines: deadlinesOf(counters ?? zeroCounters()),
    };
  }

  // ---- counters and facts -----------------------------------------------------------

  private async countersByMonth(office: string, months: string[]): Promise<Map<string, Counters>> {
    const found = await q.countersByMonth(this.ds, office, months);
    return new Map(found.map((r) => [r.month, r]));
  }

  private async countersByDay(office: string, days: string[]): Promise<Map<string, Counters>> {
    const found = await q.countersByDay(this.ds, office, days[0], days[days.length - 1]);
    return new Map(found.map((r) => [r.day, r]));
  }

  private async cycleMedians(office: string, period: Period): Promise<Map<string, number | null>> {
    const byMonth = new Map<string, number[]>();
    for (const c of await q.completedCycles(this.ds, office, period.firstDay, period.lastDay)) {
      const m = c.ended_day.slice(0, 7);
      byMonth.set(m, [...(byMonth.get(m) ?? []), c.working_ms]);
    }
    return new Map([...byMonth].map(([m, v]) => [m, median(v)]));
  }

  /** The send-back decisions that re-opened the rework attempts among `facts`. */
  private async senders(office: string, facts: SlaFact[]): Promise<Map<string, Sender>> {
    const wanted = facts.filter((f) => f.is_rework && f.cause_from && f.opened_at);
    if (!wanted.length) return new Map();
    const found = await q.sendBackDecisions(this.ds, office, {
      workflowIds: wanted.map((f) => f.workflow_id),
      stepIds: wanted.map((f) => f.cause_from),
      closedAt: wanted.map((f) => f.opened_at),
    });
    return new Map(found.map((s) => [senderKey(s.workflow_id, s.step_id, iso(s.closed_at) ?? null), s]));
  }

  // ---- posts, send-backs, postponements, problems ------------------------------------

  private async postsByTypeAndChannel(office: string, period: Period): Promise<PostsByTypeAndChannel[]> {
    const found = await q.postCounts(this.ds, office, period.firstDay, period.lastDay);
    return found.map((r) => ({
      contentType: r.content_type,
      contentTypeLabel: contentTypeLabel(r.content_type),
      channel: r.channel,
      channelLabel: channelLabel(r.channel),
      posts: r.posts,
    }));
  }

  private async posts(office: string, period: Period): Promise<RecapPost[]> {
    const found = await q.publishedPosts(this.ds, office, period.firstDay, period.lastDay, period.months);
    return found.map((r) => ({
      itemId: r.item_id,
      title: r.title ?? r.item_id,
      contentType: r.content_type ?? '',
      contentTypeLabel: contentTypeLabel(r.content_type),
      channels: r.channels,
      firstPublishedAt: r.first_published_at.toISOString(),
      ...(r.url ? { url: r.url } : {}),
      views: r.views,
    }));
  }

  private async topRead(office: string, period: Period, limit = 10): Promise<RecapRead[]> {
    const found = await q.mostRead(this.ds, office, period.months, limit);
    return found.map((r) => ({
      itemId: r.item_id,
      title: r.title ?? r.item_id,
      contentType: r.content_type ?? '',
      contentTypeLabel: contentTypeLabel(r.content_type),
      views: r.views,
    }));
  }

  private async sendBacks(office: string, period: Period): Promise<RecapSendBack[]> {
    const found = await q.sendBacks(this.ds, office, period.firstDay, period.lastDay);
    return found.map((r) => ({
      workflowId: r.workflow_id,
      ...(r.item_id ? { itemId: r.item_id } : {}),
      title: r.title ?? r.item_id ?? r.workflow_id,
      contentType: r.content_type ?? '',
      fromStep: r.step_id,
      fromStepNumber: r.step_number ?? 0,
      toStep: r.sent_to ?? '',
      ...(r.by_name || r.by_id ? { by: (r.by_name ?? r.by_id)! } : {}),
      ...(r.role ? { role: r.role } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      at: r.acted_at.toISOString(),
    }));
  }

  /** Steps waiting in the period; each says whether it was resumed, cancelled or still waits at its end. */
  private async postponed(office: string, instants: { from: string; to: string }): Promise<RecapPostponed[]> {
    const found = await q.postponedSteps(this.ds, office, instants.from, instants.to);
    const to = Date.parse(instants.to);
    return found.map((r) => {
      const resumed = r.resumed_at && r.resumed_at.getTime() < to;
      const cancelled =
        !r.resumed_at && r.decision === 'cancelled' && r.closed_at && r.closed_at.getTime() < to;
      return {
        workflowId: r.workflow_id,
        ...(r.item_id ? { itemId: r.item_id } : {}),
        title: r.title ?? r.item_id ?? r.workflow_id,
        contentType: r.content_type ?? '',
        step: r.step_id,
        stepNumber: r.step_number ?? 0,
        postponedAt: r.postponed_at.toISOString(),
        ...(r.postponed_by_name || r.postponed_by_id
          ? { by: (r.postponed_by_name ?? r.postponed_by_id)! }
          : {}),
        ...(r.postpone_reason ? { reason: r.postpone_reason } : {}),
        ...(resumed ? { resumedAt: r.resumed_at!.toISOString() } : {}),
        status: resumed ? 'dilanjutkan' : cancelled ? 'dibatalkan' : 'ditunda',
      };
    });
  }

  private async problems(office: string, instants: { from: string; to: string }): Promise<RecapProblems> {
    return (
      (await q.problemCounts(this.ds, office, instants.from, instants.to)) ?? {
        reported: 0,
        resolved: 0,
        open: 0,
      }
    );
  }

  // ---- charts ---------------------------------------------------------------------

  async chart(
    office: string,
    chart: ChartKind,
    from: string,
    to: string,
    granularity: 'month' | 'day' = 'month',
  ): Promise<ChartSeries> {
    if (chart === 'per-step' || chart === 'per-role') {
      const { rows: groups } = await this.slaBreakdownFor(
        office,
        chart === 'per-step' ? 'step' : 'role',
        from,
        to,
      );
      return groupChart(chart, groups);
    }
    if (granularity === 'day') {
      if (from !== to) throw new PeriodError(`${from}..${to}`);
      const days = daysOf(parseMonth(from).code);
      const labels = days.map((d) => String(Number(d.slice(8))));
      return timeChart(chart, days, labels, await this.countersByDay(office, days));
    }
    const months = monthRange(from, to);
    return timeChart(chart, months, months.map(monthShort), await this.countersByMonth(office, months));
  }

  // ---- platform -------------------------------------------------------------------

  /** Every office side by side, from the monthly counters only (a few rows per office). */
  async comparison(code: string): Promise<PlatformComparison> {
    const period = parsePeriod(code);
    const found = await q.countersPerOffice(this.ds, period.months);
    const total = zeroCounters();
    const offices: ComparisonRow[] = found.map((c) => {
      for (const m of METRICS) total[m] += c[m];
      return {
        office: c.office,
        name: c.name ?? c.office,
        ...(c.kind ? { kind: c.kind } : {}),
        ...comparisonFigures(c),
      };
    });
    const instants = periodInstants(period, 'Asia/Jakarta');
    return {
      period: { ...instants, label: period.code, title: period.title },
      offices,
      totals: comparisonFigures(total),
    };
  }
}
