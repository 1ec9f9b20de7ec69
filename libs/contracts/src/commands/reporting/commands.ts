import { z } from 'zod';
import { actorShape, callerFields, idempotencyKeyShape, officeFields } from '../caller';
import { type ContractsOf, defineCommand, registerCommands } from '../define';
import { REPORTING_ERRORS as E } from './errors';
import {
  CHART_KINDS,
  chartSeriesShape,
  monthlyRecapShape,
  platformComparisonShape,
  PROBLEM_CATEGORIES,
  PROBLEM_SEVERITIES,
  PROBLEM_STATUSES,
  rebuildStatusShape,
  REPORT_FORMATS,
  reportFileShape,
  reportPeriodShape,
  semesterRecapShape,
  SLA_DIMENSIONS,
  slaBreakdownShape,
  storedReportShape,
  websiteProblemShape,
} from './views';

/**
 * Commands the reporting service serves. Owned by the reporting service.
 *
 * Reads are scoped to the request's `office`; the gateway names the caller, internal
 * readers (benchmarks, the runtime) may leave the actor out. Problem records and rebuilds
 * are done once per idempotency key: the body's `idempotencyKey`, else the
 * `Idempotency-Key` header (400 `invalid-request` without either).
 */

export const monthCode = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('A month, `YYYY-MM`, in the office time zone.');
export const semesterCode = z
  .string()
  .regex(/^\d{4}-S[12]$/)
  .describe('A semester: `YYYY-S1` (January–June) or `YYYY-S2` (July–December).');
export const periodCode = z
  .string()
  .regex(/^\d{4}-((0[1-9]|1[0-2])|S[12])$/)
  .describe('A month (`YYYY-MM`) or a semester (`YYYY-S1`, `YYYY-S2`).');
export const reportFormat = z
  .enum(REPORT_FORMATS)
  .describe('`pdf`: the official report; `xlsx`: a workbook; `csv`: plain data; `json`: the document model.');
/** A report's code: `monthly`, `website-problem-inventory`, … (the service knows which exist). */
const reportCode = z.string().min(1).max(64);

/** A read of an office's reports: the caller envelope, the actor optional for internal readers. */
const reader = { ...callerFields, actor: actorShape.optional() };
/** A change: the caller envelope with who acts; the key may come as the header instead. */
const writer = { ...callerFields, idempotencyKey: idempotencyKeyShape.optional() };
/** Platform-wide requests: no office; the gateway says it checked the platform admin. */
const platform = { actor: actorShape, platformAdmin: z.boolean() };

const reportGenerate = defineCommand('reporting.report.generate', {
  description:
    'An automatic step of a recurring run: build the report the definition names (e.g. the monthly recap of ' +
    'posts and readers) for the period. Idempotent per key.',
  request: z.object({
    ...officeFields,
    idempotencyKey: idempotencyKeyShape,
    report: reportCode,
    period: reportPeriodShape.optional(),
    run: z.object({
      workflowId: z.string().min(1).max(300),
      stepId: z.string().min(1).max(200),
      definitionKey: z.string().min(1).max(200),
    }),
  }),
  response: z.object({ reportId: z.string(), title: z.string(), url: z.string().optional() }),
  errors: [E['unknown-report'], E['invalid-period']],
});

