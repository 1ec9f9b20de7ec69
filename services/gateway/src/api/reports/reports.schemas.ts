import { z } from 'zod';
import { ActorView, apiSchema } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';

// Views of libs/contracts/src/commands/reporting.ts; only what is described here leaves the edge.

const instant = z.iso.datetime({ offset: true });
const ms = z.number().describe('Working milliseconds of the office calendar.');
const share = z.number().nullable().describe('A ratio from 0 to 1; null when nothing had a time standard.');

export const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('Gunakan format YYYY-MM', 'Use YYYY-MM'))
  .describe('A month, `YYYY-MM`, in the office time zone.');
export const semesterParam = z
  .string()
  .regex(/^\d{4}-S[12]$/, bilingual('Gunakan format YYYY-S1 atau YYYY-S2', 'Use YYYY-S1 or YYYY-S2'))
  .describe('A semester: `YYYY-S1` (January–June) or `YYYY-S2` (July–December).');
export const periodParam = z
  .string()
  .regex(
    /^\d{4}-((0[1-9]|1[0-2])|S[12])$/,
    bilingual('Gunakan YYYY-MM atau YYYY-S1/YYYY-S2', 'Use YYYY-MM or YYYY-S1/YYYY-S2'),
  )
  .describe('A month (`YYYY-MM`) or a semester (`YYYY-S1`, `YYYY-S2`).');
export const formatParam = z
  .enum(['csv', 'xlsx', 'pdf', 'json'])
  .describe('`pdf`: the official report; `xlsx`: a workbook; `csv`: plain data; `json`: the document model.');

export const ReportPeriodView = apiSchema(
  'ReportPeriod',
  z.object({
    from: instant,
    to: instant.describe('Exclusive.'),
    label: z.string().describe('`2026-01`, `2026-S1`.'),
    title: z.string().describe('Bahasa Indonesia: "Januari 2026", "Semester I 2026 (Januari–Juni)".'),
  }),
  'The period a report covers, in the office time zone.',
);

export const ReportOfficeView = apiSchema(
  'ReportOffice',
  z.object({
    code: z.string(),
    name: z.string(),
    timeZone: z.string(),
    kind: z.string().optional(),
    calendar: z
      .enum(['gateway', 'default'])
      .describe("`default`: the office's own calendar was unavailable; the standard one was used."),
  }),
  'The office a report is about.',
);

const slaFigures = {
  closed: z.number().int().describe('Step attempts acted on (decided, postponed, done by the platform).'),
  timed: z.number().int().describe('…of which the step had a time standard.'),
  withinLimit: z.number().int(),
  withinTarget: z.number().int(),
  compliance: share,
  targetCompliance: share,
  breached: z.number().int(),
  escalated: z.number().int(),
  extensions: z.number().int(),
  waitingMs: ms.describe('Working time before anyone took the task (see docs/reporting.md).'),
  workingMs: ms.describe('Working time from the first claim to the decision.'),
  reworkMs: ms.describe('Time of attempts re-opened by a send-back, charged to whoever sent it back.'),
  reworkCount: z.number().int(),
  sendBacks: z.number().int(),
  avgMs: z.number().nullable(),
  handoffs: z.number().int(),
  savedMinutes: z.number().describe("The paper SOP's minutes for hand-offs the platform does at once."),
};

export const SlaFiguresView = apiSchema(
  'ReportSlaFigures',
  z.object(slaFigures),
  'SLA figures of a group of step attempts, in the office working time.',
);

export const SlaRowView = apiSchema(
  'ReportSlaRow',
  z.object({
    key: z.string(),
    label: z.string(),
    stepNumber: z.number().int().optional(),
    definitionKey: z.string().optional(),
    ...slaFigures,
  }),
  'SLA figures of one step, role, person, content type or definition.',
);

