import { z } from 'zod';
import { isoDateTime as instant } from '../../events/define';
import { actorShape } from '../caller';

/**
 * What the reporting service answers with: recaps, SLA breakdowns, chart series, the
 * platform comparison, the website problem inventory, stored reports and rebuilds.
 *
 * Periods: a month is `YYYY-MM`, a semester `YYYY-S1` (January–June) or `YYYY-S2`
 * (July–December), always in the office's own time zone. Durations are working
 * milliseconds of the office's calendar unless a field says otherwise; shares are
 * ratios between 0 and 1 (rounded to 4 decimals), `null` when there is nothing to
 * measure (no step with a time standard in the period: Mentawai's SOP has none).
 * Everything staff read (titles, labels, month names) is in Bahasa Indonesia.
 */

const ms = z.number().describe('Working milliseconds of the office calendar.');
const share = z.number().nullable().describe('A ratio from 0 to 1; null when nothing had a time standard.');

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const SLA_DIMENSIONS = ['step', 'role', 'person', 'content-type', 'definition'] as const;
export type SlaDimension = (typeof SLA_DIMENSIONS)[number];
export const CHART_KINDS = ['compliance', 'per-step', 'per-role', 'volume'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
export const PROBLEM_CATEGORIES = [
  'content',
  'display',
  'network',
  'server',
  'security',
  'domain',
  'email',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];
export const PROBLEM_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];
export const PROBLEM_STATUSES = ['open', 'in-progress', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** A period of a report: ISO instants (`to` exclusive) and its code (`2026-01`, `2026-S1`). */
export const reportPeriodShape = z.object({
  from: instant,
  to: instant.describe('Exclusive.'),
  label: z.string().max(100).describe('`2026-01`, `2026-S1`.'),
});
export type ReportPeriod = z.infer<typeof reportPeriodShape>;

/** A period with its title, as recaps print it. */
export const titledPeriodShape = reportPeriodShape
  .extend({
    title: z.string().describe('Bahasa Indonesia: "Januari 2026", "Semester I 2026 (Januari–Juni)".'),
  })
  .describe('The period a report covers, in the office time zone.');

/** A file to download: bytes in base64, with the media type and a file name. */
export const reportFileShape = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  contentBase64: z.string(),
});
export type ReportFile = z.infer<typeof reportFileShape>;

export const officeHeaderShape = z
  .object({
    code: z.string(),
    name: z.string(),
    timeZone: z.string(),
    kind: z
      .string()
      .optional()
      .describe('kpu-provinsi, kpu-kabupaten, kpu-kota or other; absent when unknown.'),
    calendar: z
      .enum(['gateway', 'default'])
      .describe("`default`: the office's own calendar was unavailable; the standard one was used."),
  })
  .describe('The office a report is about.');
export type OfficeHeader = z.infer<typeof officeHeaderShape>;

const slaFigures = {
  closed: z.number().int().describe('Step attempts acted on (decided, postponed, done by the platform).'),
  timed: z.number().int().describe('…of which the step had a time standard.'),
  withinLimit: z.number().int(),
  withinTarget: z.number().int(),
  compliance: share,
  targetCompliance: share,
  breached: z.number().int().describe('Closed attempts that had passed their time standard.'),
  escalated: z.number().int().describe('Closed attempts whose breach was escalated.'),
  extensions: z.number().int(),
  waitingMs: ms.describe('Working time before anyone took the task (see docs/reporting.md).'),
  workingMs: ms.describe('Working time from the first claim to the decision.'),
  reworkMs: ms.describe('Time of attempts re-opened by a send-back, charged to whoever sent it back.'),
  reworkCount: z.number().int().describe('How many re-opened attempts that rework is.'),
  sendBacks: z.number().int(),
  avgMs: z.number().nullable().describe('Mean working time an attempt was open; null without attempts.'),
  handoffs: z.number().int(),
  savedMinutes: z.number().describe("The paper SOP's minutes for hand-offs the platform does at once."),
};

export const slaFiguresShape = z
  .object(slaFigures)
  .describe('SLA figures of a group of step attempts, in the office working time.');
export type SlaFigures = z.infer<typeof slaFiguresShape>;

export const slaRowShape = z
  .object({
    key: z
      .string()
      .describe('A step id, role code, person id, content type code, definition key or office code.'),
    label: z.string(),
    stepNumber: z.number().int().optional(),
    definitionKey: z.string().optional(),
    ...slaFigures,
  })
  .describe('SLA figures of one step, role, person, content type or definition.');
export type SlaRow = z.infer<typeof slaRowShape>;