const reportsList = defineCommand('reporting.reports.list', {
  description: 'Reports stored by `report.generate`, newest first.',
  request: z.object({
    ...reader,
    report: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  response: z.object({ reports: z.array(storedReportShape) }),
});

const reportDownload = defineCommand('reporting.report.download', {
  description: 'One stored report rendered as a file (the JSON format is its document model).',
  request: z.object({ ...reader, reportId: z.uuid(), format: reportFormat }),
  response: reportFileShape,
  errors: [E['report-not-found'], E['unknown-report'], E['invalid-period']],
});

const recapMonthly = defineCommand('reporting.recap.monthly', {
  description: "An office's monthly recap.",
  request: z.object({ ...reader, month: monthCode }),
  response: monthlyRecapShape,
  errors: [E['invalid-period']],
});

const recapSemester = defineCommand('reporting.recap.semester', {
  description: "An office's semester recap, with each month's summary.",
  request: z.object({ ...reader, semester: semesterCode }),
  response: semesterRecapShape,
  errors: [E['invalid-period']],
});

const recapExport = defineCommand('reporting.recap.export', {
  description:
    'A report built now for a period and rendered: a recap (`monthly`, `semester`), or any report code ' +
    '(`website-problem-inventory`, `live-link-archive`, `archive`, …). `date` (YYYY-MM-DD) is the date ' +
    'printed above the signature (default: today, office time).',
  request: z.object({
    ...reader,
    report: reportCode,
    period: periodCode,
    format: reportFormat,
    date: z.iso
      .date()
      .optional()
      .describe('Date above the signature, `YYYY-MM-DD` (default: today, office time).'),
  }),
  response: reportFileShape,
  errors: [E['unknown-report'], E['invalid-period']],
});

const slaBreakdown = defineCommand('reporting.sla.breakdown', {
  description: 'SLA compliance grouped by one dimension, months `from`..`to` inclusive.',
  request: z.object({ ...reader, by: z.enum(SLA_DIMENSIONS), from: monthCode, to: monthCode }),
  response: slaBreakdownShape,
  errors: [E['invalid-period']],
});

const chartsGet = defineCommand('reporting.charts.get', {
  description:
    "Series for the console's charts: by month between `from` and `to`, or by day within one month.",
  request: z.object({
    ...reader,
    chart: z.enum(CHART_KINDS),
    from: monthCode,
    to: monthCode,
    granularity: z.enum(['month', 'day']).optional().describe('`day`: one month (`from` = `to`) day by day.'),
  }),
  response: chartSeriesShape,
  errors: [E['invalid-period']],
});

const platformComparison = defineCommand('reporting.platform.comparison', {
  description:
    'Every office side by side for a month or a semester. Platform admins only (`platformAdmin: true`).',
  request: z.object({ ...platform, period: periodCode }),
  response: platformComparisonShape,
  errors: [E['invalid-period']],
});

const problemsList = defineCommand('reporting.problems.list', {
  description: 'The website problem inventory, newest first.',
  request: z.object({
    ...reader,
    status: z.enum(PROBLEM_STATUSES).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  response: z.object({ problems: z.array(websiteProblemShape) }),
});

const problemGet = defineCommand('reporting.problem.get', {
  description: 'One entry of the website problem inventory.',
  request: z.object({ ...reader, problemId: z.uuid() }),
  response: websiteProblemShape,
  errors: [E['problem-not-found']],
});

const title = z.string().trim().min(1).max(300);
const description = z.string().trim().min(1).max(5000);

const problemCreate = defineCommand('reporting.problem.create', {
  description: 'Logs a website problem (status `open`). Once per idempotency key.',
  request: z.object({
    ...writer,
    title,
    description,
    category: z.enum(PROBLEM_CATEGORIES),
    severity: z.enum(PROBLEM_SEVERITIES),
  }),
  response: websiteProblemShape,
});

const problemUpdate = defineCommand('reporting.problem.update', {
  description:
    'Changes a problem: fields, status, resolution. Resolving needs a resolution text. Once per idempotency key.',
  request: z.object({
    ...writer,
    problemId: z.uuid(),
    title: title.optional(),
    description: description.optional(),
    category: z.enum(PROBLEM_CATEGORIES).optional(),
    severity: z.enum(PROBLEM_SEVERITIES).optional(),
    status: z.enum(PROBLEM_STATUSES).optional(),
    resolution: z.string().trim().max(5000).optional().describe('Required to resolve a problem.'),
  }),
  response: websiteProblemShape,
  errors: [E['problem-not-found'], E['resolution-required']],
});

const projectionsRebuild = defineCommand('reporting.projections.rebuild', {
  description: 'Starts rebuilding every projection from the streams (platform admins).',
  request: z.object({ ...platform, idempotencyKey: idempotencyKeyShape.optional() }),
  response: rebuildStatusShape,
  errors: [E['rebuild-running']],
});

const projectionsStatus = defineCommand('reporting.projections.status', {
  description: 'The latest rebuild, if any.',
  request: z.object(platform),
  response: z.object({ rebuild: rebuildStatusShape.optional() }),
});

export const REPORTING_COMMAND_DEFINITIONS = registerCommands(
  reportGenerate,
  reportsList,
  reportDownload,
  recapMonthly,
  recapSemester,
  recapExport,
  slaBreakdown,
  chartsGet,
  platformComparison,
  problemsList,
  problemGet,
  problemCreate,
  problemUpdate,
  projectionsRebuild,
  projectionsStatus,
);

export type ReportingCommands = ContractsOf<typeof REPORTING_COMMAND_DEFINITIONS>;
