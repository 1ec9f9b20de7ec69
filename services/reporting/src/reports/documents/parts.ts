// What the report documents share: how a column is declared, the labels of the problem
// inventory and of step decisions, the SLA columns and notes, and what a builder is given.
import {
  type MonthlyRecap,
  type OfficeHeader,
  type ProblemCategory,
  type ProblemSeverity,
  type ProblemStatus,
  type SlaFigures,
  type SlaRow,
} from '@tatalaman/contracts';
import type { DataSource } from 'typeorm';
import type { Cell, DocColumn, DocSummaryItem, ReportDocument } from '../../exports/document';
import type { ProblemsService } from '../../problems/problems.service';
import type { Period } from '../../recaps/periods';
import type { RecapService } from '../../recaps/recap.service';

/** What a document adds to the common head: its figures, tables and notes. */
export type ReportBody = Pick<ReportDocument, 'summary' | 'tables' | 'notes'>;

/** What a report's builder reads from, for one office and period. */
export interface ReportContext {
  code: string;
  office: string;
  header: OfficeHeader;
  period: Period;
  /** The period's bounds as instants in the office's zone. */
  instants: { from: string; to: string };
  ds: DataSource;
  recaps: RecapService;
  problems: ProblemsService;
}

export const col = (
  key: string,
  label: string,
  kind: DocColumn['kind'] = 'text',
  weight?: number,
  pdf: Pick<DocColumn, 'short' | 'maxChars'> = {},
): DocColumn => ({
  key,
  label,
  kind,
  ...(weight ? { weight } : {}),
  ...pdf,
});

export const CATEGORY_LABELS: Record<ProblemCategory, string> = {
  content: 'Konten',
  display: 'Tampilan',
  network: 'Jaringan',
  server: 'Server/hosting',
  security: 'Keamanan',
  domain: 'Domain',
  email: 'Email',
  other: 'Lainnya',
};
export const SEVERITY_LABELS: Record<ProblemSeverity, string> = {
  low: 'Rendah',
  medium: 'Sedang',
  high: 'Tinggi',
  critical: 'Kritis',
};
export const STATUS_LABELS: Record<ProblemStatus, string> = {
  open: 'Terbuka',
  'in-progress': 'Sedang ditangani',
  resolved: 'Selesai',
};
export const DECISION_LABELS: Record<string, string> = {
  complete: 'selesai',
  approve: 'disetujui',
  'send-back': 'dikembalikan',
  reject: 'ditolak',
  skip: 'dilewati',
  postpone: 'ditunda',
  published: 'ditayangkan',
  automatic: 'otomatis',
  handoff: 'diserahkan otomatis',
  cancelled: 'dibatalkan',
};

export const SLA_COLUMNS = (first: string): DocColumn[] => [
  col('label', first, 'text', 3, { maxChars: 70 }),
  col('closed', 'Selesai', 'int', 0.9),
  col('timed', 'Berstandar waktu', 'int', 1, { short: 'Ber-standar' }),
  col('withinLimit', 'Dalam batas', 'int', 0.9, { short: 'Dalam batas' }),
  col('compliance', 'Kepatuhan', 'ratio', 1.1, { short: 'Kepatuh-an' }),
  col('targetCompliance', 'Tepat target', 'ratio', 1.1),
  col('breached', 'Melampaui', 'int', 1, { short: 'Lewat batas' }),
  col('sendBacks', 'Dikembalikan', 'int', 1, { short: 'Kem-bali' }),
  col('waitingMs', 'Waktu tunggu', 'ms', 1.3, { short: 'Tunggu' }),
  col('workingMs', 'Waktu kerja', 'ms', 1.3, { short: 'Kerja' }),
  col('reworkMs', 'Pengerjaan ulang', 'ms', 1.3, { short: 'Ulang' }),
  col('avgMs', 'Rata-rata per langkah', 'ms', 1.3, { short: 'Rata-rata' }),
  col('savedMinutes', 'Serah terima dihemat', 'minutes', 1.2, { short: 'Dihemat' }),
];

export function slaRows(rows: SlaRow[]): Record<string, Cell>[] {
  return rows.map((r) => ({ ...slaCells(r), label: r.label }));
}

function slaCells(f: SlaFigures): Record<string, Cell> {
  return {
    closed: f.closed,
    timed: f.timed,
    withinLimit: f.withinLimit,
    compliance: f.compliance,
    targetCompliance: f.targetCompliance,
    breached: f.breached,
    sendBacks: f.sendBacks,
    waitingMs: f.waitingMs,
    workingMs: f.workingMs,
    reworkMs: f.reworkMs,
    avgMs: f.avgMs,
    savedMinutes: f.handoffs ? f.savedMinutes : null,
  };
}

export const SLA_NOTES = [
  'Semua durasi dihitung dalam jam kerja kantor menurut kalender kerja kantor.',
  'Waktu tunggu: sejak langkah dibuka sampai tugas diambil (klaim) pertama kali; bila tidak pernah diambil, seluruh durasi langkah.',
  'Waktu kerja: sejak tugas diambil sampai keputusan. Pengerjaan ulang: durasi langkah yang dibuka kembali karena dikembalikan, dibebankan pada langkah yang mengembalikan.',
];

export function complianceItem(recap: MonthlyRecap): DocSummaryItem {
  const f = recap.summary.sla;
  return {
    label: 'Kepatuhan standar waktu',
    value: f.timed ? f.compliance : 'Tidak ada langkah berstandar waktu',
    kind: 'ratio',
  };
}