export const deadlineFiguresShape = z
  .object({
    met: z.number().int().describe('Ended by their `until` step within their limit (as extended).'),
    extended: z.number().int().describe('Extended at least once (met or not).'),
    breached: z.number().int().describe('Passed their limit.'),
  })
  .describe('Deadlines across steps ("answer within 10 working days") of the runs that ended in the period.');
export type DeadlineFigures = z.infer<typeof deadlineFiguresShape>;

export const recapSummaryShape = z
  .object({
    itemsSubmitted: z.number().int(),
    runsCompleted: z.number().int(),
    runsRejected: z.number().int(),
    runsCancelled: z.number().int(),
    posts: z.number().int().describe('Items first appearing on a channel in the period.'),
    itemsPublished: z.number().int(),
    views: z.number().int().describe('Readers: page views of the office website.'),
    sla: slaFiguresShape,
    breaches: z.number().int(),
    escalations: z.number().int(),
    postponements: z.number().int(),
    rejections: z.number().int(),
    deadlines: deadlineFiguresShape,
    cycle: z.object({
      count: z.number().int(),
      avgWorkingMs: z.number().nullable(),
      medianWorkingMs: z.number().nullable(),
      avgElapsedMs: z.number().nullable(),
    }),
  })
  .describe('The headline figures of a recap.');
export type RecapSummary = z.infer<typeof recapSummaryShape>;

export const postsByTypeAndChannelShape = z.object({
  contentType: z.string(),
  contentTypeLabel: z.string(),
  channel: z.string(),
  channelLabel: z.string(),
  posts: z.number().int(),
});
export type PostsByTypeAndChannel = z.infer<typeof postsByTypeAndChannelShape>;

export const recapPostShape = z.object({
  itemId: z.string(),
  title: z.string(),
  contentType: z.string(),
  contentTypeLabel: z.string(),
  channels: z.array(z.string()),
  firstPublishedAt: instant,
  url: z.string().optional(),
  /** Page views in the period. */
  views: z.number().int(),
});
export type RecapPost = z.infer<typeof recapPostShape>;

export const recapReadShape = z.object({
  itemId: z.string(),
  title: z.string(),
  contentType: z.string(),
  contentTypeLabel: z.string(),
  views: z.number().int(),
});
export type RecapRead = z.infer<typeof recapReadShape>;

export const recapCycleShape = z.object({
  contentType: z.string(),
  contentTypeLabel: z.string(),
  count: z.number().int(),
  avgWorkingMs: z.number(),
  medianWorkingMs: z.number(),
  avgElapsedMs: z.number(),
});
export type RecapCycle = z.infer<typeof recapCycleShape>;

export const recapSendBackShape = z.object({
  workflowId: z.string(),
  itemId: z.string().optional(),
  title: z.string(),
  contentType: z.string(),
  fromStep: z.string(),
  fromStepNumber: z.number().int(),
  toStep: z.string(),
  by: z.string().optional(),
  role: z.string().optional(),
  reason: z.string().optional(),
  at: instant,
});
export type RecapSendBack = z.infer<typeof recapSendBackShape>;

export const recapPostponedShape = z.object({
  workflowId: z.string(),
  itemId: z.string().optional(),
  title: z.string(),
  contentType: z.string(),
  step: z.string(),
  stepNumber: z.number().int(),
  postponedAt: instant,
  by: z.string().optional(),
  reason: z.string().optional(),
  resumedAt: instant.optional(),
  /** `ditunda` (still waiting at the end of the period), `dilanjutkan` (resumed), `dibatalkan` (cancelled). */
  status: z.enum(['ditunda', 'dilanjutkan', 'dibatalkan']),
});
export type RecapPostponed = z.infer<typeof recapPostponedShape>;

export const recapProblemsShape = z.object({
  reported: z.number().int(),
  resolved: z.number().int(),
  open: z.number().int().describe('Open or in progress at the end of the period.'),
});
export type RecapProblems = z.infer<typeof recapProblemsShape>;

export const monthlyRecapShape = z
  .object({
    office: officeHeaderShape,
    period: titledPeriodShape,
    hasTimeStandards: z.boolean().describe("False when the office's SOP gives no time standard (Mentawai)."),
    summary: recapSummaryShape,
    postsByTypeAndChannel: z.array(postsByTypeAndChannelShape),
    posts: z.array(recapPostShape),
    topRead: z.array(recapReadShape),
    slaBySteps: z.array(slaRowShape),
    cycleTimes: z.array(recapCycleShape),
    sendBacks: z.array(recapSendBackShape),
    postponed: z.array(recapPostponedShape),
    problems: recapProblemsShape,
  })
  .describe(
    "An office's monthly recap: posts per content type and channel, readers, SLA compliance, cycle times, send-backs with reasons, postponed items, website problems.",
  );
