import {
  REPORTING_COMMAND_DEFINITIONS as R,
  monthlyRecapShape,
  officeHeaderShape,
  platformComparisonShape,
  rebuildStatusShape,
  recapSummaryShape,
  semesterRecapShape,
  slaBreakdownShape,
  slaFiguresShape,
  slaRowShape,
  storedReportShape,
  titledPeriodShape,
  websiteProblemShape,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, bodyFromCommand } from '../../http/schemas';
import { numberQuery } from '../shared';

// Bodies, queries and views of the reporting contracts (libs/contracts/src/commands/reporting):
// the edge adds only names and query coercion.

const described = <S extends z.ZodType>(name: string, schema: S) =>
  apiSchema(name, schema, schema.description);

export const ReportPeriodView = described('ReportPeriod', titledPeriodShape);
export const ReportOfficeView = described('ReportOffice', officeHeaderShape);
export const SlaFiguresView = described('ReportSlaFigures', slaFiguresShape);
export const SlaRowView = described('ReportSlaRow', slaRowShape);
export const RecapSummaryView = described('RecapSummary', recapSummaryShape);
export const MonthlyRecapView = described('MonthlyRecap', monthlyRecapShape);
export const SemesterRecapView = described('SemesterRecap', semesterRecapShape);
export const SlaBreakdownView = described('SlaBreakdown', slaBreakdownShape);
export const ReportChartView = described('ReportChart', R['reporting.charts.get'].response);
export const PlatformComparisonView = described('PlatformComparison', platformComparisonShape);
export const WebsiteProblemView = described('WebsiteProblem', websiteProblemShape);
export const WebsiteProblemList = apiSchema('WebsiteProblemList', R['reporting.problems.list'].response);
export const GeneratedReportView = described('GeneratedReport', storedReportShape);
export const GeneratedReportList = apiSchema('GeneratedReportList', R['reporting.reports.list'].response);
export const ProjectionRebuildView = described('ProjectionRebuild', rebuildStatusShape);
export const ProjectionRebuildStatus = apiSchema(
  'ProjectionRebuildStatus',
  R['reporting.projections.status'].response,
);

export const CreateWebsiteProblemBody = bodyFromCommand(
  'CreateWebsiteProblemBody',
  R['reporting.problem.create'],
  {
    description: 'A website problem to log (it starts open).',
  },
);
export type CreateWebsiteProblemBody = z.infer<typeof CreateWebsiteProblemBody>;

export const UpdateWebsiteProblemBody = bodyFromCommand(
  'UpdateWebsiteProblemBody',
  R['reporting.problem.update'],
  {
    omit: { problemId: true },
    description: 'Changes to a logged problem: its fields, status and resolution.',
  },
);
export type UpdateWebsiteProblemBody = z.infer<typeof UpdateWebsiteProblemBody>;

// ---- query strings: the contracts' fields, numbers coerced from text --------------------

const monthly = R['reporting.recap.monthly'].request.shape;
const exported = R['reporting.recap.export'].request.shape;

export const MonthQuery = z.object({ month: monthly.month });
export const SemesterQuery = z.object({ semester: R['reporting.recap.semester'].request.shape.semester });
export const ExportQuery = z.object({
  period: exported.period,
  format: exported.format,
  date: exported.date,
});
export type ExportQuery = z.infer<typeof ExportQuery>;
export const SlaQuery = R['reporting.sla.breakdown'].request.pick({ by: true, from: true, to: true });
export type SlaQuery = z.infer<typeof SlaQuery>;
export const ChartParams = R['reporting.charts.get'].request.pick({ chart: true });
export type ChartParams = z.infer<typeof ChartParams>;
export const ChartQuery = R['reporting.charts.get'].request.pick({ from: true, to: true, granularity: true });
export type ChartQuery = z.infer<typeof ChartQuery>;

const generated = R['reporting.reports.list'].request.shape;
export const GeneratedQuery = z.object({
  report: generated.report,
  limit: numberQuery(generated.limit).optional(),
});
export type GeneratedQuery = z.infer<typeof GeneratedQuery>;
export const GeneratedParams = R['reporting.report.download'].request.pick({ reportId: true });
export const DownloadQuery = z.object({
  format: R['reporting.report.download'].request.shape.format.default('pdf'),
});
export const ProblemParams = R['reporting.problem.get'].request.pick({ problemId: true });

const problems = R['reporting.problems.list'].request.shape;
export const ProblemsQuery = z.object({
  status: problems.status,
  limit: numberQuery(problems.limit).optional(),
});
export type ProblemsQuery = z.infer<typeof ProblemsQuery>;
export const PlatformQuery = R['reporting.platform.comparison'].request.pick({ period: true });
