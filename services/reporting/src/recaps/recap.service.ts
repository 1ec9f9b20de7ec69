import { Injectable } from '@nestjs/common';
import {
  type ChartKind,
  type ChartSeries,
  type ComparisonRow,
  type MonthlyRecap,
  type OfficeHeader,
  type PlatformComparison,
  type PostsByTypeAndChannel,
  type RecapCycle,
  type RecapPost,
  type RecapPostponed,
  type RecapProblems,
  type RecapRead,
  type RecapSendBack,
  type RecapSummary,
  type SemesterRecap,
  type SlaDimension,
  type SlaFigures,
  type SlaRow,
} from '@tatalaman/contracts';
import { CHANNELS } from '@tatalaman/sop-language';
import { DataSource } from 'typeorm';
import { type Db, iso, one, rows } from '@tatalaman/persistence';
import { OfficeDirectory } from '../offices/office-directory';
import { METRICS, type Metric } from '../projections/metrics';
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
import { contentTypeLabel, ratio, type Sender, senderKey, type SlaFact, slaBreakdown } from './sla';

type Counters = Record<Metric, number>;

const sumColumns = METRICS.map((m) => `coalesce(sum(${m}), 0)::float8 AS ${m}`).join(', ');

export function channelLabel(code: string): string {
  return CHANNELS[code]?.id ?? code;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function zeroCounters(): Counters {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as Counters;
}

/** SLA figures of an office (or several) from the aggregate counters. */
export function figuresOf(c: Counters): SlaFigures {
  return {
    closed: c.steps_closed,
    timed: c.steps_timed,
    withinLimit: c.within_limit,
    withinTarget: c.within_target,
    compliance: ratio(c.within_limit, c.steps_timed),
    targetCompliance: ratio(c.within_target, c.steps_timed),
    breached: c.breached_closed,
    escalated: c.escalated_closed,
    extensions: c.extensions,
    waitingMs: c.waiting_ms,
    workingMs: c.working_ms,
    reworkMs: c.rework_ms,
    reworkCount: c.rework_count,
    sendBacks: c.sendbacks,
    avgMs: c.steps_closed > 0 ? Math.round(c.total_ms / c.steps_closed) : null,
    handoffs: c.handoffs,
    savedMinutes: c.saved_minutes,
  };
}

function summaryOf(c: Counters, medianWorkingMs: number | null): RecapSummary {
  return {
    itemsSubmitted: c.items_submitted,
    runsCompleted: c.runs_completed,
    runsRejected: c.runs_rejected,
    runsCancelled: c.runs_cancelled,
    posts: c.posts,
    itemsPublished: c.items_published,
    views: c.views,
    sla: figuresOf(c),
    breaches: c.breaches,
    escalations: c.escalations,
    postponements: c.postponements,
    rejections: c.rejections,
    cycle: {
      count: c.cycle_count,
      avgWorkingMs: c.cycle_count > 0 ? Math.round(c.cycle_working_ms / c.cycle_count) : null,
      medianWorkingMs,
      avgElapsedMs: c.cycle_count > 0 ? Math.round(c.cycle_elapsed_ms / c.cycle_count) : null,
    },
  };
}

/**
 * Everything read from the projections: recaps, SLA breakdowns, chart series and the
 * platform comparison. Every statement names the office (`office = $1`), except the
 * platform comparison, which only platform admins reach. Results are ordered on unique
 * keys, so the same projections always give byte-identical answers.
 */
@Injectable()
export class RecapService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: OfficeDirectory,
  ) {}

  async header(office: string, db: Db = this.ds): Promise<OfficeHeader> {
    const info = await this.directory.get(office);
    const known = await one<{ name: string | null; kind: string | null }>(
      db,
      `SELECT name, kind FROM reporting.offices WHERE office = $1`,
      [office],
    );
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
      this.counters(office, period.months),
      this.cycles(office, period),
      this.slaFacts(office, period.firstDay, period.lastDay),
      one<{ yes: boolean }>(
        this.ds,
        `SELECT EXISTS (SELECT 1 FROM reporting.step_facts WHERE office = $1 AND due_at IS NOT NULL) AS yes`,
        [office],
      ),
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
      hasTimeStandards: Boolean(timedEver?.yes),
      summary: summaryOf(counters, median(cycles.map((c) => c.working_ms))),
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
  }> {
    const months = monthRange(from, to);
    const header = await this.header(office);
    const facts = await this.slaFacts(office, parseMonth(months[0]!).firstDay, parseMonth(to).lastDay);
    const { rows: result, total } = slaBreakdown(facts, by, await this.senders(office, facts));
    return { office: header, from, to, by, rows: result, total };
  }

  // ---- counters -------------------------------------------------------------------

  private async counters(office: string, months: string[]): Promise<Counters> {
    const row = await one<Counters>(
      this.ds,
      `SELECT ${sumColumns} FROM reporting.office_month WHERE office = $1 AND month = ANY($2::text[])`,
      [office, months],
    );
    return row ?? zeroCounters();
  }

  private async countersByMonth(office: string, months: string[]): Promise<Map<string, Counters>> {
    const found = await rows<Counters & { month: string }>(
      this.ds,
      `SELECT month, ${sumColumns} FROM reporting.office_month
       WHERE office = $1 AND month = ANY($2::text[]) GROUP BY month ORDER BY month`,
      [office, months],
    );
    return new Map(found.map((r) => [r.month, r]));
  }

  private async countersByDay(office: string, days: string[]): Promise<Map<string, Counters>> {
    const found = await rows<Counters & { day: string }>(
      this.ds,
      `SELECT day, ${sumColumns} FROM reporting.office_day
       WHERE office = $1 AND day >= $2 AND day <= $3 GROUP BY day ORDER BY day`,
      [office, days[0], days[days.length - 1]],
    );
    return new Map(found.map((r) => [r.day, r]));
  }

  // ---- facts ----------------------------------------------------------------------

  private async cycles(office: string, period: Period) {
    return rows<{
      workflow_id: string;
      content_type: string | null;
      working_ms: number;
      elapsed_ms: number;
      ended_day: string;
    }>(
      this.ds,
      `SELECT workflow_id, content_type, working_ms::float8 AS working_ms, elapsed_ms::float8 AS elapsed_ms, ended_day
       FROM reporting.runs
       WHERE office = $1 AND ended_day >= $2 AND ended_day <= $3 AND outcome = 'completed'
         AND item_id IS NOT NULL AND working_ms IS NOT NULL
       ORDER BY workflow_id`,
      [office, period.firstDay, period.lastDay],
    );
  }

  private async cycleMedians(office: string, period: Period): Promise<Map<string, number | null>> {
    const byMonth = new Map<string, number[]>();
    for (const c of await this.cycles(office, period)) {
      const m = c.ended_day.slice(0, 7);
      byMonth.set(m, [...(byMonth.get(m) ?? []), c.working_ms]);
    }
    return new Map([...byMonth].map(([m, v]) => [m, median(v)]));
  }

  private async slaFacts(office: string, firstDay: string, lastDay: string): Promise<SlaFact[]> {
    const found = await rows<Omit<SlaFact, 'opened_at'> & { opened_at: Date | null }>(
      this.ds,
      `SELECT f.workflow_id, f.step_id, f.attempt, f.definition_key, r.definition_title, f.step_number,
              f.step_kind, f.description, f.roles, f.role, f.by_id, f.by_name, f.outcome, f.cause_from,
              f.opened_at, f.total_ms::float8 AS total_ms, f.waiting_ms::float8 AS waiting_ms,
              f.active_ms::float8 AS active_ms, f.is_rework, f.timed, f.met_limit, f.met_target,
              f.is_breached, (f.escalated_at IS NOT NULL) AS escalated, f.extensions, f.saved_minutes,
              r.content_type
       FROM reporting.step_facts f
       LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
       WHERE f.office = $1 AND f.acted_day >= $2 AND f.acted_day <= $3
       ORDER BY f.workflow_id, f.step_id, f.attempt`,
      [office, firstDay, lastDay],
    );
    return found.map((f) => ({ ...f, opened_at: iso(f.opened_at) ?? null }));
  }

  /** The send-back decisions that re-opened the rework attempts among `facts`. */
  private async senders(office: string, facts: SlaFact[]): Promise<Map<string, Sender>> {
    const wanted = facts.filter((f) => f.is_rework && f.cause_from && f.opened_at);
    if (!wanted.length) return new Map();
    const found = await rows<Sender & { workflow_id: string; step_id: string; closed_at: Date }>(
      this.ds,
      `SELECT f.workflow_id, f.step_id, f.closed_at, f.role, f.by_id, f.by_name, f.roles, f.step_number, f.description
       FROM reporting.step_facts f
       JOIN unnest($2::text[], $3::text[], $4::timestamptz[]) AS w(workflow_id, step_id, closed_at)
         ON f.workflow_id = w.workflow_id AND f.step_id = w.step_id AND f.closed_at = w.closed_at
       WHERE f.office = $1 AND f.decision = 'send-back'`,
      [
        office,
        wanted.map((f) => f.workflow_id),
        wanted.map((f) => f.cause_from),
        wanted.map((f) => f.opened_at),
      ],
    );
    return new Map(found.map((s) => [senderKey(s.workflow_id, s.step_id, iso(s.closed_at) ?? null), s]));
  }

  private async postsByTypeAndChannel(office: string, period: Period): Promise<PostsByTypeAndChannel[]> {
    const found = await rows<{ content_type: string; channel: string; posts: number }>(
      this.ds,
      `SELECT coalesce(i.content_type, '') AS content_type, p.channel, count(*)::int AS posts
       FROM reporting.posts p
       LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
       WHERE p.office = $1 AND p.first_published_day >= $2 AND p.first_published_day <= $3
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [office, period.firstDay, period.lastDay],
    );
    return found.map((r) => ({
      contentType: r.content_type,
      contentTypeLabel: contentTypeLabel(r.content_type),
      channel: r.channel,
      channelLabel: channelLabel(r.channel),
      posts: r.posts,
    }));
  }

  private async posts(office: string, period: Period): Promise<RecapPost[]> {
    const found = await rows<{
      item_id: string;
      title: string | null;
      content_type: string | null;
      channels: string[];
      first_published_at: Date;
      url: string | null;
      views: number;
    }>(
      this.ds,
      `SELECT p.item_id, i.title, i.content_type, array_agg(p.channel ORDER BY p.channel) AS channels,
              min(p.first_published_at) AS first_published_at,
              coalesce(max(p.url) FILTER (WHERE p.channel = 'website'), max(p.path) FILTER (WHERE p.channel = 'website'), max(p.url)) AS url,
              coalesce((SELECT sum(v.views) FROM reporting.views_month v
                        WHERE v.office = p.office AND v.item_id = p.item_id AND v.month = ANY($4::text[])), 0)::float8 AS views
       FROM reporting.posts p
       LEFT JOIN reporting.items i ON i.office = p.office AND i.item_id = p.item_id
       WHERE p.office = $1 AND p.first_published_day >= $2 AND p.first_published_day <= $3
       GROUP BY p.office, p.item_id, i.title, i.content_type
       ORDER BY min(p.first_published_at), p.item_id`,
      [office, period.firstDay, period.lastDay, period.months],
    );
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
    const found = await rows<{
      item_id: string;
      title: string | null;
      content_type: string | null;
      views: number;
    }>(
      this.ds,
      `SELECT v.item_id, i.title, i.content_type, sum(v.views)::float8 AS views
       FROM reporting.views_month v
       LEFT JOIN reporting.items i ON i.office = v.office AND i.item_id = v.item_id
       WHERE v.office = $1 AND v.month = ANY($2::text[]) AND v.item_id <> ''
       GROUP BY v.item_id, i.title, i.content_type
       ORDER BY sum(v.views) DESC, v.item_id
       LIMIT $3`,
      [office, period.months, limit],
    );
    return found.map((r) => ({
      itemId: r.item_id,
      title: r.title ?? r.item_id,
      contentType: r.content_type ?? '',
      contentTypeLabel: contentTypeLabel(r.content_type),
      views: r.views,
    }));
  }

  private async sendBacks(office: string, period: Period): Promise<RecapSendBack[]> {
    const found = await rows<{
      workflow_id: string;
      item_id: string | null;
      title: string | null;
      content_type: string | null;
      step_id: string;
      step_number: number | null;
      sent_to: string | null;
      by_name: string | null;
      by_id: string | null;
      role: string | null;
      reason: string | null;
      acted_at: Date;
    }>(
      this.ds,
      `SELECT f.workflow_id, f.item_id, coalesce(r.item_title, i.title) AS title, r.content_type, f.step_id,
              f.step_number, f.sent_to, f.by_name, f.by_id, f.role, f.reason, f.acted_at
       FROM reporting.step_facts f
       LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
       LEFT JOIN reporting.items i ON i.office = f.office AND i.item_id = f.item_id
       WHERE f.office = $1 AND f.acted_day >= $2 AND f.acted_day <= $3 AND f.outcome = 'send-back'
       ORDER BY f.acted_at, f.workflow_id, f.step_id, f.attempt`,
      [office, period.firstDay, period.lastDay],
    );
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

  private async postponed(office: string, instants: { from: string; to: string }): Promise<RecapPostponed[]> {
    const found = await rows<{
      workflow_id: string;
      item_id: string | null;
      title: string | null;
      content_type: string | null;
      step_id: string;
      step_number: number | null;
      postponed_at: Date;
      postponed_by_name: string | null;
      postponed_by_id: string | null;
      postpone_reason: string | null;
      resumed_at: Date | null;
      decision: string | null;
      closed_at: Date | null;
    }>(
      this.ds,
      `SELECT f.workflow_id, f.item_id, coalesce(r.item_title, i.title) AS title, r.content_type, f.step_id,
              f.step_number, f.postponed_at, f.postponed_by_name, f.postponed_by_id, f.postpone_reason,
              f.resumed_at, f.decision, f.closed_at
       FROM reporting.step_facts f
       LEFT JOIN reporting.runs r ON r.office = f.office AND r.workflow_id = f.workflow_id
       LEFT JOIN reporting.items i ON i.office = f.office AND i.item_id = f.item_id
       WHERE f.office = $1 AND f.postponed_at IS NOT NULL AND f.postponed_at < $3
         AND (f.resumed_at IS NULL OR f.resumed_at >= $2)
         AND (f.resumed_at IS NOT NULL OR f.closed_at IS NULL OR f.closed_at >= $2)
       ORDER BY f.postponed_at, f.workflow_id, f.step_id, f.attempt`,
      [office, instants.from, instants.to],
    );
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
    const row = await one<RecapProblems>(
      this.ds,
      `SELECT count(*) FILTER (WHERE reported_at >= $2 AND reported_at < $3)::int AS reported,
              count(*) FILTER (WHERE resolved_at >= $2 AND resolved_at < $3)::int AS resolved,
              count(*) FILTER (WHERE reported_at < $3 AND (resolved_at IS NULL OR resolved_at >= $3))::int AS open
       FROM reporting.problems WHERE office = $1`,
      [office, instants.from, instants.to],
    );
    return row ?? { reported: 0, resolved: 0, open: 0 };
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
      const by = chart === 'per-step' ? 'step' : 'role';
      const { rows: groups } = await this.slaBreakdownFor(office, by, from, to);
      return {
        chart,
        title: chart === 'per-step' ? 'Kepatuhan per langkah' : 'Kepatuhan per peran',
        keys: groups.map((g) => g.key),
        labels: groups.map((g) => g.label),
        series: [
          {
            key: 'compliance',
            label: 'Kepatuhan standar waktu',
            unit: 'ratio',
            data: groups.map((g) => g.compliance),
          },
          { key: 'closed', label: 'Langkah selesai', unit: 'count', data: groups.map((g) => g.closed) },
          {
            key: 'breached',
            label: 'Melampaui standar waktu',
            unit: 'count',
            data: groups.map((g) => g.breached),
          },
          { key: 'waitingMs', label: 'Waktu tunggu', unit: 'ms', data: groups.map((g) => g.waitingMs) },
          { key: 'workingMs', label: 'Waktu kerja', unit: 'ms', data: groups.map((g) => g.workingMs) },
          {
            key: 'reworkMs',
            label: 'Waktu pengerjaan ulang',
            unit: 'ms',
            data: groups.map((g) => g.reworkMs),
          },
          { key: 'avgMs', label: 'Rata-rata durasi langkah', unit: 'ms', data: groups.map((g) => g.avgMs) },
        ],
      };
    }
    let keys: string[];
    let labels: string[];
    let counters: Map<string, Counters>;
    if (granularity === 'day') {
      if (from !== to) throw new PeriodError(`${from}..${to}`);
      keys = daysOf(parseMonth(from).code);
      labels = keys.map((d) => String(Number(d.slice(8))));
      counters = await this.countersByDay(office, keys);
    } else {
      keys = monthRange(from, to);
      labels = keys.map(monthShort);
      counters = await this.countersByMonth(office, keys);
    }
    const at = (k: string) => counters.get(k) ?? zeroCounters();
    if (chart === 'compliance') {
      return {
        chart,
        title: 'Kepatuhan standar waktu',
        keys,
        labels,
        series: [
          {
            key: 'compliance',
            label: 'Dalam batas waktu',
            unit: 'ratio',
            data: keys.map((k) => ratio(at(k).within_limit, at(k).steps_timed)),
          },
          {
            key: 'targetCompliance',
            label: 'Dalam target waktu',
            unit: 'ratio',
            data: keys.map((k) => ratio(at(k).within_target, at(k).steps_timed)),
          },
          { key: 'breaches', label: 'Pelampauan', unit: 'count', data: keys.map((k) => at(k).breaches) },
          {
            key: 'closed',
            label: 'Langkah selesai',
            unit: 'count',
            data: keys.map((k) => at(k).steps_closed),
          },
        ],
      };
    }
    return {
      chart,
      title: 'Volume konten dan pembaca',
      keys,
      labels,
      series: [
        {
          key: 'itemsSubmitted',
          label: 'Konten diajukan',
          unit: 'count',
          data: keys.map((k) => at(k).items_submitted),
        },
        {
          key: 'itemsPublished',
          label: 'Konten terbit',
          unit: 'count',
          data: keys.map((k) => at(k).items_published),
        },
        { key: 'posts', label: 'Postingan', unit: 'count', data: keys.map((k) => at(k).posts) },
        { key: 'views', label: 'Pembaca (tayangan)', unit: 'count', data: keys.map((k) => at(k).views) },
      ],
    };
  }

  // ---- platform -------------------------------------------------------------------

  /** Every office side by side, from the monthly counters only (a few rows per office). */
  async comparison(code: string): Promise<PlatformComparison> {
    const period = parsePeriod(code);
    const found = await rows<Counters & { office: string; name: string | null; kind: string | null }>(
      this.ds,
      `SELECT a.office, o.name, o.kind, ${METRICS.map((m) => `a.${m}`).join(', ')}
       FROM (SELECT office, ${sumColumns} FROM reporting.office_month WHERE month = ANY($1::text[]) GROUP BY office) a
       LEFT JOIN reporting.offices o ON o.office = a.office
       ORDER BY a.office`,
      [period.months],
    );
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

function comparisonFigures(c: Counters): Omit<ComparisonRow, 'office' | 'name' | 'kind'> {
  return {
    itemsSubmitted: c.items_submitted,
    runsCompleted: c.runs_completed,
    posts: c.posts,
    views: c.views,
    closedSteps: c.steps_closed,
    timedSteps: c.steps_timed,
    compliance: ratio(c.within_limit, c.steps_timed),
    breaches: c.breaches,
    escalations: c.escalations,
    sendBacks: c.sendbacks,
    postponements: c.postponements,
    avgCycleWorkingMs: c.cycle_count > 0 ? Math.round(c.cycle_working_ms / c.cycle_count) : null,
    reworkMs: c.rework_ms,
    savedMinutes: c.saved_minutes,
  };
}

function cycleTimes(
  cycles: { content_type: string | null; working_ms: number; elapsed_ms: number }[],
): RecapCycle[] {
  const byType = new Map<string, { working: number[]; elapsed: number }>();
  for (const c of cycles) {
    const key = c.content_type ?? '';
    const cur = byType.get(key) ?? { working: [], elapsed: 0 };
    cur.working.push(c.working_ms);
    cur.elapsed += c.elapsed_ms;
    byType.set(key, cur);
  }
  return [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([contentType, v]) => ({
      contentType,
      contentTypeLabel: contentTypeLabel(contentType),
      count: v.working.length,
      avgWorkingMs: Math.round(v.working.reduce((a, b) => a + b, 0) / v.working.length),
      medianWorkingMs: median(v.working)!,
      avgElapsedMs: Math.round(v.elapsed / v.working.length),
    }));
}
