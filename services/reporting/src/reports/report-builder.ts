import { Injectable } from '@nestjs/common';
import { localDate } from '@tatalaman/working-time';
import { DataSource } from 'typeorm';
import { type ReportDocument, signatoryOf } from '../exports/document';
import { ProblemsService } from '../problems/problems.service';
import { type Period, periodInstants } from '../recaps/periods';
import { RecapService } from '../recaps/recap.service';
import { REPORTS, reportTitle, resolveReport } from './registry';

export interface BuildOptions {
  /** Local date above the signature, `YYYY-MM-DD`. */
  date?: string;
  /** When the document is made (ISO); defaults to now. */
  createdAt?: string;
}

/**
 * Builds report documents from the projections and the owned tables: the head every
 * report shares (office, period, date, signatory), and the body of the report named,
 * from the registry. The same document feeds every format (exports/render.ts) and is
 * what report.generate stores.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly ds: DataSource,
    private readonly recaps: RecapService,
    private readonly problems: ProblemsService,
  ) {}

  /** The report code behind a name or alias, or undefined when unknown. */
  resolve(report: string): string | undefined {
    return resolveReport(report);
  }

  async build(
    report: string,
    office: string,
    period: Period,
    options: BuildOptions = {},
  ): Promise<ReportDocument> {
    const code = this.resolve(report);
    if (!code) throw new Error(`unknown report ${report}`);
    const header = await this.recaps.header(office);
    const createdAt = options.createdAt ?? new Date().toISOString();
    const instants = periodInstants(period, header.timeZone);
    const base = {
      report: code,
      title: reportTitle(code),
      office: header,
      period: { code: period.code, title: period.title, ...instants },
      date: options.date ?? localDate(Date.parse(createdAt), header.timeZone),
      createdAt,
      signatory: signatoryOf(header),
    };
    const notes: string[] = [];
    if (header.calendar === 'default') {
      notes.push(
        'Kalender kerja kantor tidak ditemukan; waktu kerja dihitung dengan kalender kerja standar (Senin–Kamis 07.30–16.00, Jumat 07.30–16.30).',
      );
    }
    const body = await REPORTS[code]!.build({
      code,
      office,
      header,
      period,
      instants,
      ds: this.ds,
      recaps: this.recaps,
      problems: this.problems,
    });
    return { ...base, ...body, notes: [...notes, ...body.notes] };
  }
}