export type MonthlyRecap = z.infer<typeof monthlyRecapShape>;

export const semesterRecapShape = monthlyRecapShape
  .extend({
    months: z.array(z.object({ month: z.string(), title: z.string(), summary: recapSummaryShape })),
  })
  .describe("An office's semester recap, with each month's summary.");
export type SemesterRecap = z.infer<typeof semesterRecapShape>;

export const slaBreakdownShape = z
  .object({
    office: officeHeaderShape,
    from: z.string(),
    to: z.string(),
    by: z.enum(SLA_DIMENSIONS),
    rows: z.array(slaRowShape),
    total: slaFiguresShape,
    deadlines: deadlineFiguresShape,
  })
  .describe('SLA compliance grouped by one dimension.');

/** Chart-ready data: one label per point on the x axis, one array per series. */
export const chartSeriesShape = z
  .object({
    chart: z.enum(CHART_KINDS),
    title: z.string(),
    labels: z.array(z.string()).describe('x axis, Bahasa Indonesia.'),
    keys: z
      .array(z.string())
      .describe('The codes behind the labels (months `YYYY-MM`, days `YYYY-MM-DD`, step ids, role codes).'),
    series: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: z.enum(['ratio', 'count', 'ms']),
        data: z.array(z.number().nullable()),
      }),
    ),
  })
  .describe('Chart-ready series for the console.');
export type ChartSeries = z.infer<typeof chartSeriesShape>;

const comparisonFigures = {
  itemsSubmitted: z.number().int(),
  runsCompleted: z.number().int(),
  posts: z.number().int(),
  views: z.number().int(),
  closedSteps: z.number().int(),
  timedSteps: z.number().int(),
  compliance: share,
  breaches: z.number().int(),
  escalations: z.number().int(),
  sendBacks: z.number().int(),
  postponements: z.number().int(),
  avgCycleWorkingMs: z.number().nullable(),
  reworkMs: z.number(),
  savedMinutes: z.number(),
};

export const comparisonRowShape = z.object({
  office: z.string(),
  name: z.string(),
  kind: z.string().optional(),
  ...comparisonFigures,
});
export type ComparisonRow = z.infer<typeof comparisonRowShape>;

export const platformComparisonShape = z
  .object({
    period: titledPeriodShape,
    offices: z.array(comparisonRowShape),
    totals: z.object(comparisonFigures),
  })
  .describe('Every office side by side for a month or a semester.');
export type PlatformComparison = z.infer<typeof platformComparisonShape>;

/** An entry of the website problem inventory (inventarisasi permasalahan website/jaringan). */
export const websiteProblemShape = z
  .object({
    id: z.string(),
    office: z.string(),
    number: z.number().int().describe('1, 2, 3… per office.'),
    title: z.string(),
    description: z.string(),
    category: z.enum(PROBLEM_CATEGORIES),
    severity: z.enum(PROBLEM_SEVERITIES),
    status: z.enum(PROBLEM_STATUSES),
    resolution: z.string().optional(),
    reportedBy: actorShape,
    reportedAt: instant,
    updatedBy: actorShape,
    updatedAt: instant,
    resolvedBy: actorShape.optional(),
    resolvedAt: instant.optional(),
  })
  .describe('An entry of the website problem inventory.');
export type ProblemView = z.infer<typeof websiteProblemShape>;

export const storedReportShape = z
  .object({
    reportId: z.string(),
    office: z.string(),
    report: z.string(),
    title: z.string(),
    period: reportPeriodShape,
    createdAt: instant,
    run: z.object({ workflowId: z.string(), stepId: z.string(), definitionKey: z.string() }).optional(),
    url: z.string().describe('Download address; add `?format=pdf|xlsx|csv|json`.'),
  })
  .describe(
    'A report a recurring SOP run generated (e.g. the monthly recap attached to the evaluation task).',
  );
export type StoredReportView = z.infer<typeof storedReportShape>;

export const rebuildStatusShape = z
  .object({
    rebuildId: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    startedAt: instant,
    finishedAt: instant.optional(),
    /** Per stream: events replayed so far and the stream's last sequence when the replay began. */
    streams: z.array(z.object({ stream: z.string(), applied: z.number().int(), lastSeq: z.number().int() })),
    error: z.string().optional(),
  })
  .describe('A rebuild of the reporting projections from the event streams.');
export type RebuildStatus = z.infer<typeof rebuildStatusShape>;
