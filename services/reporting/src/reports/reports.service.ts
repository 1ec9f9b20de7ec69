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
import { fail } from '../common/failures';
import { fingerprintOf } from '../common/idempotency';
import { one, rows } from '../common/sql';
import { type ReportDocument } from '../exports/document';
import { renderFile } from '../exports/render';
import { OfficeDirectory } from '../offices/office-directory';
import { parsePeriod, type Period, PeriodError, periodFromRun, previousMonth } from '../recaps/periods';
import { ReportBuilder, REPORT_TITLES } from './builders';

interface StoredRow {
  id: string;
  office: string;
  report: string;
  title: string;
  period_from: Date;
  period_to: Date;
  period_label: string;
  fingerprint: string;
  run_workflow_id: string | null;
  run_step_id: string | null;
  definition_key: string | null;
  created_at: Date;
}

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
    const fingerprint = fingerprintOf('reporting.report.generate', {
      report: request.report,
      period: request.period ?? null,
      run,
    });
    const existing = await this.byKey(office, idempotencyKey);
    if (existing) return this.answer(existing, fingerprint);

    const info = await this.directory.get(office);
    const period: Period = request.period
      ? periodFromRun(request.period, info.timeZone)
      : parsePeriod(previousMonth(Date.now(), info.timeZone));
    const document = await this.builder.build(code, office, period);
    const id = randomUUID();
    const title = `${REPORT_TITLES[code]} — ${period.title}`;
    await this.ds.query(
      `INSERT INTO reporting.reports
         (id, office, report, title, period_from, period_to, period_label, idempotency_key, fingerprint,
          run_workflow_id, run_step_id, definition_key, document, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (office, idempotency_key) DO NOTHING`,
      [
        id,
        office,
        code,
        title,
        document.period.from,
        document.period.to,
        period.code,
        idempotencyKey,
        fingerprint,
        run.workflowId,
        run.stepId,
        run.definitionKey,
        JSON.stringify(document),
        document.createdAt,
      ],
    );
    // A concurrent retry may have stored its own first: everyone answers with the stored one.
    const stored = (await this.byKey(office, idempotencyKey))!;
    if (stored.id === id)
      this.logger.log(`${office}: ${code} ${period.code} stored as ${id} (run ${run.workflowId})`);
    return this.answer(stored, fingerprint);
  }

  async list(office: string, report?: string, limit = 50): Promise<StoredReportView[]> {
    const found = await rows<StoredRow>(
      this.ds,
      `SELECT id, office, report, title, period_from, period_to, period_label, fingerprint, run_workflow_id,
              run_step_id, definition_key, created_at
       FROM reporting.reports WHERE office = $1 AND ($2::text IS NULL OR report = $2)
       ORDER BY created_at DESC, id LIMIT $3`,
      [office, report ?? null, limit],
    );
    return found.map(toView);
  }

  async download(office: string, reportId: string, format: ReportFormat): Promise<ReportFile> {
    const row = await one<{ document: ReportDocument }>(
      this.ds,
      `SELECT document FROM reporting.reports WHERE office = $1 AND id = $2`,
      [office, reportId],
    );
    if (!row) throw fail.reportNotFound();
    return renderFile(row.document, format);
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

  private async byKey(office: string, key: string): Promise<StoredRow | undefined> {
    return one<StoredRow>(
      this.ds,
      `SELECT id, office, report, title, period_from, period_to, period_label, fingerprint, run_workflow_id,
              run_step_id, definition_key, created_at
       FROM reporting.reports WHERE office = $1 AND idempotency_key = $2`,
      [office, key],
    );
  }

  private answer(row: StoredRow, fingerprint: string) {
    if (row.fingerprint !== fingerprint) throw fail.keyReused();
    return { reportId: row.id, title: row.title, url: reportUrl(row.office, row.id) };
  }
}
