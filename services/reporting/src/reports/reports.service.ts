import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  type CommandParsed,
  type CommandResponse,
  type ReportFile,
  type ReportFormat,
  type StoredReportView,
} from '@tatalaman/contracts';
import { localDate, zonedTimeToUtc } from '@tatalaman/working-time';
import { DataSource } from 'typeorm';
import { canonicalHash } from '@tatalaman/messaging';
import { fail } from '../common/failures';
import { type ReportDocument } from '../exports/document';
import { renderFile } from '../exports/render';
import { OfficeDirectory } from '../offices/office-directory';
import { parsePeriod, type Period, PeriodError, periodFromRun, previousMonth } from '../recaps/periods';
import { ReportBuilder } from './report-builder';
import { reportTitle } from './registry';
import {
  insertReport,
  storedDocument,
  storedReportByKey,
  storedReports,
  type StoredRow,
} from './reports.queries';

export function reportUrl(office: string, reportId: string): string {
  return `/api/v1/offices/${office}/reports/generated/${reportId}/download`;
}

function toView(r: StoredRow): StoredReportView {
  return {
    reportId: r.id,
    office: r.office,
    report: r.report,
    title: r.title,
    period: { from: r.period_from.toISOString(), to: r.period_to.toISOString(), label: r.period_label },
    createdAt: r.created_at.toISOString(),
    ...(r.run_workflow_id
      ? {
          run: {
            workflowId: r.run_workflow_id,
            stepId: r.run_step_id ?? '',
            definitionKey: r.definition_key ?? '',
          },
        }
      : {}),
    url: reportUrl(r.office, r.id),
  };
}

/**
 * Reports as files: built on demand for a period (exports), or built once and stored for
 * a recurring run (report.generate), so what was attached to the evaluation task can be
 * downloaded later exactly as it was.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly ds: DataSource,
    private readonly builder: ReportBuilder,
    private readonly directory: OfficeDirectory,
  ) {}

  /** Builds and stores the named report once per (office, idempotency key). */
  async generate(
    request: CommandParsed<'reporting.report.generate'>,
  ): Promise<CommandResponse<'reporting.report.generate'>> {
    const { office, idempotencyKey, run } = request;
    const code = this.builder.resolve(request.report);
    if (!code) throw fail.unknownReport(request.report);
    // Hashed as before the stores were one, so stored reports keep matching their retries.
    const fingerprint = canonicalHash(
      { report: request.report, period: request.period ?? null, run },
      'reporting.report.generate',
    );
    const existing = await storedReportByKey(this.ds, office, idempotencyKey);
    if (existing) return this.answer(existing, fingerprint);

    const info = await this.directory.get(office);
    const period: Period = request.period
      ? periodFromRun(request.period, info.timeZone)
      : parsePeriod(previousMonth(Date.now(), info.timeZone));
    const document = await this.builder.build(code, office, period);
    const id = randomUUID();
    const title = `${reportTitle(code)} — ${period.title}`;
    await insertReport(this.ds, {
      id,
      office,
      report: code,
      title,
      periodFrom: document.period.from,
      periodTo: document.period.to,
      periodLabel: period.code,
      idempotencyKey,
      fingerprint,
      run,
      document,
    });
    // A concurrent retry may have stored its own first: everyone answers with the stored one.
    const stored = (await storedReportByKey(this.ds, office, idempotencyKey))!;
    if (stored.id === id)
      this.logger.log(`${office}: ${code} ${period.code} stored as ${id} (run ${run.workflowId})`);
    return this.answer(stored, fingerprint);
  }

  async list(office: string, report?: string, limit = 50): Promise<StoredReportView[]> {
    const found = await storedReports(this.ds, office, report ?? null, limit);
    return found.map(toView);
  }

  async download(office: string, reportId: string, format: ReportFormat): Promise<ReportFile> {
    const document = await storedDocument(this.ds, office, reportId);
    if (!document) throw fail.reportNotFound();
    return renderFile(document, format);
  }

  /**
   * A report built now. Its creation date is midnight of `date` (default today) in the
   * office's zone, so exporting the same projections on the same day gives the same bytes.
   */
  async exportNow(office: string, report: string, periodCode: string, format: ReportFormat, date?: string) {
    const code = this.builder.resolve(report);
    if (!code) throw fail.unknownReport(report);
    let period: Period;
    try {
      period = parsePeriod(periodCode);
    } catch (error) {
      if (error instanceof PeriodError) throw fail.invalidPeriod(periodCode);
      throw error;
    }
    const document = await this.document(office, code, period, date);
    return renderFile(document, format);
  }

  async document(office: string, code: string, period: Period, date?: string): Promise<ReportDocument> {
    const info = await this.directory.get(office);
    const day = date ?? localDate(Date.now(), info.timeZone);
    const createdAt = new Date(zonedTimeToUtc(day, '00:00', info.timeZone)).toISOString();
    return this.builder.build(code, office, period, { date: day, createdAt });
  }

  private answer(row: StoredRow, fingerprint: string) {
    if (row.fingerprint !== fingerprint) throw fail.keyReused();
    return { reportId: row.id, title: row.title, url: reportUrl(row.office, row.id) };
  }
}