export const RecapSummaryView = apiSchema(
  'RecapSummary',
  z.object({
    itemsSubmitted: z.number().int(),
    runsCompleted: z.number().int(),
    runsRejected: z.number().int(),
    runsCancelled: z.number().int(),
    posts: z.number().int().describe('Items first appearing on a channel in the period.'),
    itemsPublished: z.number().int(),
    views: z.number().int().describe('Readers: page views of the office website.'),
    sla: SlaFiguresView,
    breaches: z.number().int(),
    escalations: z.number().int(),
    postponements: z.number().int(),
    rejections: z.number().int(),
    cycle: z.object({
      count: z.number().int(),
      avgWorkingMs: z.number().nullable(),
      medianWorkingMs: z.number().nullable(),
      avgElapsedMs: z.number().nullable(),
    }),
  }),
  'The headline figures of a recap.',
);

const recapShape = {
  office: ReportOfficeView,
  period: ReportPeriodView,
  hasTimeStandards: z.boolean().describe("False when the office's SOP gives no time standard (Mentawai)."),
  summary: RecapSummaryView,
  postsByTypeAndChannel: z.array(
    z.object({
      contentType: z.string(),
      contentTypeLabel: z.string(),
      channel: z.string(),
      channelLabel: z.string(),
      posts: z.number().int(),
    }),
  ),
  posts: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      contentType: z.string(),
      contentTypeLabel: z.string(),
      channels: z.array(z.string()),
      firstPublishedAt: instant,
      url: z.string().optional(),
      views: z.number().int(),
    }),
  ),
  topRead: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      contentType: z.string(),
      contentTypeLabel: z.string(),
      views: z.number().int(),
    }),
  ),
  slaBySteps: z.array(SlaRowView),
  cycleTimes: z.array(
    z.object({
      contentType: z.string(),
      contentTypeLabel: z.string(),
      count: z.number().int(),
      avgWorkingMs: z.number(),
      medianWorkingMs: z.number(),
      avgElapsedMs: z.number(),
    }),
  ),
  sendBacks: z.array(
    z.object({
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
    }),
  ),
  postponed: z.array(
    z.object({
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
      status: z.enum(['ditunda', 'dilanjutkan', 'dibatalkan']),
    }),
  ),
  problems: z.object({
    reported: z.number().int(),
    resolved: z.number().int(),
    open: z.number().int().describe('Open or in progress at the end of the period.'),
  }),
};

export const MonthlyRecapView = apiSchema(
  'MonthlyRecap',
  z.object(recapShape),
  "An office's monthly recap: posts per content type and channel, readers, SLA compliance, cycle times, send-backs with reasons, postponed items, website problems.",
);

export const SemesterRecapView = apiSchema(
  'SemesterRecap',
  z.object({
    ...recapShape,
    months: z.array(z.object({ month: z.string(), title: z.string(), summary: RecapSummaryView })),
  }),
  "An office's semester recap, with each month's summary.",
);

export const SlaBreakdownView = apiSchema(
  'SlaBreakdown',
  z.object({
    office: ReportOfficeView,
    from: z.string(),
    to: z.string(),
    by: z.enum(['step', 'role', 'person', 'content-type', 'definition']),
    rows: z.array(SlaRowView),
    total: SlaFiguresView,
  }),
  'SLA compliance grouped by one dimension.',
);

export const ReportChartView = apiSchema(
  'ReportChart',
  z.object({
    chart: z.enum(['compliance', 'per-step', 'per-role', 'volume']),
    title: z.string(),
    labels: z.array(z.string()).describe('x axis, Bahasa Indonesia.'),
    keys: z.array(z.string()).describe('The codes behind the labels.'),
    series: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: z.enum(['ratio', 'count', 'ms']),
        data: z.array(z.number().nullable()),
      }),
    ),
  }),
  'Chart-ready series for the console.',
);

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

export const PlatformComparisonView = apiSchema(
  'PlatformComparison',
  z.object({
    period: ReportPeriodView,
    offices: z.array(
      z.object({ office: z.string(), name: z.string(), kind: z.string().optional(), ...comparisonFigures }),
    ),
    totals: z.object(comparisonFigures),
  }),
  'Every office side by side for a month or a semester.',
);

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
export const PROBLEM_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const PROBLEM_STATUSES = ['open', 'in-progress', 'resolved'] as const;

