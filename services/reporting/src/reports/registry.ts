// The reports reporting can build: each report's code, its title (Bahasa Indonesia) and the
// builder of its document (documents/*.ts), plus the short names the export API takes.
import { archive } from './documents/archive';
import { liveLinks } from './documents/live-links';
import type { ReportBody, ReportContext } from './documents/parts';
import { problemInventory } from './documents/problem-inventory';
import { recapReport } from './documents/recap';
import { slaCompliance } from './documents/sla-compliance';
import { websiteCondition } from './documents/website-condition';

export interface ReportKind {
  title: string;
  build(ctx: ReportContext): Promise<ReportBody>;
}

export const REPORTS: Readonly<Record<string, ReportKind>> = {
  'monthly-recap': { title: 'Rekapitulasi Bulanan Pengelolaan Website', build: recapReport },
  'semester-recap': { title: 'Rekapitulasi Semester Pengelolaan Website', build: recapReport },
  'monthly-recap-posts-readers': { title: 'Rekapitulasi Postingan dan Jumlah Pembaca', build: recapReport },
  'evaluation-recap': { title: 'Rekap Evaluasi Capaian Pengelolaan Website', build: recapReport },
  'monthly-evaluation': { title: 'Evaluasi Bulanan Capaian Pengelolaan Website', build: recapReport },
  'semester-evaluation': { title: 'Evaluasi Semester Capaian Pengelolaan Website', build: recapReport },
  'website-condition-report': { title: 'Laporan Kondisi Website', build: websiteCondition },
  'website-problem-inventory': {
    title: 'Inventarisasi Permasalahan Website/Jaringan',
    build: problemInventory,
  },
  archive: { title: 'Arsip Konten Website', build: archive },
  'live-link-archive': { title: 'Arsip Tautan Aktif', build: liveLinks },
  'offline-documentation': { title: 'Dokumentasi Luring Publikasi', build: archive },
  'sla-compliance': { title: 'Kepatuhan Standar Waktu Pelaksanaan SOP', build: slaCompliance },
};

/** Short names the export API also takes. */
const REPORT_ALIASES: Readonly<Record<string, string>> = {
  monthly: 'monthly-recap',
  semester: 'semester-recap',
  problems: 'website-problem-inventory',
  sla: 'sla-compliance',
};

/** The report code behind a name or alias, or undefined when unknown. */
export function resolveReport(name: string): string | undefined {
  // Own keys only: a caller's "constructor" or "__proto__" names no report.
  const code = Object.hasOwn(REPORT_ALIASES, name) ? REPORT_ALIASES[name]! : name;
  return Object.hasOwn(REPORTS, code) ? code : undefined;
}

/** The title of a resolved report code. */
export const reportTitle = (code: string): string => REPORTS[code]!.title;
