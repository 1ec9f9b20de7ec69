import { type OfficeHeader } from '@tatalaman/contracts';

/** How a value is written: numbers, shares, durations and instants each have their form. */
export type CellKind = 'text' | 'int' | 'ratio' | 'ms' | 'minutes' | 'datetime' | 'date';

export type Cell = string | number | null;

export interface DocColumn {
  key: string;
  label: string;
  kind: CellKind;
  /** Relative width in the PDF (default by kind). */
  weight?: number;
  /** A shorter heading for the PDF's narrow columns. */
  short?: string;
  /** The PDF cuts longer text with "…" (the data formats keep all of it). */
  maxChars?: number;
}

export interface DocTable {
  /** Sheet name in the workbook (at most 31 characters). */
  sheet: string;
  title: string;
  columns: DocColumn[];
  rows: Record<string, Cell>[];
  /** Shown instead of an empty table. */
  empty: string;
}

export interface DocSummaryItem {
  label: string;
  value: Cell;
  kind: CellKind;
}

/**
 * A report as data: what every format (JSON, CSV, XLSX, PDF) renders. Built once from
 * the projections (and stored as such by report.generate), so its renderings agree.
 * Everything in it is Bahasa Indonesia.
 */
export interface ReportDocument {
  report: string;
  title: string;
  office: OfficeHeader;
  period: { code: string; title: string; from: string; to: string };
  /** The local date printed above the signature, `YYYY-MM-DD`. */
  date: string;
  /** When it was made (the PDF's creation date): fixed per document, so renderings repeat byte for byte. */
  createdAt: string;
  summary: DocSummaryItem[];
  tables: DocTable[];
  notes: string[];
  /** Who signs "Mengetahui": e.g. "Sekretaris KPU Kota Palu". */
  signatory: string;
}

/** KPU offices sign as their Sekretaris; other agencies as their head. */
export function signatoryOf(office: OfficeHeader): string {
  return isKpu(office) ? `Sekretaris ${office.name}` : `Kepala ${office.name}`;
}

export function isKpu(office: OfficeHeader): boolean {
  return (office.kind ?? '').startsWith('kpu') || /^(KPU|Komisi Pemilihan Umum)\b/i.test(office.name);
}

/** The lines of the letterhead: "KOMISI PEMILIHAN UMUM" and the office's area for KPU offices. */
export function letterhead(office: OfficeHeader): string[] {
  if (isKpu(office)) {
    const area = office.name.replace(/^(KPU|Komisi Pemilihan Umum)\s*/i, '').trim();
    return ['KOMISI PEMILIHAN UMUM', (area || office.name).toUpperCase()];
  }
  return [office.name.toUpperCase()];
}