export const WebsiteProblemView = apiSchema(
  'WebsiteProblem',
  z.object({
    id: z.string(),
    office: z.string(),
    number: z.number().int().describe('1, 2, 3… per office.'),
    title: z.string(),
    description: z.string(),
    category: z.enum(PROBLEM_CATEGORIES),
    severity: z.enum(PROBLEM_SEVERITIES),
    status: z.enum(PROBLEM_STATUSES),
    resolution: z.string().optional(),
    reportedBy: ActorView,
    reportedAt: instant,
    updatedBy: ActorView,
    updatedAt: instant,
    resolvedBy: ActorView.optional(),
    resolvedAt: instant.optional(),
  }),
  'An entry of the website problem inventory.',
);

export const WebsiteProblemList = apiSchema(
  'WebsiteProblemList',
  z.object({ problems: z.array(WebsiteProblemView) }),
);

export const CreateWebsiteProblemBody = apiSchema(
  'CreateWebsiteProblemBody',
  z.object({
    title: z
      .string()
      .trim()
      .min(1, bilingual('Judul wajib diisi', 'The title is required'))
      .max(300, bilingual('Judul terlalu panjang', 'The title is too long')),
    description: z
      .string()
      .trim()
      .min(1, bilingual('Uraian wajib diisi', 'The description is required'))
      .max(5000, bilingual('Uraian terlalu panjang', 'The description is too long')),
    category: z.enum(PROBLEM_CATEGORIES),
    severity: z.enum(PROBLEM_SEVERITIES),
  }),
  'A website problem to log (it starts open).',
);
export type CreateWebsiteProblemBody = z.infer<typeof CreateWebsiteProblemBody>;

export const UpdateWebsiteProblemBody = apiSchema(
  'UpdateWebsiteProblemBody',
  z.object({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().min(1).max(5000).optional(),
    category: z.enum(PROBLEM_CATEGORIES).optional(),
    severity: z.enum(PROBLEM_SEVERITIES).optional(),
    status: z.enum(PROBLEM_STATUSES).optional(),
    resolution: z
      .string()
      .trim()
      .max(5000, bilingual('Uraian penyelesaian terlalu panjang', 'The resolution is too long'))
      .optional()
      .describe('Required to resolve a problem.'),
  }),
  'Changes to a logged problem: its fields, status and resolution.',
);
export type UpdateWebsiteProblemBody = z.infer<typeof UpdateWebsiteProblemBody>;

export const GeneratedReportView = apiSchema(
  'GeneratedReport',
  z.object({
    reportId: z.string(),
    office: z.string(),
    report: z.string(),
    title: z.string(),
    period: z.object({ from: instant, to: instant, label: z.string() }),
    createdAt: instant,
    run: z.object({ workflowId: z.string(), stepId: z.string(), definitionKey: z.string() }).optional(),
    url: z.string().describe('Download address; add `?format=pdf|xlsx|csv|json`.'),
  }),
  'A report a recurring SOP run generated (e.g. the monthly recap attached to the evaluation task).',
);

export const GeneratedReportList = apiSchema(
  'GeneratedReportList',
  z.object({ reports: z.array(GeneratedReportView) }),
);

export const ProjectionRebuildView = apiSchema(
  'ProjectionRebuild',
  z.object({
    rebuildId: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    startedAt: instant,
    finishedAt: instant.optional(),
    streams: z.array(z.object({ stream: z.string(), applied: z.number().int(), lastSeq: z.number().int() })),
    error: z.string().optional(),
  }),
  'A rebuild of the reporting projections from the event streams.',
);

export const ProjectionRebuildStatus = apiSchema(
  'ProjectionRebuildStatus',
  z.object({ rebuild: ProjectionRebuildView.optional() }),
);
